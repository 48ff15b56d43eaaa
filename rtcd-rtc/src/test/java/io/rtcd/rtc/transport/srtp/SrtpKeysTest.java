package io.rtcd.rtc.transport.srtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SrtpKeysTest {
    private static byte[] material(int length) {
        byte[] m = new byte[length];
        for (int i = 0; i < length; i++) {
            m[i] = (byte) i;
        }
        return m;
    }

    private static byte[] range(int from, int to) {
        return Arrays.copyOfRange(material(to), from, to);
    }

    @Test
    void splitsAesCmMaterialPerRfc5764() {
        SrtpProfile p = SrtpProfile.AES128_CM_HMAC_SHA1_80;
        assertEquals(60, p.exportLength());
        byte[] m = material(60);
        // client_key[0,16) server_key[16,32) client_salt[32,46) server_salt[46,60)
        SrtpKeys client = SrtpKeys.split(p, m, true);
        assertArrayEquals(range(0, 16), client.localKey());
        assertArrayEquals(range(32, 46), client.localSalt());
        assertArrayEquals(range(16, 32), client.remoteKey());
        assertArrayEquals(range(46, 60), client.remoteSalt());
        SrtpKeys server = SrtpKeys.split(p, m, false);
        assertArrayEquals(client.localKey(), server.remoteKey());
        assertArrayEquals(client.localSalt(), server.remoteSalt());
        assertArrayEquals(client.remoteKey(), server.localKey());
        assertArrayEquals(client.remoteSalt(), server.localSalt());
    }

    @Test
    void splitsGcmMaterialPerRfc7714() {
        SrtpProfile p = SrtpProfile.AEAD_AES_128_GCM;
        assertEquals(56, p.exportLength());
        byte[] m = material(56);
        // client_key[0,16) server_key[16,32) client_salt[32,44) server_salt[44,56)
        SrtpKeys server = SrtpKeys.split(p, m, false);
        assertArrayEquals(range(16, 32), server.localKey());
        assertArrayEquals(range(44, 56), server.localSalt());
        assertArrayEquals(range(0, 16), server.remoteKey());
        assertArrayEquals(range(32, 44), server.remoteSalt());
    }

    @Test
    void rejectsWrongLength() {
        assertThrows(
                IllegalArgumentException.class, () -> SrtpKeys.split(SrtpProfile.AEAD_AES_128_GCM, new byte[60], true));
    }

    @Test
    void profileIdsMatchRfc5764AndRfc7714() {
        assertEquals(0x0001, SrtpProfile.AES128_CM_HMAC_SHA1_80.tlsId());
        assertEquals(0x0007, SrtpProfile.AEAD_AES_128_GCM.tlsId());
        assertEquals(SrtpProfile.AEAD_AES_128_GCM, SrtpProfile.fromTlsId(7));
        assertEquals(null, SrtpProfile.fromTlsId(2));
    }
}
