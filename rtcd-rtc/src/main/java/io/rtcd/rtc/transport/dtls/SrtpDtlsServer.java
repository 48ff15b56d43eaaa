package io.rtcd.rtc.transport.dtls;

import io.rtcd.rtc.transport.srtp.SrtpProfile;
import java.io.IOException;
import java.util.Hashtable;
import java.util.List;
import java.util.Vector;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.ClientCertificateType;
import org.bouncycastle.tls.DefaultTlsServer;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.TlsExtensionsUtils;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsSRTPUtils;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.UseSRTPData;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bouncy Castle DTLS 1.2 server with use_srtp (RFC 5764). Browsers offering DTLS 1.3 + 1.2 (Chromium, with a
 * post-quantum key share and a fragmented ClientHello) are negotiated down to 1.2 through supported_versions; the
 * ClientHello fragments are reassembled by BC's reliable handshake layer. Requires a client certificate matching the
 * SDP fingerprint, and extended master secret (RFC 7627), without which the SRTP key export is not allowed.
 */
final class SrtpDtlsServer extends DefaultTlsServer {
    private static final Logger LOG = LoggerFactory.getLogger(SrtpDtlsServer.class);

    private final BcTlsCrypto crypto;
    private final DtlsCertificate certificate;
    private final DtlsFingerprint remoteFingerprint;
    private final List<SrtpProfile> profiles;
    private final int handshakeTimeoutMillis;
    private SrtpProfile chosen;
    private byte[] keyingMaterial;
    private volatile boolean closeNotifyReceived;

    SrtpDtlsServer(
            BcTlsCrypto crypto,
            DtlsCertificate certificate,
            DtlsFingerprint remoteFingerprint,
            List<SrtpProfile> profiles,
            int handshakeTimeoutMillis) {
        super(crypto);
        this.crypto = crypto;
        this.certificate = certificate;
        this.remoteFingerprint = remoteFingerprint;
        this.profiles = profiles;
        this.handshakeTimeoutMillis = handshakeTimeoutMillis;
    }

    SrtpProfile chosenProfile() {
        return chosen;
    }

    byte[] keyingMaterial() {
        return keyingMaterial;
    }

    boolean closeNotifyReceived() {
        return closeNotifyReceived;
    }

    @Override
    protected ProtocolVersion[] getSupportedVersions() {
        return ProtocolVersion.DTLSv12.only();
    }

    @Override
    protected int[] getSupportedCipherSuites() {
        return TlsUtils.getSupportedCipherSuites(getCrypto(), DtlsPeerSupport.CIPHER_SUITES);
    }

    @Override
    public int getHandshakeTimeoutMillis() {
        return handshakeTimeoutMillis;
    }

    @Override
    public boolean requiresExtendedMasterSecret() {
        return true;
    }

    @Override
    protected TlsCredentialedSigner getECDSASignerCredentials() {
        return DtlsPeerSupport.signer(context, crypto, certificate);
    }

    @Override
    public CertificateRequest getCertificateRequest() {
        short[] types = {ClientCertificateType.ecdsa_sign, ClientCertificateType.rsa_sign};
        Vector<?> algorithms = TlsUtils.getDefaultSupportedSignatureAlgorithms(context);
        return new CertificateRequest(types, algorithms, null);
    }

    @Override
    public void notifyClientCertificate(Certificate clientCertificate) throws IOException {
        DtlsPeerSupport.verifyPeer(clientCertificate, remoteFingerprint);
    }

    @Override
    @SuppressWarnings("rawtypes")
    public void processClientExtensions(Hashtable clientExtensions) throws IOException {
        super.processClientExtensions(clientExtensions);
        UseSRTPData offered = TlsSRTPUtils.getUseSRTPExtension(clientExtensions);
        if (offered == null) {
            throw new TlsFatalAlert(AlertDescription.handshake_failure, "client did not offer use_srtp");
        }
        chosen = DtlsPeerSupport.choose(profiles, offered.getProtectionProfiles());
        if (chosen == null) {
            throw new TlsFatalAlert(AlertDescription.handshake_failure, "no common SRTP protection profile");
        }
    }

    @Override
    @SuppressWarnings("rawtypes")
    public Hashtable getServerExtensions() throws IOException {
        Hashtable extensions = TlsExtensionsUtils.ensureExtensionsInitialised(super.getServerExtensions());
        TlsSRTPUtils.addUseSRTPExtension(extensions, new UseSRTPData(new int[] {chosen.tlsId()}, TlsUtils.EMPTY_BYTES));
        return extensions;
    }

    @Override
    public void notifyHandshakeComplete() throws IOException {
        super.notifyHandshakeComplete();
        keyingMaterial = DtlsPeerSupport.exportSrtpKeys(context, chosen);
    }

    @Override
    public void notifyAlertRaised(short alertLevel, short alertDescription, String message, Throwable cause) {
        LOG.debug("DTLS server raised alert {} ({})", AlertDescription.getText(alertDescription), message);
    }

    @Override
    public void notifyAlertReceived(short alertLevel, short alertDescription) {
        if (alertDescription == AlertDescription.close_notify) {
            closeNotifyReceived = true;
        }
        LOG.debug("DTLS server received alert {}", AlertDescription.getText(alertDescription));
    }
}
