package io.rtcd.cli;

import io.rtcd.api.ApiConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The TLS part of {@code rtcd check}: the certificate file's dates and whether its names cover the host. */
final class CheckTls {
    static final Duration RENEW_WITHIN = Duration.ofDays(14);

    private CheckTls() {}

    static CheckResult check(ApiConfig api, String host, Instant now) {
        if (!api.tlsEnable()) {
            return CheckResult.skip("tls", "off (api.http.tls.enable = false): put a TLS proxy in front for browsers");
        }
        X509Certificate cert;
        try (InputStream in = Files.newInputStream(Path.of(api.tlsCertFile()))) {
            cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        } catch (IOException | CertificateException | ClassCastException e) {
            return CheckResult.fail(
                    "tls",
                    "cannot read a certificate from api.http.tls.cert_file " + api.tlsCertFile(),
                    "point api.http.tls.cert_file at a PEM certificate (chain) the server can read");
        }
        return check(cert, host, now);
    }

    static CheckResult check(X509Certificate cert, String host, Instant now) {
        Instant notBefore = cert.getNotBefore().toInstant();
        Instant notAfter = cert.getNotAfter().toInstant();
        List<String> names = names(cert);
        String dates = "valid " + notBefore + " to " + notAfter;
        if (now.isAfter(notAfter)) {
            return CheckResult.fail("tls", "certificate expired at " + notAfter, "renew it (then restart rtcd)");
        }
        if (now.isBefore(notBefore)) {
            return CheckResult.fail(
                    "tls",
                    "certificate not valid before " + notBefore,
                    "check the clock, or use a current certificate");
        }
        if (!matches(names, host)) {
            return CheckResult.fail(
                    "tls",
                    "certificate names " + names + " do not cover " + host + " (" + dates + ")",
                    "use a certificate for the name browsers use, or --url with that name");
        }
        if (Duration.between(now, notAfter).compareTo(RENEW_WITHIN) < 0) {
            return CheckResult.warn("tls", "certificate for " + host + " expires at " + notAfter, "renew it soon");
        }
        return CheckResult.ok("tls", "certificate for " + host + " " + dates);
    }

    static List<String> names(X509Certificate cert) {
        List<String> names = new ArrayList<>();
        try {
            if (cert.getSubjectAlternativeNames() != null) {
                for (List<?> san : cert.getSubjectAlternativeNames()) {
                    Object type = san.get(0);
                    if (Integer.valueOf(2).equals(type) || Integer.valueOf(7).equals(type)) { // dNSName, iPAddress
                        names.add(String.valueOf(san.get(1)));
                    }
                }
            }
        } catch (CertificateParsingException e) {
            // no readable SANs: fall back to the subject's CN below
        }
        if (names.isEmpty()) {
            java.util.regex.Matcher cn = java.util.regex.Pattern.compile("CN=([^,]+)")
                    .matcher(cert.getSubjectX500Principal().getName());
            if (cn.find()) {
                names.add(cn.group(1));
            }
        }
        return names;
    }

    static boolean matches(List<String> names, String host) {
        String h = host.toLowerCase(Locale.ROOT);
        for (String n : names) {
            String name = n.toLowerCase(Locale.ROOT);
            if (name.equals(h)) {
                return true;
            }
            if (name.startsWith("*.")
                    && h.endsWith(name.substring(1))
                    && h.indexOf('.') == h.length() - name.length() + 1) {
                return true;
            }
        }
        return false;
    }
}
