package io.rtcd.auth;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Mints and verifies join tokens: compact JWS (RFC 7515 §7.1) JWTs (RFC 7519) signed with HMAC-SHA-256 (RFC 7518
 * §3.2), header {@code {"alg":"HS256","typ":"JWT"}}, claims {@code sub}, {@code cospace}, {@code iat}, {@code exp}
 * (epoch seconds), {@code perms} and {@code channels} (arrays of strings).
 *
 * <p>Verification accepts only {@code alg = HS256} (so {@code none} and algorithm confusion are refused), compares
 * the signature in constant time, and allows {@value #CLOCK_SKEW_SECONDS} s of clock skew on {@code exp} only.
 * Failures are {@link AuthException.Kind#UNAUTHORIZED} with the message {@code token expired}, {@code token
 * signature invalid} or {@code token malformed}.
 *
 * <p>Thread-safe and immutable (a {@link Mac} is created per call).
 */
public final class JoinTokenCodec {
    public static final int MIN_SECRET_BYTES = 32;
    public static final long CLOCK_SKEW_SECONDS = 30;
    /** Longest token examined; longer ones are malformed without decoding. */
    static final int MAX_TOKEN_LENGTH = 8192;

    static final String EXPIRED = "token expired";
    static final String BAD_SIGNATURE = "token signature invalid";
    static final String MALFORMED = "token malformed";

    private static final String HMAC = "HmacSHA256";
    private static final Pattern BASE64URL = Pattern.compile("[A-Za-z0-9_-]*");
    private static final String HEADER = b64(JsonWriter.write(headerFields()).getBytes(StandardCharsets.UTF_8));

    private final byte[] secret;
    private final Clock clock;

    /**
     * @param hmacSecret the HMAC key, at least {@value #MIN_SECRET_BYTES} bytes (copied)
     * @param clock the time source for {@code iat} and expiry checks
     */
    public JoinTokenCodec(byte[] hmacSecret, Clock clock) {
        Objects.requireNonNull(hmacSecret, "hmacSecret");
        if (hmacSecret.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException(
                    "join token secret must be at least " + MIN_SECRET_BYTES + " bytes, got " + hmacSecret.length);
        }
        this.secret = hmacSecret.clone();
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Signs {@code claims}; {@code iat} is the clock's current second, permissions are written sorted. */
    public String mint(JoinClaims claims) {
        Objects.requireNonNull(claims, "claims");
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("sub", claims.userId());
        payload.put("cospace", claims.cospace());
        payload.put("iat", clock.instant().getEpochSecond());
        payload.put("exp", claims.expiresAt().getEpochSecond());
        payload.put("perms", List.copyOf(new TreeSet<>(claims.permissions())));
        payload.put("channels", claims.channels());
        String signingInput = HEADER + "." + b64(JsonWriter.write(payload).getBytes(StandardCharsets.UTF_8));
        return signingInput + "." + b64(sign(signingInput));
    }

    /**
     * Checks {@code token}'s form, algorithm, signature and expiry, and returns its claims.
     *
     * @throws AuthException UNAUTHORIZED: {@code token malformed}, {@code token signature invalid} (also for any
     *     {@code alg} other than HS256) or {@code token expired}
     */
    public JoinClaims verify(String token) {
        if (token == null || token.isEmpty() || token.length() > MAX_TOKEN_LENGTH) {
            throw fail(MALFORMED);
        }
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty()) {
            throw fail(MALFORMED);
        }
        for (String part : parts) {
            if (!BASE64URL.matcher(part).matches()) {
                throw fail(MALFORMED);
            }
        }
        Map<String, Object> header = parseJson(parts[0]);
        if (!"HS256".equals(header.get("alg"))) {
            throw fail(BAD_SIGNATURE);
        }
        Object typ = header.get("typ");
        if ((typ != null && !"JWT".equals(typ)) || header.containsKey("crit")) {
            throw fail(MALFORMED);
        }
        byte[] expected = sign(parts[0] + "." + parts[1]);
        byte[] actual = decode(parts[2]);
        if (!MessageDigest.isEqual(actual, expected)) {
            throw fail(BAD_SIGNATURE);
        }
        return readClaims(parseJson(parts[1]));
    }

    private JoinClaims readClaims(Map<String, Object> payload) {
        if (!(payload.get("sub") instanceof String sub)
                || sub.isEmpty()
                || !(payload.get("cospace") instanceof String cospace)
                || !(payload.get("exp") instanceof Long exp)) {
            throw fail(MALFORMED);
        }
        Object iat = payload.get("iat");
        if (iat != null && !(iat instanceof Long)) {
            throw fail(MALFORMED);
        }
        List<String> perms = stringList(payload.get("perms"));
        List<String> channels = stringList(payload.get("channels"));
        if (clock.instant().getEpochSecond() >= saturatedAdd(exp, CLOCK_SKEW_SECONDS)) {
            throw fail(EXPIRED);
        }
        Instant expiresAt;
        try {
            expiresAt = Instant.ofEpochSecond(exp);
        } catch (DateTimeException e) {
            throw fail(MALFORMED);
        }
        return new JoinClaims(sub, cospace, expiresAt, Set.copyOf(perms), channels);
    }

    private static List<String> stringList(Object value) {
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list)) {
            throw fail(MALFORMED);
        }
        List<String> out = new ArrayList<>(list.size());
        for (Object o : list) {
            out.add((String) o); // JsonReader only produces arrays of strings
        }
        return out;
    }

    private static Map<String, Object> parseJson(String part) {
        byte[] raw = decode(part);
        try {
            String text = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(raw))
                    .toString();
            return JsonReader.parseObject(text);
        } catch (CharacterCodingException | IllegalArgumentException e) {
            throw fail(MALFORMED);
        }
    }

    private byte[] sign(String signingInput) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(secret, HMAC));
            return mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required by every Java platform", e);
        }
    }

    private static byte[] decode(String part) {
        try {
            return Base64.getUrlDecoder().decode(part);
        } catch (IllegalArgumentException e) {
            throw fail(MALFORMED);
        }
    }

    private static String b64(byte[] data) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(data);
    }

    private static long saturatedAdd(long a, long b) {
        long r = a + b;
        return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
    }

    private static Map<String, Object> headerFields() {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("alg", "HS256");
        h.put("typ", "JWT");
        return h;
    }

    private static AuthException fail(String message) {
        return new AuthException(AuthException.Kind.UNAUTHORIZED, message);
    }

    @Override
    public String toString() {
        return "JoinTokenCodec[secret=" + secret.length + " bytes]";
    }
}
