package io.rtcd.rtc.sfu;

import io.rtcd.rtc.sdp.Candidate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
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

    /**
     * @param udpIps local IPs of the UDP port
     * @param tcpIps local IPs of the TCP port (ignored when {@code tcpPort < 0})
     * @param tcpPort the bound TCP port, or negative when ICE-TCP is off
     * @param override a resolved {@code rtc.ice_host_override}
     */
    static List<Candidate> build(
            List<String> udpIps, int udpPort, List<String> tcpIps, int tcpPort, IceHostOverride override) {
        List<Candidate> out = new ArrayList<>();
        int foundation = 1;
        int index = 0;
        for (String ip : distinct(override.advertised(udpIps))) {
            long local = 65535 - index;
            out.add(Candidate.of(
                    Integer.toString(foundation++),
                    1,
                    "udp",
                    priority(UDP_HOST_TYPE_PREFERENCE, local),
                    ip,
                    udpPort,
                    "host"));
            index++;
        }
        if (tcpPort >= 0) {
            index = 0;
            for (String ip : distinct(override.advertised(tcpIps))) {
                long local = ((long) TCP_PASSIVE_DIRECTION_PREFERENCE << 13) | (8191 - index);
                Candidate c = Candidate.of(
                        Integer.toString(foundation++),
                        1,
                        "tcp",
                        priority(TCP_HOST_TYPE_PREFERENCE, local),
                        ip,
                        tcpPort,
                        "host");
                out.add(new Candidate(c.description() + " tcptype passive"));
                index++;
            }
        }
        return List.copyOf(out);
    }

    private static long priority(int typePreference, long localPreference) {
        return ((long) typePreference << 24) | (localPreference << 8) | 255;
    }

    private static List<String> distinct(List<String> ips) {
        Set<String> seen = new LinkedHashSet<>(ips);
        return List.copyOf(seen);
    }
}
