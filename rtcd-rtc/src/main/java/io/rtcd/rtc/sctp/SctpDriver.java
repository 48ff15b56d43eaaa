package io.rtcd.rtc.sctp;

import java.util.function.LongSupplier;

/**
 * Glue between a sans-I/O {@link SctpAssociation} and its host: after every input it drains the outgoing packets into
 * a {@link PacketSink} (DTLS application data) and keeps exactly one host timer armed at {@link
 * SctpAssociation#nextTimeoutMillis()}.
 *
 * <p>Threading: every method, and every timer callback the {@link TimerService} runs, must execute on the one
 * serial executor that owns the association (for rtcd: the session's DTLS executor). Wiring sketch:
 *
 * <pre>{@code
 * SctpDriver driver = new SctpDriver(manager.association(),
 *         (b, o, l) -> dtls.sendApplicationData(b, o, l),
 *         (task, delay) -> { var f = exec.schedule(task, delay, MILLISECONDS); return () -> f.cancel(false); },
 *         System::currentTimeMillis);
 * // DTLS connected:            manager.connect(); driver.pump();
 * // DTLS application data:     driver.onPacket(buf, off, len);
 * // after manager/channel API: driver.pump();
 * }</pre>
 */
public final class SctpDriver {

    /** Where outgoing SCTP packets go (DTLS application data). Returns false when the packet was dropped. */
    @FunctionalInterface
    public interface PacketSink {
        boolean send(byte[] buf, int off, int len);
    }

    /** A cancellable scheduled task. */
    @FunctionalInterface
    public interface Cancellable {
        void cancel();
    }

    /** Schedules {@code task} after {@code delayMillis} on the association's serial executor. */
    @FunctionalInterface
    public interface TimerService {
        Cancellable schedule(Runnable task, long delayMillis);
    }

    private final SctpAssociation association;
    private final PacketSink sink;
    private final TimerService timers;
    private final LongSupplier clock;
    private Cancellable timer;
    private long timerDeadline = Long.MAX_VALUE;
    private long packetsSent;
    private long sendFailures;
    private boolean closed;

    public SctpDriver(SctpAssociation association, PacketSink sink, TimerService timers, LongSupplier clock) {
        this.association = association;
        this.sink = sink;
        this.timers = timers;
        this.clock = clock;
    }

    /** Feeds one DTLS application-data record, then sends and re-arms. The buffer is not retained. */
    public void onPacket(byte[] buf, int off, int len) {
        if (closed) {
            return;
        }
        association.receivePacket(buf, off, len, clock.getAsLong());
        pump();
    }

    /** Sends whatever the association produced (call after API calls such as send or connect) and re-arms. */
    public void pump() {
        byte[] p;
        while ((p = association.pollOutgoingPacket()) != null) {
            if (closed) {
                continue;
            }
            if (sink.send(p, 0, p.length)) {
                packetsSent++;
            } else {
                sendFailures++;
            }
        }
        rearm();
    }

    private void rearm() {
        long next = association.nextTimeoutMillis();
        if (closed || next == timerDeadline) {
            return;
        }
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
        timerDeadline = next;
        if (next != Long.MAX_VALUE) {
            timer = timers.schedule(this::onTimer, Math.max(0, next - clock.getAsLong()));
        }
    }

    private void onTimer() {
        timer = null;
        timerDeadline = Long.MAX_VALUE;
        if (closed) {
            return;
        }
        association.handleTimeout(clock.getAsLong());
        pump();
    }

    /** Packets handed to the sink. */
    public long packetsSent() {
        return packetsSent;
    }

    /** Packets the sink refused (counted, SCTP retransmission recovers them). */
    public long sendFailures() {
        return sendFailures;
    }

    /** Stops the timer and ignores further input. Idempotent; does not abort the association (call that first). */
    public void close() {
        if (closed) {
            return;
        }
        pump();
        closed = true;
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
    }
}
