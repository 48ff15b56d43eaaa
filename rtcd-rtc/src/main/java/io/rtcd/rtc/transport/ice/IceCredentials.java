package io.rtcd.rtc.transport.ice;

import java.security.SecureRandom;
import java.util.Objects;

/**
 * ICE username fragment and password (RFC 8445 §5.3, RFC 8839 §5.4): ufrag at least 4 and password at least 22
 * ice-chars (ALPHA / DIGIT / "+" / "/"), at most 256. {@link #toString()} never prints the password.
 */
public record IceCredentials(String ufrag, String password) {
    private static final char[] ICE_CHARS =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    public IceCredentials {
        Objects.requireNonNull(ufrag, "ufrag");
        Objects.requireNonNull(password, "password");
        if (ufrag.length() < 4 || ufrag.length() > 256 || !isIceChars(ufrag)) {
            throw new IllegalArgumentException("ice ufrag must be 4..256 ice-chars, got length " + ufrag.length());
        }
        if (password.length() < 22 || password.length() > 256 || !isIceChars(password)) {
            throw new IllegalArgumentException(
                    "ice password must be 22..256 ice-chars, got length " + password.length());
        }
    }

    /** Fresh random local credentials: 8-char ufrag (48 bits), 24-char password (144 bits). */
    public static IceCredentials random() {
        return new IceCredentials(randomString(8), randomString(24));
    }

    private static String randomString(int n) {
        char[] c = new char[n];
        for (int i = 0; i < n; i++) {
            c[i] = ICE_CHARS[RANDOM.nextInt(ICE_CHARS.length)];
        }
        return new String(c);
    }

    private static boolean isIceChars(String s) {
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            boolean ok = (ch >= 'A' && ch <= 'Z')
                    || (ch >= 'a' && ch <= 'z')
                    || (ch >= '0' && ch <= '9')
                    || ch == '+'
                    || ch == '/';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return "IceCredentials[ufrag=" + ufrag + "]";
    }
}
