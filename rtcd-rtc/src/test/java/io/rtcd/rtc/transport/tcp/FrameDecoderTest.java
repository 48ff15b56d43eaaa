package io.rtcd.rtc.transport.tcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 4571 §2 de-framing: split reads, several frames per read, empty and oversize frames. */
class FrameDecoderTest {
    private final List<byte[]> frames = new ArrayList<>();
    private final FrameDecoder.FrameHandler collect =
            (b, off, len) -> frames.add(Arrays.copyOfRange(b, off, off + len));

    private static byte[] framed(byte[]... packets) {
        ByteBuffer bb = ByteBuffer.allocate(
                Arrays.stream(packets).mapToInt(p -> p.length + 2).sum());
        for (byte[] p : packets) {
            bb.putShort((short) p.length).put(p);
        }
        return bb.array();
    }

    private static byte[] packet(int len, int seed) {
        byte[] p = new byte[len];
        for (int i = 0; i < len; i++) {
            p[i] = (byte) (seed + i);
        }
        return p;
    }

    private int feed(FrameDecoder d, byte[] stream, int off, int len) {
        d.readTarget().put(stream, off, len);
        return d.drain(collect);
    }

    @Test
    void deliversFramesSplitAtEveryByte() {
        byte[] a = packet(100, 1);
        byte[] b = packet(1, 7);
        byte[] c = packet(1500, 3);
        byte[] stream = framed(a, b, c);
        FrameDecoder d = new FrameDecoder(1500, 4096);
        for (int i = 0; i < stream.length; i++) {
            assertEquals(0, feed(d, stream, i, 1));
        }
        assertEquals(3, frames.size());
        assertArrayEquals(a, frames.get(0));
        assertArrayEquals(b, frames.get(1));
        assertArrayEquals(c, frames.get(2));
    }

    @Test
    void deliversSeveralFramesOfOneReadAndKeepsTheTail() {
        byte[] stream = framed(packet(10, 1), packet(20, 2), packet(30, 3));
        FrameDecoder d = new FrameDecoder(1500, 4096);
        assertEquals(0, feed(d, stream, 0, stream.length - 5));
        assertEquals(2, frames.size());
        feed(d, stream, stream.length - 5, 5);
        assertEquals(3, frames.size());
        assertArrayEquals(packet(30, 3), frames.get(2));
        assertEquals(0, d.readTarget().position(), "nothing left buffered");
    }

    @Test
    void skipsOversizeFramesWithoutBufferingThem() {
        byte[] big = packet(5000, 9);
        byte[] small = packet(40, 4);
        byte[] stream = framed(big, small);
        FrameDecoder d = new FrameDecoder(1500, 1502);
        int oversize = 0;
        for (int off = 0; off < stream.length; off += 1000) {
            oversize += feed(d, stream, off, Math.min(1000, stream.length - off));
        }
        assertEquals(1, oversize);
        assertEquals(1, frames.size());
        assertArrayEquals(small, frames.get(0));
    }

    @Test
    void emptyFrameIsDeliveredAsEmpty() {
        FrameDecoder d = new FrameDecoder(1500, 4096);
        feed(d, new byte[] {0, 0, 0, 1, 42}, 0, 5);
        assertEquals(2, frames.size());
        assertEquals(0, frames.get(0).length);
        assertArrayEquals(new byte[] {42}, frames.get(1));
    }
}
