package io.rtcd.rtc.transport.dtls;

import io.rtcd.rtc.transport.TransportException;
import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.crypto.TlsCertificate;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/**
 * The process-wide DTLS identity: an ECDSA P-256 key and a self-signed X.509 certificate (SHA256withECDSA), as JVB
 * and browsers use. Generate once at startup ({@link #generate()} costs 0.25-0.5 s in a cold JVM, a few ms warm) and
 * share it between all sessions; immutable and thread-safe.
 *
 * <p>Validity follows JVB: from one day in the past (clock skew) to seven days ahead. WebRTC endpoints authenticate
 * by fingerprint and ignore the validity period; a deployment that wants rotation generates a new certificate and
 * uses it for new sessions.
 */
public final class DtlsCertificate {
    static final Duration NOT_BEFORE_SKEW = Duration.ofDays(1);
    static final Duration LIFETIME = Duration.ofDays(7);

    private final byte[] der;
    private final AsymmetricKeyParameter privateKey;
    private final DtlsFingerprint fingerprint;
    private final Certificate bcCertificate;

    private DtlsCertificate(byte[] der, AsymmetricKeyParameter privateKey, BcTlsCrypto crypto) throws IOException {
        this.der = der;
        this.privateKey = privateKey;
        this.fingerprint = DtlsFingerprint.of("sha-256", der);
        this.bcCertificate = new Certificate(new TlsCertificate[] {crypto.createCertificate(der)});
    }

    /**
     * Generates a fresh key pair and certificate.
     *
     * @throws TransportException if the JDK lacks EC P-256 (never on a standard JDK)
     */
    public static DtlsCertificate generate() {
        try {
            KeyPairGenerator kpg = KeyPairGenerator.getInstance("EC");
            kpg.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
            KeyPair kp = kpg.generateKeyPair();
            Instant now = Instant.now();
            X500Name subject = new X500Name("CN=rtcd");
            BigInteger serial = new BigInteger(64, new SecureRandom()).abs().add(BigInteger.ONE);
            X509CertificateHolder holder = new JcaX509v3CertificateBuilder(
                            subject,
                            serial,
                            Date.from(now.minus(NOT_BEFORE_SKEW)),
                            Date.from(now.plus(LIFETIME)),
                            subject,
                            kp.getPublic())
                    .build(new JcaContentSignerBuilder("SHA256withECDSA").build(kp.getPrivate()));
            return new DtlsCertificate(
                    holder.getEncoded(),
                    PrivateKeyFactory.createKey(kp.getPrivate().getEncoded()),
                    DtlsTransport.CRYPTO);
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new TransportException("failed to generate the DTLS certificate", e);
        }
    }

    /** SHA-256 fingerprint, for {@code a=fingerprint}. */
    public DtlsFingerprint fingerprint() {
        return fingerprint;
    }

    /** DER encoding of the certificate (copy). */
    public byte[] encoded() {
        return der.clone();
    }

    AsymmetricKeyParameter privateKey() {
        return privateKey;
    }

    Certificate bcCertificate() {
        return bcCertificate;
    }
}
