package io.rtcd.rtc.sfu;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code rtc.ice_host_override}: the address host candidates advertise instead of the local IPs,
 * a 1:1 NAT mapping of type host (the candidate's IP is replaced; no separate srflx candidate). rtcd's three forms:
 *
 * <ul>
 *   <li>{@code EXT/INT,EXT/INT,...}: explicit pairs; a local IP {@code INT} is advertised as {@code EXT}; local IPs
 *       without a pair are advertised as themselves. Both sides IP literals, each {@code INT} once.
 *   <li>an IP literal: with a single local IP (of the same family) that IP maps to it; with several, loopback IPs
 *       map to themselves and every other IP of the override's family maps to the override.
 *   <li>a hostname: resolved once, by {@link #resolve}, when the server starts (rtcd: 1 s timeout, first IPv4
 *       address), then used as an IP. No other lookup is ever made.
 * </ul>
 *
 * <p>Immutable; {@link #parse} validates without any I/O.
 *
 * @param value the configured text, trimmed ("" = no override)
 * @param host the single IP or hostname, or {@code null} in the pairs form or when empty
 * @param pairs local IP to advertised IP, in configured order (empty unless the pairs form)
 */
public record IceHostOverride(String value, String host, Map<String, String> pairs) {
    /** How long {@link #resolve} waits for a hostname (host resolve 1 s). */
    public static final Duration RESOLVE_TIMEOUT = Duration.ofSeconds(1);

    private static final String KEY = "rtc.ice_host_override";

    /** Name resolution, replaceable in tests. */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    public IceHostOverride {
        Objects.requireNonNull(value, "value");
        pairs = Collections.unmodifiableMap(new LinkedHashMap<>(pairs));
    }

    /** No override. */
    public static final IceHostOverride NONE = new IceHostOverride("", null, Map.of());

    /**
     * Parses and validates the configured text.
     *
     * @throws IllegalArgumentException naming the key and the bad part
     */
    public static IceHostOverride parse(String text) {
        Objects.requireNonNull(text, KEY);
        String v = text.trim();
        if (v.isEmpty()) {
            return NONE;
        }
        if (v.indexOf('/') >= 0) {
            Map<String, String> pairs = new LinkedHashMap<>();
            for (String entry : v.split(",", -1)) {
                String e = entry.trim();
                int slash = e.indexOf('/');
                if (slash <= 0 || slash != e.lastIndexOf('/') || slash == e.length() - 1) {
                    throw bad(text, "entry '" + e + "' is not EXT/INT");
                }
                String ext = e.substring(0, slash).trim();
                String local = e.substring(slash + 1).trim();
                if (!RtcConfig.isIpLiteral(ext) || !RtcConfig.isIpLiteral(local)) {
                    throw bad(text, "entry '" + e + "' needs IP literals on both sides of '/'");
                }
                if (pairs.put(canonical(local), canonical(ext)) != null) {
                    throw bad(text, "local IP " + local + " is mapped twice");
                }
            }
            return new IceHostOverride(v, null, pairs);
        }
        if (v.indexOf(',') >= 0) {
            throw bad(text, "a list must be EXT/INT pairs");
        }
        if (RtcConfig.isIpLiteral(v)) {
            return new IceHostOverride(v, canonical(v), Map.of());
        }
        if (!isHostname(v)) {
            throw bad(text, "not an IP, a hostname or EXT/INT pairs");
        }
        return new IceHostOverride(v, v, Map.of());
    }

    public boolean isEmpty() {
        return value.isEmpty();
    }

    /** Whether this is the hostname form, which {@link #resolve} must turn into an IP before use. */
    public boolean needsResolution() {
        return host != null && !RtcConfig.isIpLiteral(host);
    }

    /**
     * The hostname form resolved to its first IPv4 address (rtcd resolves on "ip4", with a 1 s timeout); other forms
     * are returned as they are, without any lookup.
     *
     * @throws SfuException if the name does not resolve to an IPv4 address in time
     */
    public IceHostOverride resolve(Resolver resolver, Duration timeout) {
        if (!needsResolution()) {
            return this;
        }
        CompletableFuture<InetAddress[]> lookup = new CompletableFuture<>();
        Thread t = new Thread(
                () -> {
                    try {
                        lookup.complete(resolver.resolve(host));
                    } catch (UnknownHostException | RuntimeException e) {
                        lookup.completeExceptionally(e);
                    }
                },
                "rtcd-resolve-host-override");
        t.setDaemon(true);
        t.start();
        InetAddress[] all;
        try {
            all = lookup.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new SfuException(KEY + ": resolving '" + host + "' took longer than " + timeout);
        } catch (ExecutionException e) {
            throw new SfuException(
                    KEY + ": cannot resolve '" + host + "': " + e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SfuException(KEY + ": interrupted while resolving '" + host + "'");
        }
        for (InetAddress a : all) {
            if (a instanceof Inet4Address) {
                return new IceHostOverride(value, a.getHostAddress(), Map.of());
            }
        }
        throw new SfuException(KEY + ": '" + host + "' has no IPv4 address");
    }

    /**
     * The address each local IP is advertised as (rtcd's {@code generateAddrsPairs}), in the order of {@code
     * localIps}. Must be called on a resolved override.
     */
    public List<String> advertised(List<String> localIps) {
        if (needsResolution()) {
            throw new IllegalStateException(KEY + " '" + host + "' is not resolved yet");
        }
        List<String> out = new ArrayList<>(localIps.size());
        for (String ip : localIps) {
            out.add(advertised(ip, localIps.size()));
        }
        return out;
    }

    /**
     * Whether {@code localIp} is mapped to an external address (rtcd has an {@code EXT/INT} pair for it, possibly
     * mapping a loopback IP to itself): {@code rtc.ice_host_port_override} applies to those candidates only.
     */
    public boolean isExternal(String localIp, int localCount) {
        String local = canonical(localIp);
        if (!pairs.isEmpty()) {
            return pairs.containsKey(local);
        }
        if (host == null) {
            return false;
        }
        boolean sameFamily = isV6(host) == isV6(local);
        return localCount == 1 ? sameFamily : sameFamily || isLoopback(local);
    }

    private String advertised(String localIp, int localCount) {
        String local = canonical(localIp);
        if (!pairs.isEmpty()) {
            return pairs.getOrDefault(local, localIp);
        }
        if (host == null) {
            return localIp;
        }
        boolean sameFamily = isV6(host) == isV6(local);
        if (!sameFamily) {
            return localIp;
        }
        if (localCount > 1 && isLoopback(local)) {
            return localIp;
        }
        return host;
    }

    private static boolean isV6(String ip) {
        return ip.indexOf(':') >= 0;
    }

    private static boolean isLoopback(String ip) {
        return ip.startsWith("127.") || ip.equals("::1") || ip.equals("0:0:0:0:0:0:0:1");
    }

    /** The textual form Java gives an IP literal (no lookup: the text is a literal). */
    private static String canonical(String ipLiteral) {
        try {
            return InetAddress.ofLiteral(ipLiteral).getHostAddress();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(KEY + ": '" + ipLiteral + "' is not an IP literal", e);
        }
    }

    /** RFC 1123 hostname: dot-separated labels of letters, digits and inner hyphens, at most 253 characters. */
    static boolean isHostname(String s) {
        if (s.length() > 253
                || s.startsWith(".")
                || s.endsWith(".")
                || s.chars().allMatch(c -> c == '.' || Character.isDigit(c))) {
            return false;
        }
        for (String label : s.split("\\.", -1)) {
            if (label.isEmpty() || label.length() > 63 || label.startsWith("-") || label.endsWith("-")) {
                return false;
            }
            for (int i = 0; i < label.length(); i++) {
                char c = label.charAt(i);
                boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
                if (!ok) {
                    return false;
                }
            }
        }
        return true;
    }

    private static IllegalArgumentException bad(String text, String why) {
        return new IllegalArgumentException(
                KEY + " must be an IP, a hostname or EXT/INT,... pairs, got '" + text + "': " + why);
    }
}
