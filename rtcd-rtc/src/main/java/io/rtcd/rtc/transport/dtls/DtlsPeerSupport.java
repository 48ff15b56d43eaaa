package io.rtcd.rtc.transport.dtls;

import io.rtcd.rtc.transport.srtp.SrtpProfile;
import java.io.IOException;
import java.util.List;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.ExporterLabel;
import org.bouncycastle.tls.HashAlgorithm;
import org.bouncycastle.tls.SignatureAlgorithm;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.TlsContext;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.impl.bc.BcDefaultTlsCredentialedSigner;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/** Pieces shared by our BC DTLS server and client: suites, signer, peer fingerprint check, key export. */
final class DtlsPeerSupport {
    /** ECDHE-ECDSA AEAD suites, as JVB and browsers prefer; CBC kept last for old peers. */
    static final int[] CIPHER_SUITES = {
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256,
    };

    private DtlsPeerSupport() {}

    static TlsCredentialedSigner signer(TlsContext context, BcTlsCrypto crypto, DtlsCertificate certificate) {
        return new BcDefaultTlsCredentialedSigner(
                new TlsCryptoParameters(context),
                crypto,
                certificate.privateKey(),
                certificate.bcCertificate(),
                SignatureAndHashAlgorithm.getInstance(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa));
    }

    /** Verifies the peer's end-entity certificate against the SDP fingerprint (RFC 8122 §5, RFC 5763 §5). */
    static void verifyPeer(Certificate peer, DtlsFingerprint expected) throws IOException {
        if (peer == null || peer.isEmpty()) {
            throw new TlsFatalAlert(AlertDescription.bad_certificate, "peer sent no certificate");
        }
        if (!expected.matches(peer.getCertificateAt(0).getEncoded())) {
            throw new TlsFatalAlert(AlertDescription.bad_certificate, "peer certificate does not match fingerprint");
        }
    }

    /** Our preferred profile that the peer also offered, or {@code null}. */
    static SrtpProfile choose(List<SrtpProfile> ours, int[] offered) {
        for (SrtpProfile p : ours) {
            for (int id : offered) {
                if (id == p.tlsId()) {
                    return p;
                }
            }
        }
        return null;
    }

    static int[] ids(List<SrtpProfile> profiles) {
        int[] ids = new int[profiles.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = profiles.get(i).tlsId();
        }
        return ids;
    }

    /** RFC 5764 §4.2: keying material from the "EXTRACTOR-dtls_srtp" exporter (needs extended master secret). */
    static byte[] exportSrtpKeys(TlsContext context, SrtpProfile profile) {
        return context.exportKeyingMaterial(ExporterLabel.dtls_srtp, null, profile.exportLength());
    }
}
