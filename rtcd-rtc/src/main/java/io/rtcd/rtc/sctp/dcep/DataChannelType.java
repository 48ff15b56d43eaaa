package io.rtcd.rtc.sctp.dcep;

/** DATA_CHANNEL_OPEN channel types (RFC 8832 §5.1); bit 0x80 marks unordered delivery. */
public enum DataChannelType {
    RELIABLE(0x00),
    RELIABLE_UNORDERED(0x80),
    PARTIAL_RELIABLE_REXMIT(0x01),
    PARTIAL_RELIABLE_REXMIT_UNORDERED(0x81),
    PARTIAL_RELIABLE_TIMED(0x02),
    PARTIAL_RELIABLE_TIMED_UNORDERED(0x82);

    private final int code;

    DataChannelType(int code) {
        this.code = code;
    }

    /** Wire code. */
    public int code() {
        return code;
    }

    /** True for the unordered variants. */
    public boolean unordered() {
        return (code & 0x80) != 0;
    }

    /** Type for a wire code, or null when unknown. */
    public static DataChannelType fromCode(int code) {
        for (DataChannelType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        return null;
    }
}
