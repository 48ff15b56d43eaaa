package io.rtcd.rtc.sctp.packet;

/**
 * Why an inbound SCTP packet (or part of it) was discarded. Expected drops are counted, never thrown (style P9).
 */
public enum SctpDropReason {
    /** Shorter than the 12-byte common header or carries no chunk (RFC 9260 §3.1). */
    TOO_SHORT,
    /** CRC32c mismatch (RFC 9260 §6.8). */
    BAD_CHECKSUM,
    /** A chunk header or chunk value that is inconsistent with its length (RFC 9260 §3.2). */
    MALFORMED_CHUNK,
    /** Chunk padding missing at the end of the packet (RFC 9260 §3.2). */
    BAD_PADDING,
    /** A TLV parameter or error cause whose length is out of bounds (RFC 9260 §3.2.1). */
    BAD_PARAMETER,
    /** Verification tag does not match (RFC 9260 §8.5). */
    BAD_VERIFICATION_TAG,
    /** Source/destination port mismatch. */
    BAD_PORT,
    /** Unknown chunk type whose upper bits say "stop processing" (RFC 9260 §3.2). */
    UNRECOGNIZED_CHUNK,
    /** INIT, INIT-ACK or SHUTDOWN-COMPLETE bundled with other chunks (RFC 9260 §6.10). */
    ILLEGAL_BUNDLING,
    /** Out-of-the-blue packet for a closed association (RFC 9260 §8.4). */
    OUT_OF_THE_BLUE,
    /** State cookie with a bad HMAC or structure (RFC 9260 §5.1.5). */
    BAD_COOKIE,
    /** State cookie older than its lifetime (RFC 9260 §5.1.5 step 3). */
    STALE_COOKIE,
    /** Chunk not valid in the current association state. */
    UNEXPECTED_IN_STATE,
    /** DATA outside the receive window or beyond the reassembly limits (RFC 9260 §6.2). */
    RECEIVE_WINDOW_FULL,
    /** The association is closed and no longer processes packets. */
    CLOSED
}
