package io.rtcd.rtc.sctp.packet;

/**
 * One SCTP chunk (RFC 9260 §3.2): type, flags, and a value whose length excludes the 4-byte chunk header and the
 * trailing padding. Each implementation is an immutable record that carries its own value codec.
 */
public sealed interface Chunk
        permits DataChunk,
                InitChunk,
                SackChunk,
                HeartbeatChunk,
                AbortChunk,
                ShutdownChunk,
                ShutdownAckChunk,
                ErrorChunk,
                CookieEchoChunk,
                CookieAckChunk,
                ShutdownCompleteChunk,
                ForwardTsnChunk,
                ReConfigChunk,
                UnknownChunk {

    /** Chunk type code (RFC 9260 §3.2, RFC 3758 §3.2, RFC 6525 §3.1). */
    int type();

    /** Chunk flags byte. */
    int flags();

    /** Length of the value, without header and padding. */
    int valueLength();

    /** Writes the value (not the header) at {@code off}. */
    void encodeValue(byte[] buf, int off);

    /** Header plus value, unpadded: the Chunk Length field. */
    default int chunkLength() {
        return 4 + valueLength();
    }
}
