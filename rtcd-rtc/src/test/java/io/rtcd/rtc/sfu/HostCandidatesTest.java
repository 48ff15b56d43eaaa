package io.rtcd.rtc.sfu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtcd.rtc.sdp.Candidate;
import io.rtcd.rtc.sdp.Fingerprint;
import io.rtcd.rtc.sdp.SdpParser;
import io.rtcd.rtc.sdp.SessionDescription;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Host candidates of the shared ports: UDP, passive TCP (RFC 6544), the override applied to both. */
class HostCandidatesTest {
    @Test
    void udpAndPassiveTcpCandidatesWithPriorities() {
        List<Candidate> c = HostCandidates.build(
                List.of("10.0.0.5", "192.168.1.2"),
                8443,
                List.of("10.0.0.5", "192.168.1.2"),
                8443,
                IceHostOverride.NONE);
        assertEquals(4, c.size());
        assertEquals("1 1 udp 2130706431 10.0.0.5 8443 typ host", c.get(0).value());
        assertEquals("2 1 udp 2130706175 192.168.1.2 8443 typ host", c.get(1).value());
        // type preference 90, local preference 2^13 * 4 (passive) + 8191, component 1
        long tcp0 = (90L << 24) | ((4L << 13 | 8191) << 8) | 255;
        assertEquals(
                "3 1 tcp " + tcp0 + " 10.0.0.5 8443 typ host tcptype passive",
                c.get(2).value());
        assertEquals("tcp", c.get(3).transport());
        assertTrue(c.get(3).priority() < c.get(2).priority());
        assertTrue(c.get(2).priority() < c.get(1).priority(), "UDP preferred over TCP");
    }

    @Test
    void tcpOffWritesUdpOnly() {
        List<Candidate> c =
                HostCandidates.build(List.of("10.0.0.5"), 8443, List.of("10.0.0.5"), -1, IceHostOverride.NONE);
        assertEquals(
                List.of("1 1 udp 2130706431 10.0.0.5 8443 typ host"),
                c.stream().map(Candidate::value).toList());
    }

    @Test
    void overrideAppliesToUdpAndTcpAndDeduplicates() {
        IceHostOverride o = IceHostOverride.parse("203.0.113.7");
        List<Candidate> c =
                HostCandidates.build(List.of("10.0.0.5", "10.0.0.6"), 8443, List.of("10.0.0.5", "10.0.0.6"), 9443, o);
        assertEquals(
                List.of("udp 203.0.113.7 8443", "tcp 203.0.113.7 9443"),
                c.stream()
                        .map(x -> x.transport() + " " + x.address() + " " + x.port())
                        .toList());

        IceHostOverride pairs = IceHostOverride.parse("203.0.113.7/10.0.0.5");
        List<Candidate> p =
                HostCandidates.build(List.of("10.0.0.5", "10.0.0.6"), 8443, List.of("10.0.0.6"), 8443, pairs);
        assertEquals(
                List.of("udp 203.0.113.7", "udp 10.0.0.6", "tcp 10.0.0.6"),
                p.stream().map(x -> x.transport() + " " + x.address()).toList());
    }

    @Test
    void portOverrideAppliesToExternalCandidatesOnly() {
        // no host override: no external address, the port override changes nothing (as rtcd)
        List<Candidate> none = HostCandidates.build(
                List.of("10.0.0.5"),
                8443,
                List.of("10.0.0.5"),
                8443,
                IceHostOverride.NONE,
                IceHostPortOverride.parse("30443"));
        assertEquals(List.of(8443, 8443), none.stream().map(Candidate::port).toList());

        // one port for every pod, UDP and TCP alike
        List<Candidate> single = HostCandidates.build(
                List.of("10.0.0.5"),
                8443,
                List.of("10.0.0.5"),
                8443,
                IceHostOverride.parse("203.0.113.7"),
                IceHostPortOverride.parse("30443"));
        assertEquals(
                List.of("udp 203.0.113.7 30443", "tcp 203.0.113.7 30443"),
                single.stream()
                        .map(x -> x.transport() + " " + x.address() + " " + x.port())
                        .toList());

        // per-pod form: the entry of this host's local IP; unmapped local IPs keep their address and port
        IceHostPortOverride perPod = IceHostPortOverride.parse("10.0.0.4/30442, 10.0.0.5/30443");
        List<Candidate> pod = HostCandidates.build(
                List.of("10.0.0.5", "172.16.0.9"),
                8443,
                List.of("10.0.0.5", "172.16.0.9"),
                -1,
                IceHostOverride.parse("203.0.113.7/10.0.0.5"),
                perPod);
        assertEquals(
                List.of("udp 203.0.113.7 30443", "udp 172.16.0.9 8443"),
                pod.stream()
                        .map(x -> x.transport() + " " + x.address() + " " + x.port())
                        .toList());
        assertTrue(perPod.portFor(List.of("192.168.0.1")).isEmpty(), "no entry for this host: bound port");
    }

    @Test
    void portOverrideValidation() {
        for (String bad : List.of(
                "79",
                "49152",
                "x",
                "10.0.0.5/30443,10.0.0.5/30444",
                "10.0.0.5/30443,10.0.0.6/30443",
                "host/30443",
                "10.0.0.5/")) {
            IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(
                    IllegalArgumentException.class, () -> IceHostPortOverride.parse(bad), bad);
            assertTrue(e.getMessage().contains("rtc.ice_host_port_override"), e.getMessage());
        }
        assertTrue(IceHostPortOverride.parse(" ").isEmpty());
        assertEquals("30443", RtcConfig.defaults().withHostPortOverride("30443").iceHostPortOverride());
        IllegalArgumentException viaConfig = org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class, () -> RtcConfig.defaults().withHostPortOverride("70000"));
        assertTrue(viaConfig.getMessage().contains("rtc.ice_host_port_override"), viaConfig.getMessage());
    }

    @Test
    void candidatesAppearInTheAnswerSdp() {
        List<Candidate> c = HostCandidates.build(
                List.of("10.0.0.5"), 8443, List.of("10.0.0.5"), 8443, IceHostOverride.parse("203.0.113.7/10.0.0.5"));
        LocalTransport local =
                new LocalTransport("sfuU", "sfuPasswordSfuPassword1", Fingerprint.of("sha-256", new byte[32]), c);
        String sdp = new SessionNegotiator("b", local, 42, () -> new String[] {"rstU", "restartedPassword0123456789"})
                .acceptOffer(TestSdp.offer("cliU", "clientPasswordClientPwd1", TestSdp.FINGERPRINT, "s", 1234, 0))
                .answer();
        assertTrue(sdp.contains("a=candidate:1 1 udp 2130706431 203.0.113.7 8443 typ host\r\n"), sdp);
        assertTrue(
                sdp.matches("(?s).*a=candidate:2 1 tcp \\d+ 203\\.0\\.113\\.7 8443 typ host tcptype passive\r\n.*"),
                sdp);
        SessionDescription parsed = SdpParser.parse(sdp);
        for (var m : parsed.media()) {
            assertEquals(2, m.candidates().size());
            assertEquals("tcp", m.candidates().get(1).transport());
        }
    }
}
