package io.rtcd.rtc.transport.dtls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class DtlsFingerprintTest {
    private static final byte[] DER = "not really a certificate".getBytes(StandardCharsets.US_ASCII);

    @Test
    void formatsUppercaseColonSeparated() throws Exception {
        DtlsFingerprint fp = DtlsFingerprint.of("sha-256", DER);
        String hex = HexFormat.ofDelimiter(":")
                .withUpperCase()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(DER));
        assertEquals("sha-256 " + hex, fp.toString());
        assertTrue(fp.toString().matches("sha-256 ([0-9A-F]{2}:){31}[0-9A-F]{2}"));
    }

    @Test
    void parsesSdpValueCaseInsensitivelyAndMatches() {
        for (String alg : new String[] {"sha-1", "sha-256", "sha-384", "sha-512"}) {
            DtlsFingerprint fp = DtlsFingerprint.of(alg, DER);
            DtlsFingerprint parsed = DtlsFingerprint.parse(
                    alg.toUpperCase(java.util.Locale.ROOT) + "  " + fp.hex().toLowerCase(java.util.Locale.ROOT));
            assertEquals(fp, parsed);
            assertTrue(parsed.matches(DER), alg);
            assertFalse(parsed.matches("other".getBytes(StandardCharsets.US_ASCII)), alg);
        }
    }

    @Test
    void rejectsBadInput() {
        assertThrows(IllegalArgumentException.class, () -> DtlsFingerprint.parse("sha-256"));
        assertThrows(IllegalArgumentException.class, () -> DtlsFingerprint.parse("md5 AB:CD"));
        assertThrows(IllegalArgumentException.class, () -> DtlsFingerprint.parse("sha-256 AB:CD"));
        assertThrows(
                IllegalArgumentException.class, () -> DtlsFingerprint.parse("sha-1 ZZ:" + "00:".repeat(18) + "00"));
    }

    @Test
    void generatedCertificateHasSha256Fingerprint() {
        DtlsCertificate cert = DtlsCertificate.generate();
        assertEquals("sha-256", cert.fingerprint().hashFunction());
        assertTrue(cert.fingerprint().matches(cert.encoded()));
        assertTrue(cert.fingerprint().toString().matches("sha-256 ([0-9A-F]{2}:){31}[0-9A-F]{2}"));
    }

    @Test
    void roleFollowsRemoteSetup() {
        assertEquals(DtlsRole.SERVER, DtlsRole.forRemoteSetup("actpass"));
        assertEquals(DtlsRole.SERVER, DtlsRole.forRemoteSetup("active"));
        assertEquals(DtlsRole.CLIENT, DtlsRole.forRemoteSetup("passive"));
        assertEquals("passive", DtlsRole.SERVER.localSetup());
        assertThrows(IllegalArgumentException.class, () -> DtlsRole.forRemoteSetup("holdconn"));
    }
}
