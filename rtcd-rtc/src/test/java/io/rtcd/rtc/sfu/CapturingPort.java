package io.rtcd.rtc.sfu;

import io.rtcd.rtc.transport.udp.UdpBuffer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** In-memory {@link MediaPort}: records copies of what would have been protected and sent. */
final class CapturingPort implements MediaPort {
    final List<byte[]> rtp = new CopyOnWriteArrayList<>();
    final List<byte[]> rtcp = new CopyOnWriteArrayList<>();

    @Override
    public boolean sendRtp(UdpBuffer packet) {
        rtp.add(packet.toArray());
        return true;
    }

    @Override
    public boolean sendRtcp(UdpBuffer packet) {
        rtcp.add(packet.toArray());
        return true;
    }
}
