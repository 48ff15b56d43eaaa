package io.rtcd.rtc.sfu;

import io.rtcd.rtc.transport.udp.UdpBuffer;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one serial owner of a session: control tasks (signalling, timers) and inbound media
 * datagrams run one at a time, in arrival order per kind, on a shared worker pool. Tasks never overlap, and each
 * one's effects are visible to the next (the queues and the {@code scheduled} flag give the happens-before edges).
 *
 * <p>Media hand-off is allocation-free: the UDP reader thread {@link #offerPacket}s the buffer into a bounded
 * {@link PacketQueue} (16 slots, grown on demand up to {@code rtc.session_queue_capacity}); when the queue is full the
 * buffer is released and counted ({@link SfuCounters.Drop#INBOUND_QUEUE_FULL}). Control tasks are drained before
 * packets. A drain runs at most {@value #BATCH} items, then yields the worker thread.
 */
final class SessionExecutor {
    private static final Logger LOG = LoggerFactory.getLogger(SessionExecutor.class);
    private static final int BATCH = 64;

    private final Executor worker;
    private final Consumer<UdpBuffer> packetHandler;
    private final SfuCounters counters;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final PacketQueue<UdpBuffer> packets;
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final Runnable drain = this::drain;
    private volatile boolean shutdown;

    SessionExecutor(Executor worker, int capacity, Consumer<UdpBuffer> packetHandler, SfuCounters counters) {
        this.worker = worker;
        this.packets = new PacketQueue<>(capacity);
        this.packetHandler = packetHandler;
        this.counters = counters;
    }

    /** Runs {@code task} serially after everything already submitted. Ignored after {@link #shutdown()}. */
    void execute(Runnable task) {
        if (shutdown) {
            return;
        }
        tasks.add(task);
        schedule();
    }

    /** Takes ownership of {@code packet}. Called by the UDP reader thread; never blocks. */
    void offerPacket(UdpBuffer packet) {
        if (shutdown || !packets.offer(packet)) {
            counters.drop(SfuCounters.Drop.INBOUND_QUEUE_FULL);
            packet.release();
            return;
        }
        schedule();
    }

    /** Stops accepting work and releases queued packets. Call from the serial task that closes the session. */
    void shutdown() {
        shutdown = true;
        tasks.clear();
        UdpBuffer b;
        while ((b = packets.poll()) != null) {
            b.release();
        }
    }

    /** A failing task must not stop the session's other work; it is a bug, so it is logged (never per packet). */
    private void runTask(Runnable t) {
        try {
            t.run();
        } catch (RuntimeException e) {
            LOG.warn("session task failed", e);
        }
    }

    /** The handler owns (and releases) the buffer; a failure is counted, not logged, as it may repeat per packet. */
    private void runPacket(UdpBuffer b) {
        try {
            packetHandler.accept(b);
        } catch (RuntimeException e) {
            counters.drop(SfuCounters.Drop.HANDLER_FAILED);
        }
    }

    private void schedule() {
        if (scheduled.compareAndSet(false, true)) {
            try {
                worker.execute(drain);
            } catch (RejectedExecutionException e) {
                scheduled.set(false);
                shutdown();
            }
        }
    }

    private void drain() {
        try {
            for (int i = 0; i < BATCH; i++) {
                Runnable t = tasks.poll();
                if (t != null) {
                    runTask(t);
                    continue;
                }
                UdpBuffer b = packets.poll();
                if (b == null) {
                    break;
                }
                if (shutdown) {
                    b.release();
                } else {
                    runPacket(b);
                }
            }
        } finally {
            scheduled.set(false);
            if (!tasks.isEmpty() || !packets.isEmpty()) {
                schedule();
            }
        }
    }
}
