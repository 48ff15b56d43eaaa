package io.rtcd.rtc.sfu;

import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;

/**
 * {@code rtc.ice_host_port_override} (rtcd PR #137): the port host candidates advertise instead of the
 * bound one, for pods that share one public IP behind a load balancer with a port per pod. Two forms:
 *
 * <ul>
 *   <li>a port: every pod advertises it;
 *   <li>{@code localIP/port,...}: the pod advertises the port of the entry whose IP is one of its local IPs, so one
 *       configuration serves every pod; no IP and no port may appear twice.
 * </ul>
 *
 * As in rtcd it applies, for UDP and TCP alike, only to candidates whose address comes from {@code
 * rtc.ice_host_override} (the external addresses); without an override nothing changes. Immutable; no I/O.
 *
 * @param value the configured text, trimmed ("" = no override)
 * @param port the single port, or 0 in the per-IP form or when empty
 * @param byLocalIp local IP to port (empty unless the per-IP form)
 */
public record IceHostPortOverride(String value, int port, Map<String, Integer> byLocalIp) {
    private static final String KEY = "rtc.ice_host_port_override";

    /** No override. */
    public static final IceHostPortOverride NONE = new IceHostPortOverride("", 0, Map.of());

    public IceHostPortOverride {
        Objects.requireNonNull(value, "value");
        byLocalIp = Collections.unmodifiableMap(new LinkedHashMap<>(byLocalIp));
    }

    /**
     * Parses and validates the configured text (ports 80–49151, as rtcd).
     *
     * @throws IllegalArgumentException naming the key and the bad part
     */
    public static IceHostPortOverride parse(String text) {
        Objects.requireNonNull(text, KEY);
        String v = text.trim();
        if (v.isEmpty()) {
            return NONE;
        }
        if (v.indexOf('/') < 0) {
            return new IceHostPortOverride(v, port(text, v), Map.of());
        }
        Map<String, Integer> map = new LinkedHashMap<>();
        Set<Integer> ports = new HashSet<>();
        for (String entry : v.split(",", -1)) {
            String e = entry.trim();
            int slash = e.indexOf('/');
            if (slash <= 0 || slash != e.lastIndexOf('/')) {
                throw bad(text, "entry '" + e + "' is not localIP/port");
            }
            String ip = e.substring(0, slash).trim();
            if (!RtcConfig.isIpLiteral(ip)) {
                throw bad(text, "'" + ip + "' is not an IP literal");
            }
            int p = port(text, e.substring(slash + 1).trim());
            if (map.put(ip, p) != null) {
                throw bad(text, "IP " + ip + " appears twice");
            }
            if (!ports.add(p)) {
                throw bad(text, "port " + p + " appears twice");
            }
        }
        return new IceHostPortOverride(v, 0, map);
    }

    public boolean isEmpty() {
        return value.isEmpty();
    }

    /** The port this host advertises for its external candidates, given its local IPs; empty = keep the bound port. */
    public OptionalInt portFor(List<String> localIps) {
        if (port != 0) {
            return OptionalInt.of(port);
        }
        for (String ip : localIps) {
            Integer p = byLocalIp.get(ip);
            if (p != null) {
                return OptionalInt.of(p);
            }
        }
        return OptionalInt.empty();
    }

    private static int port(String text, String s) {
        int p;
        try {
            p = Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw bad(text, "'" + s + "' is not a port");
        }
        if (p < 80 || p > 49151) {
            throw bad(text, "port " + p + " outside [80, 49151]");
        }
        return p;
    }

    private static IllegalArgumentException bad(String text, String why) {
        return new IllegalArgumentException(
                KEY + " must be a port or localIP/port,... pairs, got '" + text + "': " + why);
    }
}
