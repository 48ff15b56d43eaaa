package io.rtcd.rtc.transport.ice;

import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;

/**
 * The controlling full-agent side of a connectivity check, for test peers and the load generator: builds Binding
 * requests as a browser does towards a lite server (USERNAME {@code serverUfrag:clientUfrag}, PRIORITY,
 * ICE-CONTROLLING, optional USE-CANDIDATE, MESSAGE-INTEGRITY keyed with the server's password, FINGERPRINT; RFC 8445
 * §7.2.2) and verifies the responses. It does no I/O: the caller owns the socket. Not thread-safe.
 */
public final class StunClient {
    /** Outcome of a parsed response. {@code mappedAddress} is set for success, {@code errorCode} for errors. */
    public record Response(boolean success, int errorCode, InetSocketAddress mappedAddress) {}

    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] username;
    private final StunIntegrity integrity;
    private final long tieBreaker;
    private final StunMessageWriter writer = new StunMessageWriter();
    private final StunMessage parsed = new StunMessage();

    /**
     * @param serverUfrag the SFU's ufrag (from its SDP)
     * @param serverPassword the SFU's password (from its SDP), which keys MESSAGE-INTEGRITY in both directions
     * @param clientUfrag our own ufrag (the one we signalled)
     */
    public StunClient(String serverUfrag, String serverPassword, String clientUfrag) {
        Objects.requireNonNull(serverUfrag, "serverUfrag");
        Objects.requireNonNull(clientUfrag, "clientUfrag");
        this.username = (serverUfrag + ":" + clientUfrag).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        this.integrity = new StunIntegrity(Objects.requireNonNull(serverPassword, "serverPassword"));
        this.tieBreaker = RANDOM.nextLong();
    }

    /** A fresh random 96-bit transaction id. */
    public static byte[] newTransactionId() {
        byte[] id = new byte[12];
        RANDOM.nextBytes(id);
        return id;
    }

    /**
     * Writes a Binding request into {@code out} (needs about 100 bytes).
     *
     * @return its length
     */
    public int writeBindingRequest(byte[] out, int off, byte[] transactionId, long priority, boolean useCandidate) {
        writer.start(out, off, StunMessage.BINDING_REQUEST, transactionId, 0)
                .attribute(StunMessage.ATTR_USERNAME, username, 0, username.length)
                .uint32(StunMessage.ATTR_PRIORITY, priority)
                .uint64(StunMessage.ATTR_ICE_CONTROLLING, tieBreaker);
        if (useCandidate) {
            writer.flag(StunMessage.ATTR_USE_CANDIDATE);
        }
        return writer.messageIntegrity(integrity).fingerprint(integrity).length();
    }

    /**
     * Parses a response to the request with {@code transactionId}. Returns {@code null} if the datagram is not STUN,
     * not a Binding response, for another transaction, or fails MESSAGE-INTEGRITY / FINGERPRINT.
     */
    public Response parseResponse(byte[] buf, int off, int len, byte[] transactionId) {
        if (!parsed.parse(buf, off, len)) {
            return null;
        }
        int type = parsed.type();
        if (type != StunMessage.BINDING_SUCCESS && type != StunMessage.BINDING_ERROR) {
            return null;
        }
        int tx = parsed.transactionIdOffset();
        if (!Arrays.equals(buf, tx, tx + 12, transactionId, 0, 12)) {
            return null;
        }
        if (!integrity.verifyIntegrity(parsed) || !integrity.verifyFingerprint(parsed)) {
            return null;
        }
        if (type == StunMessage.BINDING_SUCCESS) {
            return new Response(true, 0, parsed.xorMappedAddress());
        }
        return new Response(false, parsed.errorCode(), null);
    }
}
