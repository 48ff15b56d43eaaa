package io.rtcd.rtc.sctp.packet;

import java.util.List;

/**
 * An SCTP packet (RFC 9260 §3): common header plus chunks. The checksum is computed on encode and verified on
 * decode by {@link SctpPacketCodec}.
 *
 * @param sourcePort source port
 * @param destinationPort destination port
 * @param verificationTag verification tag (§8.5)
 * @param chunks the chunks in wire order
 */
public record SctpPacket(int sourcePort, int destinationPort, int verificationTag, List<Chunk> chunks) {
    public SctpPacket {
        chunks = List.copyOf(chunks);
    }
}
