package io.rtcd.rtc.sctp;

import io.rtcd.rtc.sctp.packet.Chunk;
import io.rtcd.rtc.sctp.packet.SctpPacket;
import io.rtcd.rtc.sctp.packet.SctpPacketCodec;
import io.rtcd.rtc.sctp.packet.WireBytes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Bundles chunks into packets of at most the MTU (RFC 9260 §6.10), one verification tag per packet, and appends the
 * encoded packets to the association's outbox. Not thread-safe.
 */
final class PacketAssembler {
    private final int sourcePort;
    private final int destinationPort;
    private final int mtu;
    private final ArrayDeque<byte[]> outbox;
    private final List<Chunk> chunks = new ArrayList<>();
    private int tag;
    private int size = SctpPacketCodec.HEADER_LENGTH;
    private long packetsProduced;

    PacketAssembler(int sourcePort, int destinationPort, int mtu, ArrayDeque<byte[]> outbox) {
        this.sourcePort = sourcePort;
        this.destinationPort = destinationPort;
        this.mtu = mtu;
        this.outbox = outbox;
    }

    /** Largest DATA payload that fits an otherwise empty packet. */
    int maxPayload() {
        return mtu - SctpPacketCodec.HEADER_LENGTH - 16;
    }

    /** Bytes still free in the packet being built for {@code packetTag} (a full packet's room if tags differ). */
    int room(int packetTag) {
        if (chunks.isEmpty() || packetTag != tag) {
            return mtu - SctpPacketCodec.HEADER_LENGTH;
        }
        return mtu - size;
    }

    /** Adds a chunk, starting a new packet when the tag differs or the chunk does not fit. */
    void add(int packetTag, Chunk c) {
        int len = WireBytes.padded(c.chunkLength());
        if (!chunks.isEmpty() && (packetTag != tag || size + len > mtu)) {
            flush();
        }
        tag = packetTag;
        chunks.add(c);
        size += len;
    }

    /** Adds a chunk that must travel alone (INIT, INIT ACK, SHUTDOWN COMPLETE, §6.10). */
    void addAlone(int packetTag, Chunk c) {
        flush();
        add(packetTag, c);
        flush();
    }

    /** Number of packets in the current flush window. */
    long packetsProduced() {
        return packetsProduced;
    }

    boolean isEmpty() {
        return chunks.isEmpty();
    }

    /** Emits the packet being built, if any. */
    void flush() {
        if (chunks.isEmpty()) {
            return;
        }
        outbox.add(SctpPacketCodec.encode(new SctpPacket(sourcePort, destinationPort, tag, chunks)));
        packetsProduced++;
        chunks.clear();
        size = SctpPacketCodec.HEADER_LENGTH;
    }
}
