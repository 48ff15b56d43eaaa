package io.rtcd.ws.guard;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which browser pages may open a WebSocket: the check of the {@code Origin} request header (RFC 6455 §4.2.1 item 8,
 * §10.2; the origin's serialisation is RFC 6454 §6.2: {@code scheme "://" host [ ":" port ]}, lower case, default port
 * omitted).
 *
 * <ul>
 *   <li>No {@code Origin} header: allowed. Browsers always send one on WebSocket upgrades, so its absence means a
 *       non-browser client, which could forge any value anyway; such clients are held by the token alone.
 *   <li>Same origin: always allowed. The origin's authority ({@code host[:port]}) equals the request's {@code Host}
 *       header, compared case-insensitively as written: browsers omit the scheme's default port in both, so this also
 *       holds behind a TLS-terminating proxy that keeps {@code Host}.
 *   <li>Otherwise the origin must be in the allow-list (exact match after lower-casing), or the list holds {@code *}.
 *       The opaque origin {@code null} (sandboxed frames, {@code file:} pages) is only allowed by {@code *}.
 * </ul>
 *
 * <p>Immutable and thread-safe.
 */
public final class OriginPolicy {
    /** An allow-list entry: {@code scheme://host[:port]}, no path, or the wildcard {@code *}. */
    static final Pattern ENTRY = Pattern.compile("[a-z][a-z0-9+.-]*://[^/?#\\s@]+");

    private final Set<String> allowed;
    private final boolean any;

    /** @param allowedOrigins entries as {@link #normalise} returns them */
    public OriginPolicy(List<String> allowedOrigins) {
        this.allowed = Set.copyOf(allowedOrigins);
        this.any = allowed.contains("*");
    }

    /**
     * @param origin the {@code Origin} header, or null when absent
     * @param host the {@code Host} header, or null when absent
     */
    public boolean allows(String origin, String host) {
        if (origin == null || any) {
            return true;
        }
        String o = origin.trim().toLowerCase(Locale.ROOT);
        if (allowed.contains(o)) {
            return true;
        }
        int sep = o.indexOf("://");
        if (sep < 0 || host == null || host.isBlank()) {
            return false; // "null" and other opaque origins are never same-origin
        }
        return o.substring(sep + 3).equals(host.trim().toLowerCase(Locale.ROOT));
    }

    /**
     * Normalises one configured origin: trimmed, lower case, one trailing {@code /} dropped.
     *
     * @throws IllegalArgumentException if it is not {@code scheme://host[:port]} or {@code *}
     */
    public static String normalise(String key, String entry) {
        String e = entry == null ? "" : entry.trim().toLowerCase(Locale.ROOT);
        if (e.endsWith("/")) {
            e = e.substring(0, e.length() - 1);
        }
        if (!e.equals("*") && !ENTRY.matcher(e).matches()) {
            throw new IllegalArgumentException(key + " entries must look like https://host[:port] or be *, without a"
                    + " path (value: '" + entry + "')");
        }
        return e;
    }
}
