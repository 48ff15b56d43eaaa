package io.rtcd.rtc.transport.dtls;

import io.rtcd.rtc.transport.srtp.SrtpProfile;
import java.io.IOException;
import java.util.Hashtable;
import java.util.List;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.DefaultTlsClient;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.TlsAuthentication;
import org.bouncycastle.tls.TlsCredentials;
import org.bouncycastle.tls.TlsExtensionsUtils;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsSRTPUtils;
import org.bouncycastle.tls.TlsServerCertificate;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.UseSRTPData;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bouncy Castle DTLS 1.2 client with use_srtp (RFC 5764), used when the remote answered {@code a=setup:passive}
 * (our load generator and test peers). Offers extended master secret (BC default) and requires it; verifies the
 * server certificate against the SDP fingerprint; authenticates with our certificate when asked.
 */
class SrtpDtlsClient extends DefaultTlsClient {
    private static final Logger LOG = LoggerFactory.getLogger(SrtpDtlsClient.class);

    private final BcTlsCrypto crypto;
    private final DtlsCertificate certificate;
    private final DtlsFingerprint remoteFingerprint;
    private final List<SrtpProfile> profiles;
    private final int handshakeTimeoutMillis;
    private SrtpProfile chosen;
    private byte[] keyingMaterial;
    private volatile boolean closeNotifyReceived;

    SrtpDtlsClient(
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
    @SuppressWarnings({"rawtypes", "unchecked"})
    public Hashtable getClientExtensions() throws IOException {
        Hashtable extensions = TlsExtensionsUtils.ensureExtensionsInitialised(super.getClientExtensions());
        TlsSRTPUtils.addUseSRTPExtension(
                extensions, new UseSRTPData(DtlsPeerSupport.ids(profiles), TlsUtils.EMPTY_BYTES));
        return extensions;
    }

    @Override
    @SuppressWarnings("rawtypes")
    public void processServerExtensions(Hashtable serverExtensions) throws IOException {
        super.processServerExtensions(serverExtensions);
        UseSRTPData selected = TlsSRTPUtils.getUseSRTPExtension(serverExtensions);
        if (selected == null || selected.getProtectionProfiles().length != 1) {
            throw new TlsFatalAlert(AlertDescription.illegal_parameter, "server must select one SRTP profile");
        }
        chosen = DtlsPeerSupport.choose(profiles, selected.getProtectionProfiles());
        if (chosen == null) {
            throw new TlsFatalAlert(AlertDescription.illegal_parameter, "server selected an SRTP profile not offered");
        }
    }

    @Override
    public TlsAuthentication getAuthentication() {
        return new TlsAuthentication() {
            @Override
            public void notifyServerCertificate(TlsServerCertificate serverCertificate) throws IOException {
                DtlsPeerSupport.verifyPeer(serverCertificate.getCertificate(), remoteFingerprint);
            }

            @Override
            public TlsCredentials getClientCredentials(CertificateRequest certificateRequest) {
                return DtlsPeerSupport.signer(context, crypto, certificate);
            }
        };
    }

    @Override
    public void notifyHandshakeComplete() throws IOException {
        super.notifyHandshakeComplete();
        keyingMaterial = DtlsPeerSupport.exportSrtpKeys(context, chosen);
    }

    @Override
    public void notifyAlertRaised(short alertLevel, short alertDescription, String message, Throwable cause) {
        LOG.debug("DTLS client raised alert {} ({})", AlertDescription.getText(alertDescription), message);
    }

    @Override
    public void notifyAlertReceived(short alertLevel, short alertDescription) {
        if (alertDescription == AlertDescription.close_notify) {
            closeNotifyReceived = true;
        }
        LOG.debug("DTLS client received alert {}", AlertDescription.getText(alertDescription));
    }
}
