package io.rtcd.rtc.sdp;

/** Media direction attributes, RFC 8866 §6.7; the default when absent is {@link #SENDRECV} (§6.7.3). */
public enum Direction implements Attribute {
    SENDRECV("sendrecv", true, true),
    SENDONLY("sendonly", true, false),
    RECVONLY("recvonly", false, true),
    INACTIVE("inactive", false, false);

    private final String token;
    private final boolean sends;
    private final boolean receives;

    Direction(String token, boolean sends, boolean receives) {
        this.token = token;
        this.sends = sends;
        this.receives = receives;
    }

    @Override
    public String key() {
        return token;
    }

    @Override
    public String value() {
        return null;
    }

    public boolean sends() {
        return sends;
    }

    public boolean receives() {
        return receives;
    }

    /** The direction as seen from the other end: sendonly becomes recvonly and vice versa. */
    public Direction reverse() {
        return of(receives, sends);
    }

    /** The directions both sides allow: used by an answerer (RFC 8829 §5.3.1) with {@code desired.intersect(offer.reverse())}. */
    public Direction intersect(Direction other) {
        return of(sends && other.sends, receives && other.receives);
    }

    public static Direction of(boolean sends, boolean receives) {
        if (sends) {
            return receives ? SENDRECV : SENDONLY;
        }
        return receives ? RECVONLY : INACTIVE;
    }

    /** The direction named by an attribute name, or null when the name is not a direction. */
    public static Direction fromToken(String token) {
        for (Direction d : values()) {
            if (d.token.equals(token)) {
                return d;
            }
        }
        return null;
    }
}
