package io.rtcd.rtc.transport.dtls;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;

/**
 * A certificate fingerprint as carried in SDP {@code a=fingerprint:<hash-func> <XX:XX:...>} (RFC 8122 §5). Accepted
 * hash functions: sha-1, sha-256, sha-384, sha-512 (what browsers and JVB use). Hex is kept uppercase with colons.
 *
 * @param hashFunction lowercase SDP token, e.g. {@code sha-256}
 * @param hex uppercase colon-separated digest, e.g. {@code AB:CD:...}
 */
public record DtlsFingerprint(String hashFunction, String hex) {
    private static final HexFormat HEX = HexFormat.ofDelimiter(":").withUpperCase();

    public DtlsFingerprint {
        Objects.requireNonNull(hashFunction, "hashFunction");
        Objects.requireNonNull(hex, "hex");
        hashFunction = hashFunction.toLowerCase(Locale.ROOT);
        String jca = jcaName(hashFunction);
        if (jca == null) {
            throw new IllegalArgumentException(
                    "fingerprint hash function must be one of sha-1, sha-256, sha-384, sha-512, got " + hashFunction);
        }
        byte[] digest;
        try {
            digest = HEX.parseHex(hex.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("fingerprint must be colon-separated hex bytes, got '" + hex + "'", e);
        }
        if (digest.length != digestLength(hashFunction)) {
            throw new IllegalArgumentException("fingerprint for " + hashFunction + " must have "
                    + digestLength(hashFunction) + " bytes, got " + digest.length);
        }
        hex = HEX.formatHex(digest);
    }

    /** Parses the value of an SDP fingerprint attribute: {@code "sha-256 AB:CD:..."}. */
    public static DtlsFingerprint parse(String attributeValue) {
        Objects.requireNonNull(attributeValue, "attributeValue");
        String v = attributeValue.trim();
        int space = v.indexOf(' ');
        if (space <= 0) {
            throw new IllegalArgumentException("fingerprint must be '<hash-func> <hex>', got '" + attributeValue + "'");
        }
        return new DtlsFingerprint(v.substring(0, space), v.substring(space + 1).trim());
    }

    /** Fingerprint of a DER-encoded certificate with the given hash function. */
    public static DtlsFingerprint of(String hashFunction, byte[] derCertificate) {
        String jca = jcaName(hashFunction.toLowerCase(Locale.ROOT));
        if (jca == null) {
            throw new IllegalArgumentException("unsupported fingerprint hash function " + hashFunction);
        }
        return new DtlsFingerprint(hashFunction, HEX.formatHex(digest(jca, derCertificate)));
    }

    /** {@code true} if {@code derCertificate} hashes (with this fingerprint's function) to this value. */
    public boolean matches(byte[] derCertificate) {
        byte[] actual = digest(jcaName(hashFunction), derCertificate);
        return MessageDigest.isEqual(actual, HEX.parseHex(hex));
    }

    /** The SDP attribute value, {@code "sha-256 AB:CD:..."}. */
    @Override
    public String toString() {
        return hashFunction + " " + hex;
    }

    private static byte[] digest(String jca, byte[] data) {
        try {
            return MessageDigest.getInstance(jca).digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(jca + " unavailable", e);
        }
    }

    private static String jcaName(String sdpName) {
        return switch (sdpName) {
            case "sha-1" -> "SHA-1";
            case "sha-256" -> "SHA-256";
            case "sha-384" -> "SHA-384";
            case "sha-512" -> "SHA-512";
            default -> null;
        };
    }

    private static int digestLength(String sdpName) {
        return switch (sdpName) {
            case "sha-1" -> 20;
            case "sha-256" -> 32;
            case "sha-384" -> 48;
            case "sha-512" -> 64;
            default -> throw new IllegalArgumentException(sdpName);
        };
    }
}
