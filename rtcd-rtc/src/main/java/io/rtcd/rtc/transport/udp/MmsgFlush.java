package io.rtcd.rtc.transport.udp;

/**
 * What to do with a batch after each {@code sendmmsg(2)} result, kept apart from the system call so that it can be
 * tested without sockets. The rules (Linux {@code sendmmsg(2)}: when a datagram fails after others were sent, the
 * call returns the number sent and the error is reported by a call that starts at the failed datagram):
 *
 * <ul>
 *   <li>{@code n > 0}: the first {@code n} datagrams from the current one were accepted; continue after them.
 *   <li>{@code -1} with EAGAIN/EWOULDBLOCK, ENOBUFS, ENOMEM or EINTR (the socket buffer or the device queue is full):
 *       retry once per flush, then drop the rest. Never waits: the socket is non-blocking and the call uses
 *       {@code MSG_DONTWAIT}.
 *   <li>{@code -1} with an error of that one datagram (EACCES, EPERM, EINVAL, EMSGSIZE, EAFNOSUPPORT, EADDRNOTAVAIL,
 *       EDESTADDRREQ, ECONNREFUSED, EHOSTUNREACH, EHOSTDOWN, ENETUNREACH, ENETDOWN): drop it and continue with the
 *       next, so one bad destination does not cost the others their packet.
 *   <li>anything else (EBADF after close, ENOTSOCK, EFAULT, a failed downcall): drop the rest.
 * </ul>
 *
 * Every iteration either makes progress or spends the one retry, so a flush of {@code n} datagrams makes at most
 * {@code n + 1} calls. Not thread-safe: one per {@link NativeUdpSender.Batch}.
 */
final class MmsgFlush {
    /** Result of a downcall that could not be made. */
    static final int FAILED = Integer.MIN_VALUE;

    static final int EPERM = 1;
    static final int EINTR = 4;
    static final int EAGAIN = 11;
    static final int ENOMEM = 12;
    static final int EACCES = 13;
    static final int EINVAL = 22;
    static final int EDESTADDRREQ = 89;
    static final int EMSGSIZE = 90;
    static final int EAFNOSUPPORT = 97;
    static final int EADDRNOTAVAIL = 99;
    static final int ENETDOWN = 100;
    static final int ENETUNREACH = 101;
    static final int ENOBUFS = 105;
    static final int ECONNREFUSED = 111;
    static final int EHOSTDOWN = 112;
    static final int EHOSTUNREACH = 113;

    /** The system call, from datagram {@code from} of the batch; {@link #errno} is read right after a -1. */
    interface Syscall {
        /** @return datagrams accepted, -1 with {@link #errno()} set, or {@link #FAILED} */
        int sendmmsg(int from, int count);

        int errno();
    }

    private long bytes;
    private int dropped;
    private int calls;

    /**
     * Sends {@code count} datagrams whose lengths are {@code lengths[0..count)}.
     *
     * @return datagrams accepted; {@link #bytes()} and {@link #dropped()} describe the same flush
     */
    int run(Syscall k, int count, int[] lengths) {
        bytes = 0;
        dropped = 0;
        calls = 0;
        int accepted = 0;
        int at = 0;
        boolean retried = false;
        while (at < count && calls <= count) {
            calls++;
            int n = k.sendmmsg(at, count - at);
            if (n > 0) {
                n = Math.min(n, count - at);
                for (int i = at; i < at + n; i++) {
                    bytes += lengths[i];
                }
                accepted += n;
                at += n;
                continue;
            }
            int errno = n == FAILED ? -1 : n == 0 ? EAGAIN : k.errno();
            if (isTransient(errno)) {
                if (retried) {
                    break;
                }
                retried = true;
            } else if (ofOneDatagram(errno)) {
                dropped++;
                at++;
            } else {
                break;
            }
        }
        dropped += count - at;
        return accepted;
    }

    /** Resets the figures for an empty flush. */
    int none() {
        bytes = 0;
        dropped = 0;
        calls = 0;
        return 0;
    }

    /** Records {@code count} datagrams dropped without a call. */
    void discarded(int count) {
        bytes = 0;
        dropped = count;
        calls = 0;
    }

    long bytes() {
        return bytes;
    }

    int dropped() {
        return dropped;
    }

    /** System calls made by the last flush. */
    int calls() {
        return calls;
    }

    static boolean isTransient(int errno) {
        return errno == EAGAIN || errno == ENOBUFS || errno == ENOMEM || errno == EINTR;
    }

    static boolean ofOneDatagram(int errno) {
        return switch (errno) {
            case EPERM,
                    EACCES,
                    EINVAL,
                    EDESTADDRREQ,
                    EMSGSIZE,
                    EAFNOSUPPORT,
                    EADDRNOTAVAIL,
                    ECONNREFUSED,
                    EHOSTUNREACH,
                    EHOSTDOWN,
                    ENETUNREACH,
                    ENETDOWN -> true;
            default -> false;
        };
    }
}
