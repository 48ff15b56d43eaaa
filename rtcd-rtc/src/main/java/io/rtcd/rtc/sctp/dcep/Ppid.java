package io.rtcd.rtc.sctp.dcep;

/** SCTP payload protocol identifiers used by WebRTC data channels (RFC 8831 §8, RFC 8832 §8.1). */
public final class Ppid {
    /** DCEP control messages (RFC 8832). */
    public static final int DCEP = 50;
    /** UTF-8 text. */
    public static final int STRING = 51;
    /** Binary data. */
    public static final int BINARY = 53;
    /** Empty text; carried as one ignored byte because DATA cannot be empty (RFC 8831 §6.6). */
    public static final int STRING_EMPTY = 56;
    /** Empty binary; one ignored byte. */
    public static final int BINARY_EMPTY = 57;

    private Ppid() {}
}
