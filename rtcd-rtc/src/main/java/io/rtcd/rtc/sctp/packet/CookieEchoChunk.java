package io.rtcd.rtc.sctp.packet;

/**
 * COOKIE ECHO (RFC 9260 §3.3.11): the opaque state cookie from the INIT ACK, echoed back.
 *
 * @param cookie cookie bytes
 */
public record CookieEchoChunk(byte[] cookie) implements Chunk {
    @Override
    public int type() {
        return ChunkType.COOKIE_ECHO;
    }

    @Override
    public int flags() {
        return 0;
    }

    @Override
    public int valueLength() {
        return cookie.length;
    }

    @Override
    public void encodeValue(byte[] buf, int off) {
        System.arraycopy(cookie, 0, buf, off, cookie.length);
    }

    static CookieEchoChunk decode(byte[] b, int off, int len) {
        if (len == 0) {
            return null;
        }
        byte[] c = new byte[len];
        System.arraycopy(b, off, c, 0, len);
        return new CookieEchoChunk(c);
    }
}
