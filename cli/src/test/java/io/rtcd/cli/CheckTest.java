package io.rtcd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Set;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;

/** The judgements of {@code rtcd check} that need no network: candidates and TLS certificates. */
class CheckTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-12-08T00:00:00Z");

    private static JsonNode candidates(String... addresses) {
        var array = JSON.createArrayNode();
        for (String a : addresses) {
            array.addObject().put("transport", "udp").put("address", a).put("port", 8443);
        }
        return array;
    }

    @Test
    void candidatesAreThisMachinesOrTheOverride() {
        Set<String> local = Set.of("127.0.0.1", "10.0.0.5");
        assertEquals(
                CheckResult.Status.OK,
                CheckProbes.candidates(candidates("10.0.0.5"), "", local).status());
        assertEquals(
                CheckResult.Status.OK,
                CheckProbes.candidates(candidates("203.0.113.7"), "203.0.113.7", local)
                        .status());
        assertEquals(
                CheckResult.Status.OK,
                CheckProbes.candidates(candidates("203.0.113.7"), "203.0.113.7/10.0.0.5", local)
                        .status());
        CheckResult stale = CheckProbes.candidates(candidates("192.0.2.9"), "", local);
        assertEquals(CheckResult.Status.FAIL, stale.status());
        assertTrue(stale.line().contains("[192.0.2.9] is neither an address of this machine"), stale.line());
        assertTrue(stale.line().contains("- fix: correct rtc.ice_host_override"), stale.line());
        assertEquals(
                CheckResult.Status.WARN,
                CheckProbes.candidates(candidates("127.0.0.1"), "", local).status());
        assertEquals(
                CheckResult.Status.FAIL,
                CheckProbes.candidates(candidates(), "", local).status());
    }

    @Test
    void tlsCertificateDatesAndNames() throws Exception {
        X509Certificate cert =
                certificate("rtc.example.org", NOW.minus(Duration.ofDays(10)), NOW.plus(Duration.ofDays(60)));
        assertEquals(
                CheckResult.Status.OK,
                CheckTls.check(cert, "rtc.example.org", NOW).status());
        CheckResult wrongName = CheckTls.check(cert, "other.example.org", NOW);
        assertEquals(CheckResult.Status.FAIL, wrongName.status());
        assertTrue(wrongName.message().contains("do not cover other.example.org"), wrongName.message());
        assertEquals(
                CheckResult.Status.FAIL,
                CheckTls.check(cert, "rtc.example.org", NOW.plus(Duration.ofDays(61)))
                        .status());
        assertEquals(
                CheckResult.Status.WARN,
                CheckTls.check(cert, "rtc.example.org", NOW.plus(Duration.ofDays(50)))
                        .status());
        assertEquals(
                CheckResult.Status.FAIL,
                CheckTls.check(cert, "rtc.example.org", NOW.minus(Duration.ofDays(11)))
                        .status());
        X509Certificate wildcard =
                certificate("*.example.org", NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(90)));
        assertEquals(
                CheckResult.Status.OK,
                CheckTls.check(wildcard, "meet.example.org", NOW).status());
        assertEquals(
                CheckResult.Status.FAIL,
                CheckTls.check(wildcard, "a.b.example.org", NOW).status());
    }

    @Test
    void tlsReadsTheConfiguredPemFile(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        X509Certificate cert = certificate(
                "rtc.example.org",
                Instant.now().minus(Duration.ofDays(1)),
                Instant.now().plus(Duration.ofDays(90)));
        java.nio.file.Path pem = java.nio.file.Files.writeString(
                dir.resolve("cert.pem"),
                "-----BEGIN CERTIFICATE-----\n"
                        + java.util.Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(cert.getEncoded())
                        + "\n-----END CERTIFICATE-----\n");
        io.rtcd.api.ApiConfig tls = new io.rtcd.api.ApiConfig(":8045", true, pem.toString(), pem.toString());
        CheckResult ok = CheckTls.check(tls, "rtc.example.org", Instant.now());
        assertEquals(CheckResult.Status.OK, ok.status(), ok.line());
        assertTrue(ok.line().startsWith("OK    tls         certificate for rtc.example.org valid "), ok.line());
        io.rtcd.api.ApiConfig missing =
                new io.rtcd.api.ApiConfig(":8045", true, dir.resolve("nope.pem").toString(), pem.toString());
        CheckResult bad = CheckTls.check(missing, "rtc.example.org", Instant.now());
        assertEquals(CheckResult.Status.FAIL, bad.status());
        assertTrue(bad.line().contains("api.http.tls.cert_file"), bad.line());
        assertEquals(
                CheckResult.Status.SKIP,
                CheckTls.check(io.rtcd.api.ApiConfig.defaults(), "x", Instant.now())
                        .status());
    }

    private static X509Certificate certificate(String dns, Instant from, Instant to) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(256);
        KeyPair kp = g.generateKeyPair();
        var builder = new JcaX509v3CertificateBuilder(
                new X500Name("CN=" + dns),
                BigInteger.ONE,
                Date.from(from),
                Date.from(to),
                new X500Name("CN=" + dns),
                kp.getPublic());
        builder.addExtension(
                Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName(GeneralName.dNSName, dns)));
        return new JcaX509CertificateConverter()
                .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(kp.getPrivate())));
    }
}
