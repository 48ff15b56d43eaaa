package io.rtcd.rtc.transport.udp;

import io.rtcd.rtc.transport.DatagramSender;
import io.rtcd.rtc.transport.DropReason;
import io.rtcd.rtc.transport.TransportCounters;
import java.net.InetSocketAddress;

/**
 * A batch of protected datagrams for the shared UDP socket of one {@link UdpMux}, sent with one {@code sendmmsg(2)}
 * ({@link NativeUdpSender.Batch}): the SFU fan-out appends each subscriber's copy and flushes when the batch is
 * {@linkplain #isFull() full} and when its fan-out ends. No Java lock, no allocation, no exception, no logging per
 * datagram; failures are counted ({@link DropReason#SEND_FAILED}), accepted datagrams go to the transport's sent
 * packets/bytes exactly as {@link UdpMux#send} counts them.
 *
 * <p>Ownership and threading: {@link UdpMux#sendBatch()} gives each calling thread its own batch (a thread-local of
 * the mux, created on first use: native memory of {@value NativeUdpSender#MAX_BATCH} datagram slots). It is not
 * thread-safe and must be used by that thread only. The thread that adds flushes: a user must leave it empty when it
 * returns (flush in a {@code finally}), so nothing waits in a batch between two fan-outs and the datagrams of one
 * destination leave in the order they were added.
 *
 * <p>Only datagrams for the mux's own socket may be added ({@link #sendsFor}); a session on ICE-TCP keeps sending
 * through its connection.
 */
public final class UdpSendBatch {
    /** What happened to a datagram handed to a send method that may batch. */
    public enum Outcome {
        /** Sent at once (not batched): the caller counts it. */
        SENT,
        /** Added to the batch: {@link #flush()} reports it. */
        QUEUED,
        /** Dropped and counted. */
        DROPPED
    }

    private final UdpMux mux;
    private final TransportCounters counters;
    private final NativeUdpSender.Batch batch;

    UdpSendBatch(UdpMux mux, TransportCounters counters, NativeUdpSender.Batch batch) {
        this.mux = mux;
        this.counters = counters;
        this.batch = batch;
    }

    /** Whether a datagram that would go out through {@code via} may be added (it is this batch's mux). */
    public boolean sendsFor(DatagramSender via) {
        return via == mux;
    }

    /**
     * Copies one datagram into the batch.
     *
     * @return {@code false} if it was not added (batch full, datagram larger than a slot, unresolved address): the
     *     caller sends it another way
     */
    public boolean add(InetSocketAddress to, byte[] buf, int off, int len) {
        return batch.add(to, buf, off, len);
    }

    public boolean isFull() {
        return batch.isFull();
    }

    public int size() {
        return batch.size();
    }

    /**
     * Sends what was added and empties the batch; never blocks or throws. After the mux closed nothing is sent (its
     * descriptor may already be closed or reused) and everything counts as dropped.
     *
     * @return datagrams accepted by the kernel; {@link #lastDropped()} tells how many were dropped
     */
    public int flush() {
        if (batch.size() == 0) {
            return batch.flush();
        }
        int accepted = 0;
        if (mux.isOpen()) {
            accepted = batch.flush();
        } else {
            batch.discard();
        }
        if (accepted > 0) {
            counters.sent(accepted, batch.lastBytes());
        }
        int dropped = batch.lastDropped();
        if (dropped > 0) {
            counters.drop(DropReason.SEND_FAILED, dropped);
        }
        return accepted;
    }

    /** Datagrams the last {@link #flush()} dropped (already counted as {@link DropReason#SEND_FAILED}). */
    public int lastDropped() {
        return batch.lastDropped();
    }
}
