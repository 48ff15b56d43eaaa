package io.rtcd.rtc.sdp;

import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;

/**
 * {@code a=fingerprint:<hash function> <fingerprint>}, RFC 8122 §5: the hash of the DTLS certificate as upper-case
 * hex bytes separated by ':'.
 *
 * @param hashFunction e.g. "sha-256"
 * @param fingerprint e.g. "AB:CD:..."
 */
public record Fingerprint(String hashFunction, String fingerprint) implements Attribute {
    public Fingerprint {
        Objects.requireNonNull(hashFunction, "hashFunction");
        Objects.requireNonNull(fingerprint, "fingerprint");
        if (!SdpText.isToken(hashFunction) || fingerprint.length() < 2) {
            throw new IllegalArgumentException("bad fingerprint");
        }
        for (int i = 0; i < fingerprint.length(); i++) {
            char c = fingerprint.charAt(i);
            boolean ok = i % 3 == 2 ? c == ':' : Character.digit(c, 16) >= 0;
            if (!ok) {
                throw new IllegalArgumentException("bad fingerprint hex");
            }
        }
        if (fingerprint.length() % 3 != 2) {
            throw new IllegalArgumentException("bad fingerprint hex");
        }
    }

    /** Builds the attribute from raw digest bytes, e.g. {@code of("sha-256", sha256(certDer))}. */
    public static Fingerprint of(String hashFunction, byte[] digest) {
        String hex = HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
        return new Fingerprint(hashFunction.toLowerCase(Locale.ROOT), hex);
    }

    /** The digest bytes. */
    public byte[] digest() {
        return HexFormat.ofDelimiter(":").parseHex(fingerprint);
    }

    @Override
    public String key() {
        return "fingerprint";
    }

    @Override
    public String value() {
        return hashFunction + " " + fingerprint;
    }

    static Fingerprint parse(String value) {
        var t = SdpText.tokens(value, "fingerprint");
        if (t.size() != 2) {
            throw new IllegalArgumentException("bad fingerprint (expected '<hash> <hex>')");
        }
        return new Fingerprint(t.get(0), t.get(1));
    }
}
