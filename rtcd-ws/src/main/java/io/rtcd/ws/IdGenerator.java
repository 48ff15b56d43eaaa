package io.rtcd.ws;

import java.security.SecureRandom;

/**
 * Mattermost-style 26-character IDs (rtcd {@code random.NewID}): a random (version 4) UUID encoded with base32
 * (RFC 4648 §6 bit order) over the alphabet {@code ybndrfg8ejkmcpqxot1uwisza345h769}, without padding. Thread-safe.
 */
public final class IdGenerator {

    /** The z-base-32-like alphabet Mattermost uses. */
    public static final String ALPHABET = "ybndrfg8ejkmcpqxot1uwisza345h769";

    /** Length of every ID. */
    public static final int LENGTH = 26;

    private static final char[] CHARS = ALPHABET.toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private IdGenerator() {}

    public static String newId() {
        byte[] uuid = new byte[16];
        RANDOM.nextBytes(uuid);
        uuid[6] = (byte) ((uuid[6] & 0x0f) | 0x40); // version 4 (RFC 9562 §5.4)
        uuid[8] = (byte) ((uuid[8] & 0x3f) | 0x80); // variant 10
        return encode(uuid);
    }

    /** Base32 of {@code data}, 5 bits per character, most significant bits first, no padding. */
    static String encode(byte[] data) {
        StringBuilder sb = new StringBuilder((data.length * 8 + 4) / 5);
        int buffer = 0;
        int bits = 0;
        for (byte b : data) {
            buffer = (buffer << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                sb.append(CHARS[(buffer >>> (bits - 5)) & 0x1f]);
                bits -= 5;
            }
        }
        if (bits > 0) {
            sb.append(CHARS[(buffer << (5 - bits)) & 0x1f]);
        }
        return sb.toString();
    }
}
