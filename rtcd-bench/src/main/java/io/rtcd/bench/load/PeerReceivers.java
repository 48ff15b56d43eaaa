package io.rtcd.bench.load;

import io.rtcd.rtc.transport.udp.UdpBuffer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The load generator's receive side: a few threads ({@code lg-rx-<i>}), each with one {@link Selector} (epoll on
 * Linux) over the non-blocking sockets of many {@link BenchPeer}s, as a browser's network thread or Go's netpoller
 * (the pion peers of issue 8's reference figures) reads many sockets, instead of one blocked thread per peer.
 *
 * <p>Why it matters for the SFU's figures: on loopback the SFU's {@code sendto} delivers the datagram inline and, when
 * the receiving thread sleeps, wakes it — work charged to the SFU that a send to a NIC never does. A thread blocked
 * per peer makes every forwarded packet wake a different thread. With a selector, only a sleeping selector thread is
 * woken, and after each burst it polls ({@code selectNow}) for {@code spinNanos} before sleeping again, so the rest of
 * a fan-out burst queues without a wake-up. {@code spin_us=0} turns the polling off (docs/performance.md §3).
 *
 * <p>Each receiver also calls {@link BenchPeer#tick} on its peers every {@link #TICK_NANOS} (their receiver RTCP:
 * reports, NACK retries), so what a peer sends back costs no thread of its own and never blocks (the sockets are
 * non-blocking).
 *
 * <p>Threading: a peer belongs to one receiver for its whole life; its packet accounting runs only on that receiver's
 * thread. {@link #register} and {@link #unregister} are called from any thread and are executed by the receiver
 * thread (unregister waits for it, so a closed peer's state is final and visible afterwards).
 */
final class PeerReceivers implements AutoCloseable {
    static final int HEADROOM = 32;
    static final int MAX_DATAGRAM = 2048;
    /** How often a receiver lets its peers send the RTCP that is due (Chromium's NACK module runs every 20 ms). */
    static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private final Receiver[] receivers;
    private int next;

    PeerReceivers(int threads, long spinNanos) {
        if (threads < 1) {
            throw new IllegalArgumentException("receiver threads must be >= 1, got " + threads);
        }
        receivers = new Receiver[threads];
        for (int i = 0; i < threads; i++) {
            receivers[i] = new Receiver("lg-rx-" + i, spinNanos);
        }
    }

    /** Adds {@code peer}'s (non-blocking) channel to the least recently chosen receiver, which it returns. */
    synchronized Receiver register(BenchPeer peer, DatagramChannel channel) {
        Receiver r = receivers[next++ % receivers.length];
        r.submit(() -> {
            try {
                channel.register(r.selector, SelectionKey.OP_READ, peer);
                r.peers.add(peer);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        return r;
    }

    @Override
    public void close() {
        for (Receiver r : receivers) {
            r.close();
        }
    }

    /** One selector thread. */
    static final class Receiver implements Runnable {
        private final Selector selector;
        private final Thread thread;
        private final long spinNanos;
        private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
        private final UdpBuffer buf = UdpBuffer.unpooled(HEADROOM, MAX_DATAGRAM + 64);
        private final ByteBuffer bb = ByteBuffer.wrap(buf.getBuffer());
        private volatile boolean closed;
        private boolean gotAny;
        /** Peers read by this receiver, for {@link BenchPeer#tick}; receiver thread only. */
        private final ArrayList<BenchPeer> peers = new ArrayList<>();

        private long nextTick;

        Receiver(String name, long spinNanos) {
            try {
                this.selector = Selector.open();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            this.spinNanos = spinNanos;
            this.thread = new Thread(this, name);
            thread.setDaemon(true);
            thread.start();
        }

        void submit(Runnable task) {
            tasks.add(task);
            selector.wakeup();
        }

        /** Removes {@code channel} from this receiver and waits until its thread has done so (at most 2 s). */
        void unregister(DatagramChannel channel) {
            if (Thread.currentThread() == thread) {
                cancel(channel);
                return;
            }
            CountDownLatch done = new CountDownLatch(1);
            submit(() -> {
                cancel(channel);
                done.countDown();
            });
            try {
                done.await(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private void cancel(DatagramChannel channel) {
            SelectionKey k = channel.keyFor(selector);
            if (k != null) {
                peers.remove((BenchPeer) k.attachment());
                k.cancel();
            }
        }

        private void tick() {
            long now = System.nanoTime();
            if (now - nextTick < 0) {
                return;
            }
            nextTick = now + TICK_NANOS;
            for (int i = 0; i < peers.size(); i++) {
                peers.get(i).tick(now);
            }
        }

        @Override
        public void run() {
            long spinUntil = 0;
            try {
                while (!closed) {
                    Runnable t;
                    while ((t = tasks.poll()) != null) {
                        t.run();
                    }
                    gotAny = false;
                    if (spinNanos > 0 && System.nanoTime() < spinUntil) {
                        selector.selectNow(this::onReady);
                        if (!gotAny) {
                            Thread.onSpinWait();
                        }
                    } else {
                        selector.select(this::onReady, TimeUnit.NANOSECONDS.toMillis(TICK_NANOS));
                    }
                    tick();
                    if (gotAny) {
                        spinUntil = System.nanoTime() + spinNanos;
                    }
                }
            } catch (IOException | ClosedSelectorException e) {
                // closing
            }
        }

        /**
         * Reads one datagram: the selector is level-triggered (epoll without EPOLLET), so a socket with more queued is
         * selected again on the next pass. Reading until the socket is empty would cost a second, empty {@code
         * recvfrom} per packet for a listener, which gets one datagram per fan-out burst.
         */
        private void onReady(SelectionKey key) {
            BenchPeer peer = (BenchPeer) key.attachment();
            DatagramChannel ch = (DatagramChannel) key.channel();
            bb.clear().position(HEADROOM).limit(HEADROOM + MAX_DATAGRAM);
            try {
                if (ch.receive(bb) == null) {
                    return;
                }
            } catch (IOException e) {
                key.cancel();
                return;
            }
            gotAny = true;
            int len = bb.position() - HEADROOM;
            if (len >= 2) {
                peer.onDatagram(buf, buf.getBuffer(), len, System.nanoTime());
            }
        }

        void close() {
            closed = true;
            selector.wakeup();
            try {
                thread.join(2000);
                selector.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }
}
