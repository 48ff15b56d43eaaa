package io.rtcd.rtc.sctp;

import io.rtcd.rtc.sctp.packet.Chunk;
import io.rtcd.rtc.sctp.packet.SctpPacket;
import io.rtcd.rtc.sctp.packet.SctpPacketCodec;
import java.util.function.Predicate;

/** Packet inspection helpers for tests. */
public final class SctpTestPackets {
    private SctpTestPackets() {}

    /** Decodes a packet the test produced itself (must be valid). */
    public static SctpPacket decode(byte[] p) {
        SctpPacketCodec.Result r = SctpPacketCodec.decode(p, 0, p.length);
        if (r.packet() == null) {
            throw new AssertionError("invalid packet: " + r.dropReason());
        }
        return r.packet();
    }

    /** True when the packet holds a chunk of the class. */
    public static boolean has(byte[] p, Class<? extends Chunk> type) {
        for (Chunk c : decode(p).chunks()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }

    /** A filter matching the first {@code n} packets that hold a chunk of {@code type}. */
    public static Predicate<byte[]> firstN(Class<? extends Chunk> type, int n) {
        int[] left = {n};
        return p -> {
            if (left[0] > 0 && has(p, type)) {
                left[0]--;
                return true;
            }
            return false;
        };
    }

    /** Re-encodes a packet with a different verification tag (valid checksum). */
    public static byte[] withTag(byte[] p, int tag) {
        SctpPacket d = decode(p);
        return SctpPacketCodec.encode(new SctpPacket(d.sourcePort(), d.destinationPort(), tag, d.chunks()));
    }
}
