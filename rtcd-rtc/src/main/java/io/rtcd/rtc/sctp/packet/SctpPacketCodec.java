package io.rtcd.rtc.sctp.packet;

import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Encodes and decodes whole SCTP packets (RFC 9260 §3) with the CRC32c checksum (§6.8, Appendix B).
 *
 * <p>The CRC32c value computed over the packet with a zeroed checksum field is stored least-significant byte first,
 * which is how RFC 9260 Appendix B's bit-reflected algorithm lands on the wire (RFC 3720 §B.4 vectors).
 *
 * <p>Decoding never throws on hostile input: every length is bounds-checked and failures come back as a {@link
 * Result} carrying a {@link SctpDropReason}. Stateless and thread-safe.
 */
public final class SctpPacketCodec {
    /** Bytes of the common header (§3.1). */
    public static final int HEADER_LENGTH = 12;

    private SctpPacketCodec() {}

    /**
     * Outcome of {@link #decode}: exactly one of packet or dropReason is non-null.
     *
     * @param packet decoded packet
     * @param dropReason why the bytes were rejected
     */
    public record Result(SctpPacket packet, SctpDropReason dropReason) {}

    /** Computes the SCTP CRC32c over {@code [off, off+len)} treating bytes 8..11 (the checksum field) as zero. */
    public static int checksum(byte[] buf, int off, int len) {
        CRC32C crc = new CRC32C();
        crc.update(buf, off, 8);
        crc.update(new byte[4], 0, 4);
        crc.update(buf, off + HEADER_LENGTH, len - HEADER_LENGTH);
        return (int) crc.getValue();
    }

    /** Total encoded size of a packet, padding included. */
    public static int encodedLength(List<Chunk> chunks) {
        int len = HEADER_LENGTH;
        for (Chunk c : chunks) {
            len += WireBytes.padded(c.chunkLength());
        }
        return len;
    }

    /** Encodes a packet, computing the checksum. */
    public static byte[] encode(SctpPacket packet) {
        byte[] out = new byte[encodedLength(packet.chunks())];
        WireBytes.put16(out, 0, packet.sourcePort());
        WireBytes.put16(out, 2, packet.destinationPort());
        WireBytes.put32(out, 4, packet.verificationTag());
        int p = HEADER_LENGTH;
        for (Chunk c : packet.chunks()) {
            out[p] = (byte) c.type();
            out[p + 1] = (byte) c.flags();
            WireBytes.put16(out, p + 2, c.chunkLength());
            c.encodeValue(out, p + 4);
            p += WireBytes.padded(c.chunkLength());
        }
        int crc = checksum(out, 0, out.length);
        out[8] = (byte) crc;
        out[9] = (byte) (crc >>> 8);
        out[10] = (byte) (crc >>> 16);
        out[11] = (byte) (crc >>> 24);
        return out;
    }

    /** Decodes and validates a packet. Never throws for any content of the given range. */
    public static Result decode(byte[] buf, int off, int len) {
        if (buf == null || off < 0 || len < HEADER_LENGTH + 4 || off > buf.length - len) {
            return new Result(null, SctpDropReason.TOO_SHORT);
        }
        int stored = (buf[off + 8] & 0xFF)
                | (buf[off + 9] & 0xFF) << 8
                | (buf[off + 10] & 0xFF) << 16
                | (buf[off + 11] & 0xFF) << 24;
        if (stored != checksum(buf, off, len)) {
            return new Result(null, SctpDropReason.BAD_CHECKSUM);
        }
        List<Chunk> chunks = new ArrayList<>(4);
        int p = off + HEADER_LENGTH;
        int end = off + len;
        while (p < end) {
            if (end - p < 4) {
                return new Result(null, SctpDropReason.MALFORMED_CHUNK);
            }
            int type = buf[p] & 0xFF;
            int flags = buf[p + 1] & 0xFF;
            int clen = WireBytes.u16(buf, p + 2);
            if (clen < 4 || clen > end - p) {
                return new Result(null, SctpDropReason.MALFORMED_CHUNK);
            }
            if (WireBytes.padded(clen) > end - p) {
                return new Result(null, SctpDropReason.BAD_PADDING);
            }
            Chunk c = decodeChunk(type, flags, buf, p + 4, clen - 4);
            if (c == null) {
                return new Result(null, SctpDropReason.MALFORMED_CHUNK);
            }
            chunks.add(c);
            p += WireBytes.padded(clen);
        }
        return new Result(
                new SctpPacket(
                        WireBytes.u16(buf, off), WireBytes.u16(buf, off + 2), WireBytes.i32(buf, off + 4), chunks),
                null);
    }

    private static Chunk decodeChunk(int type, int flags, byte[] b, int off, int len) {
        return switch (type) {
            case ChunkType.DATA -> DataChunk.decode(flags, b, off, len);
            case ChunkType.INIT -> InitChunk.decode(false, b, off, len);
            case ChunkType.INIT_ACK -> InitChunk.decode(true, b, off, len);
            case ChunkType.SACK -> SackChunk.decode(b, off, len);
            case ChunkType.HEARTBEAT -> HeartbeatChunk.decode(false, b, off, len);
            case ChunkType.HEARTBEAT_ACK -> HeartbeatChunk.decode(true, b, off, len);
            case ChunkType.ABORT -> AbortChunk.decode(flags, b, off, len);
            case ChunkType.SHUTDOWN -> ShutdownChunk.decode(b, off, len);
            case ChunkType.SHUTDOWN_ACK -> ShutdownAckChunk.decode(len);
            case ChunkType.ERROR -> ErrorChunk.decode(b, off, len);
            case ChunkType.COOKIE_ECHO -> CookieEchoChunk.decode(b, off, len);
            case ChunkType.COOKIE_ACK -> CookieAckChunk.decode(len);
            case ChunkType.SHUTDOWN_COMPLETE -> ShutdownCompleteChunk.decode(flags, len);
            case ChunkType.FORWARD_TSN -> ForwardTsnChunk.decode(b, off, len);
            case ChunkType.RE_CONFIG -> ReConfigChunk.decode(b, off, len);
            default -> {
                byte[] v = new byte[len];
                System.arraycopy(b, off, v, 0, len);
                yield new UnknownChunk(type, flags, v);
            }
        };
    }
}
