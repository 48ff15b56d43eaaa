package io.rtcd.api;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * Loads a PEM certificate chain and a PEM private key (PKCS#8 {@code PRIVATE KEY}, or traditional {@code RSA PRIVATE
 * KEY} / {@code EC PRIVATE KEY}) into an in-memory PKCS12 {@link KeyStore}. Encrypted keys are not supported (rtcd,
 * like Go's {@code tls.LoadX509KeyPair}, expects an unencrypted key file).
 */
final class PemKeyStores {

    static final String ALIAS = "rtcd";

    private PemKeyStores() {}

    /** A key store plus the (random, in-memory only) password protecting its key entry. */
    record Loaded(KeyStore keyStore, String password) {}

    static Loaded load(Path certFile, Path keyFile) {
        List<X509Certificate> chain = readCertificates(certFile);
        PrivateKey key = readPrivateKey(keyFile);
        String password = Long.toHexString(new java.security.SecureRandom().nextLong());
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry(ALIAS, key, password.toCharArray(), chain.toArray(new Certificate[0]));
            return new Loaded(ks, password);
        } catch (GeneralSecurityException | IOException e) {
            throw new ApiServerException(
                    "api.http.tls: private key " + keyFile + " does not fit certificate " + certFile + ": "
                            + e.getMessage(),
                    e);
        }
    }

    static List<X509Certificate> readCertificates(Path file) {
        List<X509Certificate> chain = new ArrayList<>();
        JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
                PEMParser parser = new PEMParser(r)) {
            Object o;
            while ((o = parser.readObject()) != null) {
                if (o instanceof X509CertificateHolder holder) {
                    chain.add(converter.getCertificate(holder));
                }
            }
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            throw new ApiServerException(
                    "api.http.tls.cert_file: cannot read PEM certificates from " + file + ": " + e.getMessage(), e);
        }
        if (chain.isEmpty()) {
            throw new ApiServerException("api.http.tls.cert_file: no PEM CERTIFICATE block in " + file);
        }
        return chain;
    }

    static PrivateKey readPrivateKey(Path file) {
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
                PEMParser parser = new PEMParser(r)) {
            Object o;
            while ((o = parser.readObject()) != null) {
                if (o instanceof PEMKeyPair kp) {
                    return converter.getPrivateKey(kp.getPrivateKeyInfo()); // public part is optional in EC keys
                }
                if (o instanceof PrivateKeyInfo info) {
                    return converter.getPrivateKey(info);
                }
                if (o instanceof PEMEncryptedKeyPair || o instanceof PKCS8EncryptedPrivateKeyInfo) {
                    throw new ApiServerException(
                            "api.http.tls.cert_key: encrypted private keys are not supported: " + file);
                }
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof ApiServerException ase) {
                throw ase;
            }
            throw new ApiServerException(
                    "api.http.tls.cert_key: cannot read PEM private key from " + file + ": " + e.getMessage(), e);
        }
        throw new ApiServerException("api.http.tls.cert_key: no PEM private key block in " + file);
    }
}
