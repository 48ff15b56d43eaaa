package io.rtcd.rtc.transport.tcp;

import io.rtcd.rtc.transport.DatagramSender;
import io.rtcd.rtc.transport.DropReason;
import io.rtcd.rtc.transport.TransportCounters;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/**
 * One accepted ICE-TCP connection (RFC 6544 passive side): its RFC 4571 de-framer, its bounded write queue, and the
 * session it was bound to by its first valid STUN Binding request.
 *
 * <p>As a {@link DatagramSender} it frames each packet (2-byte length, RFC 4571 §2) and writes it to the socket; the
 * {@code to} address is ignored (a connection has one peer). A packet is queued whole or dropped whole (counted),
 * so a full buffer never corrupts the framing. Sending is thread-safe and non-blocking: the caller writes what the
 * kernel takes at once; the rest is flushed by the TCP I/O thread when the socket is writable.
 *
 * <p>Threading: reads, de-framing and dispatch happen on the TCP I/O thread only; {@link #send} and {@link #close}
 * from any thread.
 */
final class TcpConnection implements DatagramSender {
    private final SocketChannel channel;
    private final InetSocketAddress remote;
    private final long acceptedNanos;
    private final FrameDecoder decoder;
    private final FrameDecoder.FrameHandler handler;
    private final int writeBufferBytes;
    /** Allocated on the first send: a connection that never authenticates costs only its read buffer. */
    private ByteBuffer out;

    private final TcpCounters tcpCounters;
    private final TransportCounters counters;
    private SelectionKey key;
    private boolean writeInterest;
    private volatile boolean closed;
    private volatile TcpMux.Registration registration;

    TcpConnection(
            SocketChannel channel,
            InetSocketAddress remote,
            long acceptedNanos,
            TcpMuxConfig config,
            TcpCounters tcpCounters,
            TransportCounters counters,
            FrameDispatcher dispatcher) {
        this.channel = channel;
        this.remote = remote;
        this.acceptedNanos = acceptedNanos;
        this.decoder = new FrameDecoder(config.maxFrameBytes(), 8192);
        this.writeBufferBytes = config.writeBufferBytes();
        this.tcpCounters = tcpCounters;
        this.counters = counters;
        this.handler = (b, off, len) -> dispatcher.onFrame(this, b, off, len);
    }

    /** Receives the frames of a connection on the TCP I/O thread. */
    @FunctionalInterface
    interface FrameDispatcher {
        void onFrame(TcpConnection connection, byte[] b, int off, int len);
    }

    void attach(SelectionKey selectionKey) {
        this.key = selectionKey;
    }

    SocketChannel channel() {
        return channel;
    }

    InetSocketAddress remote() {
        return remote;
    }

    long acceptedNanos() {
        return acceptedNanos;
    }

    TcpMux.Registration registration() {
        return registration;
    }

    void bind(TcpMux.Registration r) {
        this.registration = r;
    }

    boolean isClosed() {
        return closed;
    }

    /**
     * Reads what the socket has and dispatches every complete frame. TCP I/O thread only.
     *
     * @return {@code false} if the peer closed the connection or it failed (the caller closes it)
     */
    boolean readAvailable(int maxReads) {
        for (int i = 0; i < maxReads; i++) {
            int n;
            try {
                n = channel.read(decoder.readTarget());
            } catch (IOException e) {
                return false;
            }
            if (n < 0) {
                return false;
            }
            if (n == 0) {
                return true;
            }
            int oversize = decoder.drain(handler);
            for (int k = 0; k < oversize; k++) {
                tcpCounters.oversizeFrame();
                counters.drop(DropReason.TRUNCATED);
            }
            if (closed) {
                return true;
            }
        }
        return true;
    }

    @Override
    public boolean send(InetSocketAddress to, byte[] buf, int off, int len) {
        synchronized (this) {
            if (closed || len > 0xFFFF) {
                counters.drop(DropReason.SEND_FAILED);
                return false;
            }
            if (out == null) {
                out = ByteBuffer.allocate(writeBufferBytes);
            }
            if (out.remaining() < FrameDecoder.LENGTH_PREFIX + len) {
                tcpCounters.writeOverflow();
                counters.drop(DropReason.SEND_FAILED);
                return false;
            }
            out.put((byte) (len >>> 8)).put((byte) len).put(buf, off, len);
            tcpCounters.sent(len);
            flushLocked();
        }
        return true;
    }

    /** The socket is writable again: flush the queue. TCP I/O thread. */
    void onWritable() {
        synchronized (this) {
            flushLocked();
        }
    }

    private void flushLocked() {
        if (closed || out == null) {
            return;
        }
        out.flip();
        try {
            channel.write(out);
        } catch (IOException e) {
            // Reset by the peer or closed: the connection is dead (monitors are reentrant, close() is safe here).
            out.clear();
            close();
            return;
        }
        out.compact();
        boolean pending = out.position() > 0;
        SelectionKey k = key;
        if (k == null || !k.isValid() || pending == writeInterest) {
            return;
        }
        writeInterest = pending;
        try {
            if (pending) {
                k.interestOpsOr(SelectionKey.OP_WRITE);
                k.selector().wakeup();
            } else {
                k.interestOpsAnd(~SelectionKey.OP_WRITE);
            }
        } catch (CancelledKeyException ignored) {
            // closed by another thread meanwhile: nothing left to flush
        }
    }

    /** Closes the socket and unbinds from the session. Idempotent, any thread. */
    void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        tcpCounters.closed();
        TcpMux.Registration r = registration;
        if (r != null) {
            r.connections().remove(this);
        }
        SelectionKey k = key;
        if (k != null) {
            k.cancel();
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing left to release
        }
    }
}
