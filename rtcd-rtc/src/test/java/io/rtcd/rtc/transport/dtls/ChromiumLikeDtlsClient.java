package io.rtcd.rtc.transport.dtls;

import io.rtcd.rtc.transport.srtp.SrtpProfile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.Hashtable;
import java.util.List;
import org.bouncycastle.tls.NamedGroup;
import org.bouncycastle.tls.TlsExtensionsUtils;

/**
 * A BC DTLS 1.2 client whose ClientHello looks like Chromium 12x+ (webrtc-test-peers.md §1.5): supported_versions
 * offers DTLS 1.3 and 1.2, supported_groups starts with X25519MLKEM768, and a key_share extension carries a 1216-byte
 * X25519MLKEM768 share plus an x25519 share. The hello is about 1.4 KB, so with a 1200-byte send limit BC splits it
 * into two handshake fragments in two datagrams, exactly like Chromium (1175 + rest).
 */
class ChromiumLikeDtlsClient extends SrtpDtlsClient {
    static final int X25519_MLKEM768 = 0x11EC;
    static final int EXT_SUPPORTED_VERSIONS = 43;
    static final int EXT_KEY_SHARE = 51;

    ChromiumLikeDtlsClient(DtlsCertificate certificate, DtlsFingerprint remote, List<SrtpProfile> profiles) {
        super(DtlsTransport.CRYPTO, certificate, remote, profiles, 10_000);
    }

    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public Hashtable getClientExtensions() throws IOException {
        Hashtable ext = super.getClientExtensions();
        // supported_versions (RFC 8446 §4.2.1): list length 4, DTLS 1.3 (FEFC), DTLS 1.2 (FEFD)
        ext.put(EXT_SUPPORTED_VERSIONS, new byte[] {4, (byte) 0xFE, (byte) 0xFC, (byte) 0xFE, (byte) 0xFD});
        TlsExtensionsUtils.addSupportedGroupsExtension(
                ext, new int[] {X25519_MLKEM768, NamedGroup.x25519, NamedGroup.secp256r1, NamedGroup.secp384r1});
        ext.put(EXT_KEY_SHARE, keyShare());
        return ext;
    }

    /** RFC 8446 §4.2.8 KeyShareClientHello with random key material of Chromium's sizes. */
    private static byte[] keyShare() {
        SecureRandom random = new SecureRandom();
        byte[] pq = new byte[1216];
        byte[] x = new byte[32];
        random.nextBytes(pq);
        random.nextBytes(x);
        ByteArrayOutputStream entries = new ByteArrayOutputStream();
        writeEntry(entries, X25519_MLKEM768, pq);
        writeEntry(entries, NamedGroup.x25519, x);
        byte[] body = entries.toByteArray();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(body.length >>> 8);
        out.write(body.length);
        out.writeBytes(body);
        return out.toByteArray();
    }

    private static void writeEntry(ByteArrayOutputStream out, int group, byte[] key) {
        out.write(group >>> 8);
        out.write(group);
        out.write(key.length >>> 8);
        out.write(key.length);
        out.writeBytes(key);
    }
}
