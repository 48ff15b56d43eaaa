package io.rtcd.rtc.sctp.dcep;

import io.rtcd.rtc.sctp.SendStatus;
import java.nio.charset.StandardCharsets;

/**
 * One WebRTC data channel: an SCTP stream pair with DCEP-negotiated label, protocol and reliability (RFC 8831 §6,
 * RFC 8832). Created by {@link DataChannelManager}; same threading contract as the manager (one owner thread).
 */
public final class DataChannel {
    private final DataChannelManager manager;
    private final int id;
    private final String label;
    private final DataChannelOptions options;
    private final boolean locallyOpened;
    DataChannelState state;
    boolean outgoingReset;
    boolean incomingReset;

    DataChannel(DataChannelManager manager, int id, String label, DataChannelOptions options, boolean locallyOpened) {
        this.manager = manager;
        this.id = id;
        this.label = label;
        this.options = options;
        this.locallyOpened = locallyOpened;
        this.state = DataChannelState.CONNECTING;
    }

    /** SCTP stream id (same in both directions, RFC 8831 §6.5). */
    public int id() {
        return id;
    }

    public String label() {
        return label;
    }

    public String protocol() {
        return options.protocol();
    }

    public DataChannelOptions options() {
        return options;
    }

    public DataChannelState state() {
        return state;
    }

    /** True when this side sent the DATA_CHANNEL_OPEN. */
    public boolean locallyOpened() {
        return locallyOpened;
    }

    /** Sends a UTF-8 text message (PPID 51, or 56 when empty). */
    public SendStatus send(String text) {
        return manager.sendOn(this, text.getBytes(StandardCharsets.UTF_8), false);
    }

    /**
     * Sends text already encoded as UTF-8 (PPID 51, or 56 when empty), without decoding it: relays forward text
     * byte-exact. The array must not be modified afterwards.
     */
    public SendStatus sendUtf8(byte[] utf8) {
        return manager.sendOn(this, utf8, false);
    }

    /** Sends a binary message (PPID 53, or 57 when empty). The array must not be modified afterwards. */
    public SendStatus send(byte[] data) {
        return manager.sendOn(this, data, true);
    }

    /** Closes by resetting the outgoing stream (RFC 8831 §6.7); {@link DataChannelListener#onChannelClosed} follows. */
    public void close() {
        manager.closeChannel(this);
    }

    @Override
    public String toString() {
        return "DataChannel[" + id + " '" + label + "' " + state + "]";
    }
}
