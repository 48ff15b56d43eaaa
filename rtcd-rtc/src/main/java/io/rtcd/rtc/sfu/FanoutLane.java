package io.rtcd.rtc.sfu;

import io.rtcd.rtc.transport.udp.UdpBuffer;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One parallel lane of a publisher's fan-out: a serial queue of {@link ForwardPacket}s drained on the shared worker
 * executor (like {@link SessionExecutor}: at most one drain at a time, so the lane's subscribers get their packets
 * in order and their rewriters are touched by one thread at a time). It rewrites and protects into its own
 * preallocated output buffer, reused for every subscriber (sends copy before returning), and sends through the
 * worker thread's own send batch ({@link RtpForwarder#sendLane}: one lock-free {@code sendmmsg} per packet and lane,
 * flushed before the next packet), so lanes no longer serialise on the socket.
 *
 * <p>Threading: {@link #submit} from the publisher's serial executor; {@link #run} on a worker thread.
 */
final class FanoutLane implements Runnable {
    private static final int BATCH = 16;

    private final RtpForwarder forwarder;
    private final int index;
    private final Executor worker;
    private final ArrayBlockingQueue<ForwardPacket> queue;
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private UdpBuffer out;

    FanoutLane(RtpForwarder forwarder, int index, Executor worker, int capacity) {
        this.forwarder = forwarder;
        this.index = index;
        this.worker = worker;
        this.queue = new ArrayBlockingQueue<>(capacity);
    }

    /** Queues {@code p} (capacity is the forwarder's packet count, so this never fails) and schedules a drain. */
    void submit(ForwardPacket p) {
        if (!queue.offer(p)) {
            forwarder.release(p);
            return;
        }
        schedule();
    }

    private void schedule() {
        if (scheduled.compareAndSet(false, true)) {
            try {
                worker.execute(this);
            } catch (RejectedExecutionException e) {
                // Shutting down: finish the queued packets without sending, so their copies return to the pool.
                ForwardPacket p;
                while ((p = queue.poll()) != null) {
                    forwarder.release(p);
                }
                scheduled.set(false);
            }
        }
    }

    @Override
    public void run() {
        try {
            for (int i = 0; i < BATCH; i++) {
                ForwardPacket p = queue.poll();
                if (p == null) {
                    break;
                }
                if (out == null || out.getBuffer().length != p.capacity) {
                    out = RtpForwarder.outputBuffer(p.capacity);
                }
                try {
                    forwarder.sendLane(p, index, out);
                } finally {
                    forwarder.release(p);
                }
            }
        } finally {
            scheduled.set(false);
            if (!queue.isEmpty()) {
                schedule();
            }
        }
    }
}
