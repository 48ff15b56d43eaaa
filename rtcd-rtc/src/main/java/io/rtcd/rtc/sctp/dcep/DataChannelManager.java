package io.rtcd.rtc.sctp.dcep;

import io.rtcd.rtc.sctp.SctpAssociation;
import io.rtcd.rtc.sctp.SctpAssociationListener;
import io.rtcd.rtc.sctp.SctpOptions;
import io.rtcd.rtc.sctp.SctpState;
import io.rtcd.rtc.sctp.SendOptions;
import io.rtcd.rtc.sctp.SendStatus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;

/**
 * Data channels over one SCTP association (RFC 8831, DCEP RFC 8832). Owns the {@link SctpAssociation}; the host
 * feeds DTLS application data to {@link #association()} and drains its outgoing packets.
 *
 * <ul>
 *   <li>Stream ids follow the DTLS role: the DTLS client uses even ids, the server odd ids (RFC 8832 §6).
 *   <li>Opening sends DATA_CHANNEL_OPEN on PPID 50, ordered and reliable; the peer answers DATA_CHANNEL_ACK. User
 *       messages may be sent before the ACK, forced ordered (RFC 8832 §6).
 *   <li>Closing resets the outgoing stream; the peer resets its own in response; the channel is closed when both
 *       directions are reset (RFC 8831 §6.7).
 *   <li>Empty messages use PPID 56/57 with one ignored byte (RFC 8831 §6.6).
 * </ul>
 *
 * <p>Threading: not thread-safe; every call, including the association's, happens on one owner thread.
 */
public final class DataChannelManager {
    private final SctpAssociation association;
    private final DataChannelListener listener;
    private final boolean dtlsClient;
    private final Map<Integer, DataChannel> channels = new HashMap<>();
    private final List<DataChannel> pendingOpens = new ArrayList<>();
    private long channelsOpened;
    private long channelsClosed;
    private long messagesIn;
    private long bytesIn;
    private long messagesOut;
    private long bytesOut;
    private long droppedMessages;

    /**
     * Creates the manager and its (closed) association.
     *
     * @param options SCTP options
     * @param dtlsClient whether we are the DTLS client (even stream ids) or server (odd)
     * @param clock host clock, milliseconds
     * @param random randomness for the association (SecureRandom in production)
     * @param listener channel events
     */
    public DataChannelManager(
            SctpOptions options,
            boolean dtlsClient,
            LongSupplier clock,
            RandomGenerator random,
            DataChannelListener listener) {
        this.dtlsClient = dtlsClient;
        this.listener = listener;
        this.association = new SctpAssociation(options, new Events(), clock, random);
    }

    /** The association to feed packets and timers to. */
    public SctpAssociation association() {
        return association;
    }

    /** Starts the SCTP handshake; both WebRTC peers do this once DTLS is up (RFC 8841 §10). */
    public void connect() {
        association.connect();
    }

    /** Open or connecting channel by stream id, or null. */
    public DataChannel channel(int id) {
        return channels.get(id);
    }

    /**
     * Opens a channel (RFC 8832 §6). Before the association is up the open is queued. Null when ids are exhausted or
     * the association has ended.
     */
    public DataChannel open(String label, DataChannelOptions options) {
        if (association.isTerminated()) {
            return null;
        }
        int id = allocateId();
        if (id < 0) {
            return null;
        }
        DataChannel ch = new DataChannel(this, id, label, options, true);
        channels.put(id, ch);
        if (association.state() == SctpState.ESTABLISHED) {
            sendOpen(ch);
        } else {
            pendingOpens.add(ch);
        }
        return ch;
    }

    private int allocateId() {
        int limit = association.state() == SctpState.ESTABLISHED ? association.outboundStreams() : 65535;
        for (int id = dtlsClient ? 0 : 1; id < limit; id += 2) {
            if (!channels.containsKey(id)) {
                return id;
            }
        }
        return -1;
    }

    private void sendOpen(DataChannel ch) {
        DataChannelOptions o = ch.options();
        byte[] open = new DcepMessage.Open(
                        o.channelType(), o.priority(), o.reliabilityParameter(), ch.label(), o.protocol())
                .encode();
        if (association.send(ch.id(), Ppid.DCEP, open, SendOptions.RELIABLE_ORDERED) != SendStatus.QUEUED) {
            finishClose(ch);
        }
    }

    SendStatus sendOn(DataChannel ch, byte[] data, boolean binary) {
        if (ch.state != DataChannelState.OPEN && ch.state != DataChannelState.CONNECTING) {
            return SendStatus.NOT_CONNECTED;
        }
        if (ch.state == DataChannelState.CONNECTING && !ch.locallyOpened()) {
            return SendStatus.NOT_CONNECTED;
        }
        if (ch.state == DataChannelState.CONNECTING && association.state() != SctpState.ESTABLISHED) {
            return SendStatus.NOT_CONNECTED;
        }
        int ppid;
        byte[] payload = data;
        if (data.length == 0) {
            ppid = binary ? Ppid.BINARY_EMPTY : Ppid.STRING_EMPTY;
            payload = new byte[1];
        } else {
            ppid = binary ? Ppid.BINARY : Ppid.STRING;
        }
        DataChannelOptions o = ch.options();
        boolean ordered = o.ordered() || ch.state == DataChannelState.CONNECTING;
        SendStatus st = association.send(
                ch.id(), ppid, payload, new SendOptions(ordered, o.maxRetransmits(), o.maxPacketLifeTimeMillis()));
        if (st == SendStatus.QUEUED) {
            messagesOut++;
            bytesOut += data.length;
        }
        return st;
    }

    void closeChannel(DataChannel ch) {
        if (ch.state == DataChannelState.CLOSED || ch.state == DataChannelState.CLOSING) {
            return;
        }
        if (pendingOpens.remove(ch)) {
            finishClose(ch);
            return;
        }
        if (!association.supportsStreamReset()) {
            finishClose(ch); // no RE-CONFIG: nothing to signal; the stream id is simply retired
            return;
        }
        ch.state = DataChannelState.CLOSING;
        association.resetStreams(ch.id());
    }

    private void finishClose(DataChannel ch) {
        if (ch.state == DataChannelState.CLOSED) {
            return;
        }
        ch.state = DataChannelState.CLOSED;
        channels.remove(ch.id());
        channelsClosed++;
        listener.onChannelClosed(ch);
    }

    private void markOpen(DataChannel ch) {
        ch.state = DataChannelState.OPEN;
        channelsOpened++;
        listener.onChannelOpen(ch);
    }

    private void onDcep(int streamId, byte[] payload) {
        DcepMessage m = DcepMessage.decode(payload);
        DataChannel existing = channels.get(streamId);
        switch (m) {
            case DcepMessage.Open open -> {
                boolean ourParity = (streamId % 2 == 0) == dtlsClient;
                if (existing != null || ourParity) {
                    // RFC 8832 §6: an OPEN on a stream in use or of our parity is a protocol error; refuse it.
                    droppedMessages++;
                    if (existing == null) {
                        association.resetStreams(streamId);
                    }
                    return;
                }
                DataChannel ch =
                        new DataChannel(this, streamId, open.label(), DataChannelOptions.fromOpen(open), false);
                channels.put(streamId, ch);
                association.send(streamId, Ppid.DCEP, new DcepMessage.Ack().encode(), SendOptions.RELIABLE_ORDERED);
                markOpen(ch);
            }
            case DcepMessage.Ack ignored -> {
                if (existing != null && existing.locallyOpened() && existing.state == DataChannelState.CONNECTING) {
                    markOpen(existing);
                } else {
                    droppedMessages++;
                }
            }
            case null -> droppedMessages++;
        }
    }

    private void onUserMessage(int streamId, int ppid, byte[] payload) {
        DataChannel ch = channels.get(streamId);
        if (ch == null || ch.state == DataChannelState.CLOSED) {
            droppedMessages++;
            return;
        }
        if (ch.state == DataChannelState.CONNECTING && ch.locallyOpened()) {
            markOpen(ch); // RFC 8832 §6: user data before the ACK implies it
        }
        byte[] data;
        boolean binary;
        switch (ppid) {
            case Ppid.STRING -> {
                data = payload;
                binary = false;
            }
            case Ppid.BINARY -> {
                data = payload;
                binary = true;
            }
            case Ppid.STRING_EMPTY -> {
                data = new byte[0];
                binary = false;
            }
            case Ppid.BINARY_EMPTY -> {
                data = new byte[0];
                binary = true;
            }
            default -> {
                droppedMessages++;
                return;
            }
        }
        messagesIn++;
        bytesIn += data.length;
        listener.onMessage(ch, data, binary);
    }

    private void closeAll(String reason) {
        pendingOpens.clear();
        for (DataChannel ch : new ArrayList<>(channels.values())) {
            finishClose(ch);
        }
        listener.onTransportClosed(reason);
    }

    /** Counter snapshot. */
    public DataChannelStats stats() {
        int open = 0;
        for (DataChannel ch : channels.values()) {
            if (ch.state == DataChannelState.OPEN || ch.state == DataChannelState.CONNECTING) {
                open++;
            }
        }
        return new DataChannelStats(
                open,
                channelsOpened,
                channelsClosed,
                messagesIn,
                bytesIn,
                messagesOut,
                bytesOut,
                droppedMessages,
                association.stats());
    }

    /** Association events mapped onto channels. */
    private final class Events implements SctpAssociationListener {
        @Override
        public void onConnected() {
            List<DataChannel> opens = new ArrayList<>(pendingOpens);
            pendingOpens.clear();
            for (DataChannel ch : opens) {
                if (ch.id() >= association.outboundStreams()) {
                    finishClose(ch);
                } else {
                    sendOpen(ch);
                }
            }
        }

        @Override
        public void onMessage(int streamId, int ppid, byte[] message) {
            if (ppid == Ppid.DCEP) {
                onDcep(streamId, message);
            } else {
                onUserMessage(streamId, ppid, message);
            }
        }

        @Override
        public void onIncomingStreamsReset(int[] streamIds) {
            // an empty list means "all streams" (RFC 6525 §4.1)
            int[] ids = streamIds.length > 0
                    ? streamIds
                    : channels.keySet().stream().mapToInt(Integer::intValue).toArray();
            for (int id : ids) {
                DataChannel ch = channels.get(id);
                if (ch == null) {
                    continue;
                }
                ch.incomingReset = true;
                if (ch.outgoingReset) {
                    finishClose(ch);
                } else if (ch.state != DataChannelState.CLOSING) {
                    ch.state = DataChannelState.CLOSING;
                    association.resetStreams(id);
                }
            }
        }

        @Override
        public void onOutgoingStreamsReset(int[] streamIds) {
            for (int id : streamIds) {
                DataChannel ch = channels.get(id);
                if (ch == null) {
                    continue;
                }
                ch.outgoingReset = true;
                if (ch.incomingReset) {
                    finishClose(ch);
                }
            }
        }

        @Override
        public void onStreamResetFailed(int[] streamIds, int result) {
            for (int id : streamIds) {
                DataChannel ch = channels.get(id);
                if (ch != null) {
                    finishClose(ch);
                }
            }
        }

        @Override
        public void onClosed(String reason) {
            closeAll(reason);
        }

        @Override
        public void onAborted(String reason) {
            closeAll(reason);
        }
    }
}
