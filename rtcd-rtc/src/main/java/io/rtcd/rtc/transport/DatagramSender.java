package io.rtcd.rtc.transport;

import java.net.InetSocketAddress;

/**
 * Sends one datagram to a remote address. Implementations are thread-safe and do not allocate; the caller keeps
 * ownership of {@code buf} (it is copied to the kernel before the call returns).
 */
@FunctionalInterface
public interface DatagramSender {
    /**
     * @return {@code true} if the datagram was handed to the kernel; {@code false} if it was dropped (socket closed,
     *     kernel buffer full, I/O error), which the implementation counts.
     */
    boolean send(InetSocketAddress to, byte[] buf, int off, int len);
}
