package io.rtcd.rtc.sdp;

/** The DTLS role attribute {@code a=setup}, RFC 8122 §4 and its use for DTLS-SRTP in RFC 8842 §5. */
public enum Setup implements Attribute {
    ACTIVE("active"),
    PASSIVE("passive"),
    ACTPASS("actpass"),
    HOLDCONN("holdconn");

    private final String token;

    Setup(String token) {
        this.token = token;
    }

    @Override
    public String key() {
        return "setup";
    }

    @Override
    public String value() {
        return token;
    }

    /**
     * The role an answerer takes for this offered role (RFC 8842 §5.3, RFC 8122 §4): an offered {@code actpass}
     * lets the answerer choose, and a server that only accepts connections (the SFU is ICE-controlled and DTLS
     * server) chooses {@code passive}; an offered {@code active} requires {@code passive}, {@code passive} requires
     * {@code active}.
     */
    public Setup answerTo() {
        return switch (this) {
            case ACTPASS, ACTIVE -> PASSIVE;
            case PASSIVE -> ACTIVE;
            case HOLDCONN -> HOLDCONN;
        };
    }

    public static Setup parse(String value) {
        for (Setup s : values()) {
            if (s.token.equals(value)) {
                return s;
            }
        }
        throw new IllegalArgumentException("bad setup role");
    }
}
