package io.rtcd.rtc.sfu;

import io.rtcd.rtc.sdp.Candidate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The host candidates every session advertises (RFC 8839 §5.1): one UDP candidate per advertised address on the
 * shared UDP port and, with ICE-TCP on, one passive TCP candidate per advertised address on the shared TCP port
 * (RFC 6544 §4.5: {@code tcptype passive}, the listening port). Advertised addresses are the local IPs after {@code
 * rtc.ice_host_override}; duplicates (several local IPs mapped to one public IP) are written once.
 *
 * <p>Priorities (RFC 8445 §5.1.2.1: {@code 2^24 * type + 2^8 * local + (256 - component)}): UDP host type preference
 * 126; TCP host 90 (lower than UDP so UDP wins when both work, as Chromium does), with the RFC 6544 §4.2 local
 * preference {@code 2^13 * direction + other} and direction 4 for passive. Pure function, no I/O.
 */
final class HostCandidates {
    static final int UDP_HOST_TYPE_PREFERENCE = 126;
    static final int TCP_HOST_TYPE_PREFERENCE = 90;
    static final int TCP_PASSIVE_DIRECTION_PREFERENCE = 4;

    private HostCandidates() {}

    /** Same, without a port override. */
    static List<Candidate> build(
            List<String> udpIps, int udpPort, List<String> tcpIps, int tcpPort, IceHostOverride override) {
        return build(udpIps, udpPort, tcpIps, tcpPort, override, IceHostPortOverride.NONE);
    }

    /**
     * @param udpIps local IPs of the UDP port
     * @param tcpIps local IPs of the TCP port (ignored when {@code tcpPort < 0})
     * @param tcpPort the bound TCP port, or negative when ICE-TCP is off
     * @param override a resolved {@code rtc.ice_host_override}
     * @param portOverride {@code rtc.ice_host_port_override}: replaces the port of external candidates (those whose
     *     address comes from {@code override}), UDP and TCP alike
     */
    static List<Candidate> build(
            List<String> udpIps,
            int udpPort,
            List<String> tcpIps,
            int tcpPort,
            IceHostOverride override,
            IceHostPortOverride portOverride) {
        Set<String> allLocal = new LinkedHashSet<>(udpIps);
        if (tcpPort >= 0) {
            allLocal.addAll(tcpIps);
        }
        OptionalInt externalPort = portOverride.portFor(List.copyOf(allLocal));
        List<Candidate> out = new ArrayList<>();
        int foundation = 1;
        int index = 0;
        for (String[] at : endpoints(udpIps, udpPort, override, externalPort)) {
            long local = 65535 - index;
            out.add(Candidate.of(
                    Integer.toString(foundation++),
                    1,
                    "udp",
                    priority(UDP_HOST_TYPE_PREFERENCE, local),
                    at[0],
                    Integer.parseInt(at[1]),
                    "host"));
            index++;
        }
        if (tcpPort >= 0) {
            index = 0;
            for (String[] at : endpoints(tcpIps, tcpPort, override, externalPort)) {
                long local = ((long) TCP_PASSIVE_DIRECTION_PREFERENCE << 13) | (8191 - index);
                Candidate c = Candidate.of(
                        Integer.toString(foundation++),
                        1,
                        "tcp",
                        priority(TCP_HOST_TYPE_PREFERENCE, local),
                        at[0],
                        Integer.parseInt(at[1]),
                        "host");
                out.add(new Candidate(c.description() + " tcptype passive"));
                index++;
            }
        }
        return List.copyOf(out);
    }

    /** Distinct {address, port} pairs the local IPs are advertised as, in order. */
    private static List<String[]> endpoints(
            List<String> localIps, int boundPort, IceHostOverride override, OptionalInt externalPort) {
        List<String> addresses = override.advertised(localIps);
        Set<String> seen = new LinkedHashSet<>();
        List<String[]> out = new ArrayList<>();
        for (int i = 0; i < localIps.size(); i++) {
            boolean external = override.isExternal(localIps.get(i), localIps.size());
            int port = external && externalPort.isPresent() ? externalPort.getAsInt() : boundPort;
            String address = addresses.get(i);
            if (seen.add(address + " " + port)) {
                out.add(new String[] {address, Integer.toString(port)});
            }
        }
        return out;
    }

    private static long priority(int typePreference, long localPreference) {
        return ((long) typePreference << 24) | (localPreference << 8) | 255;
    }
}
