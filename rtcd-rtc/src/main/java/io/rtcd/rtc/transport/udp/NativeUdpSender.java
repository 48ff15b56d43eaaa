package io.rtcd.rtc.transport.udp;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.lang.reflect.Method;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteOrder;
import java.nio.channels.DatagramChannel;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends UDP datagrams with libc {@code sendto(2)} / {@code sendmmsg(2)} on the file descriptor of an open
 * {@link DatagramChannel}, through the FFM API ({@code java.lang.foreign}). Compared with {@code
 * DatagramChannel.send} it takes no Java lock (the JDK serialises every send of a channel on one write lock, so two
 * fan-out threads could not send in parallel), converts no {@code InetAddress} in JNI, and {@link Batch} hands up to
 * {@value #MAX_BATCH} datagrams to the kernel in one system call.
 *
 * <p>Availability ({@link #open}): Linux on x86-64 or aarch64, a reachable channel descriptor (the JVM needs {@code
 * --add-opens java.base/sun.nio.ch=ALL-UNNAMED}) and native access enabled ({@code
 * --enable-native-access=ALL-UNNAMED}). Otherwise {@code open} returns {@code null} and the caller keeps using the
 * channel.
 *
 * <p>Use (docs/performance.md §4, issue 8): the SFU fan-out hands its protected copies to a per-thread {@link Batch}
 * through {@link UdpSendBatch} ({@link UdpMux#sendBatch()}) and sends them with one {@code sendmmsg} per fan-out (or
 * per {@value #MAX_BATCH} copies). In CPU time per datagram on loopback {@code sendto} costs the same as {@code
 * DatagramChannel.send} (the kernel dominates); {@code sendmmsg} saves about 0.5-0.6 µs per datagram.
 *
 * <p>Threading: {@link #open} once; {@link #batch} per thread (each {@link Batch} owns its native memory and is not
 * thread-safe); the kernel serialises nothing that needs our help. The channel stays non-blocking, so a full socket
 * buffer is an {@code EAGAIN} failure, never a stall.
 */
public final class NativeUdpSender {
    /** Datagrams per {@code sendmmsg} call. */
    public static final int MAX_BATCH = 64;

    private static final Logger LOG = LoggerFactory.getLogger(NativeUdpSender.class);
    private static final int AF_INET = 2;
    private static final int AF_INET6 = 10;
    private static final int MSG_DONTWAIT = 0x40;
    private static final int SOCKADDR = 32; // sockaddr_in6 is 28 bytes
    private static final int IOVEC = 16; // { void *iov_base; size_t iov_len; }
    private static final int MMSGHDR = 64; // struct msghdr (56) + unsigned msg_len (4) + padding
    private static final int NAME_CACHE = 64; // power of two
    private static final StructLayout CAPTURE_LAYOUT = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE_LAYOUT.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final ValueLayout.OfShort NET_SHORT =
            JAVA_SHORT.withOrder(ByteOrder.BIG_ENDIAN).withByteAlignment(1);
    private static final ValueLayout.OfInt NET_INT =
            JAVA_INT.withOrder(ByteOrder.BIG_ENDIAN).withByteAlignment(1);

    private final int fd;
    private final MethodHandle sendto;
    private final MethodHandle sendmmsg;
    private final int maxDatagram;

    private NativeUdpSender(int fd, MethodHandle sendto, MethodHandle sendmmsg, int maxDatagram) {
        this.fd = fd;
        this.sendto = sendto;
        this.sendmmsg = sendmmsg;
        this.maxDatagram = maxDatagram;
    }

    /**
     * A sender on {@code channel}'s descriptor, or {@code null} (logged once at INFO) if this platform or JVM does not
     * allow it.
     */
    public static NativeUdpSender open(DatagramChannel channel, int maxDatagram) {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "");
        if (!os.contains("linux") || !(arch.equals("amd64") || arch.equals("x86_64") || arch.equals("aarch64"))) {
            LOG.info("native UDP send unavailable on {}/{}; using DatagramChannel.send", os, arch);
            return null;
        }
        try {
            Method getFd = Class.forName("sun.nio.ch.SelChImpl").getMethod("getFDVal");
            getFd.setAccessible(true);
            int fd = (int) getFd.invoke(channel);
            Linker linker = Linker.nativeLinker();
            SymbolLookup libc = linker.defaultLookup();
            MethodHandle sendto = linker.downcallHandle(
                    libc.find("sendto").orElseThrow(),
                    FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT));
            MethodHandle sendmmsg = linker.downcallHandle(
                    libc.find("sendmmsg").orElseThrow(),
                    FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT),
                    Linker.Option.captureCallState("errno"));
            return new NativeUdpSender(fd, sendto, sendmmsg, maxDatagram);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            LOG.info(
                    "native UDP send unavailable ({}); using DatagramChannel.send (run with --add-opens"
                            + " java.base/sun.nio.ch=ALL-UNNAMED --enable-native-access=ALL-UNNAMED to enable it)",
                    e.toString());
            return null;
        }
    }

    /** A per-thread send context with its own native scratch (sockaddr, iovecs, message headers, datagram copies). */
    public Batch batch() {
        return new Batch();
    }

    /**
     * Writes {@code to} as a {@code sockaddr_in}/{@code sockaddr_in6} at {@code at}.
     *
     * @return its length, or -1 for an unresolved or unsupported address
     */
    private static int sockaddr(MemorySegment m, long at, InetSocketAddress to) {
        InetAddress a = to.getAddress();
        if (a instanceof Inet4Address) {
            m.set(JAVA_SHORT, at, (short) AF_INET);
            m.set(NET_SHORT, at + 2, (short) to.getPort());
            // Inet4Address.hashCode() is the address as an int (specified since JDK 1.0): no byte[] per send.
            m.set(NET_INT, at + 4, a.hashCode());
            m.set(JAVA_LONG, at + 8, 0L);
            return 16;
        }
        if (a instanceof Inet6Address v6) {
            byte[] addr = v6.getAddress(); // allocates 16 bytes; IPv6 peers are rare on our paths
            m.set(JAVA_SHORT, at, (short) AF_INET6);
            m.set(NET_SHORT, at + 2, (short) to.getPort());
            m.set(JAVA_INT, at + 4, 0);
            MemorySegment.copy(addr, 0, m, JAVA_BYTE, at + 8, 16);
            m.set(JAVA_INT, at + 24, v6.getScopeId());
            return 28;
        }
        return -1;
    }

    /**
     * Per-thread native state; not thread-safe. Allocated once ({@link Arena#ofAuto()}: freed with the object): a
     * sockaddr cache, {@value #MAX_BATCH} message headers, iovecs, sockaddrs and datagram slots of {@code maxDatagram}
     * bytes, and the errno capture of {@code sendmmsg}. Adding and flushing allocate nothing.
     */
    public final class Batch implements MmsgFlush.Syscall {
        private final MemorySegment one;
        private final MemorySegment oneData;
        private final MemorySegment headers;
        private final MemorySegment[] headerAt = new MemorySegment[MAX_BATCH];
        private final MemorySegment iovecs;
        private final MemorySegment names;
        private final MemorySegment data;
        private final MemorySegment errnoState;
        private final MemorySegment cachedNames;
        private final InetSocketAddress[] cachedKeys = new InetSocketAddress[NAME_CACHE];
        private final int[] cachedLengths = new int[NAME_CACHE];
        private final int[] lengths = new int[MAX_BATCH];
        private final MmsgFlush flush = new MmsgFlush();
        private final int slot;
        private int count;

        private Batch() {
            Arena arena = Arena.ofAuto();
            this.one = arena.allocate(SOCKADDR, 8);
            this.slot = (maxDatagram + 7) & ~7;
            this.oneData = arena.allocate(slot, 8);
            this.headers = arena.allocate((long) MMSGHDR * MAX_BATCH, 8);
            for (int i = 0; i < MAX_BATCH; i++) {
                headerAt[i] = headers.asSlice((long) MMSGHDR * i);
            }
            this.iovecs = arena.allocate((long) IOVEC * MAX_BATCH, 8);
            this.names = arena.allocate((long) SOCKADDR * MAX_BATCH, 8);
            this.data = arena.allocate((long) slot * MAX_BATCH, 8);
            this.errnoState = arena.allocate(CAPTURE_LAYOUT);
            this.cachedNames = arena.allocate((long) SOCKADDR * NAME_CACHE, 8);
        }

        /**
         * One {@code sendto(2)} of a copy in native memory (what the JDK does too, minus its lock and JNI work).
         *
         * @return bytes sent, or -1 on any failure (EAGAIN, unreachable, closed, bad address, too large)
         */
        public int send(InetSocketAddress to, byte[] buf, int off, int len) {
            int nameLen = len <= slot ? sockaddr(one, 0, to) : -1;
            if (nameLen < 0) {
                return -1;
            }
            MemorySegment.copy(buf, off, oneData, JAVA_BYTE, 0, len);
            try {
                return (int) (long) sendto.invokeExact(fd, oneData, (long) len, MSG_DONTWAIT, one, nameLen);
            } catch (Throwable t) {
                return -1;
            }
        }

        /**
         * Adds a datagram (copied into native memory); {@code false} if the batch is full, the datagram too big or the
         * address unresolved (nothing is added then).
         */
        public boolean add(InetSocketAddress to, byte[] buf, int off, int len) {
            if (count == MAX_BATCH || len > slot || len < 0) {
                return false;
            }
            int nameLen = cachedName(to);
            if (nameLen < 0) {
                return false;
            }
            long name = (long) SOCKADDR * count;
            MemorySegment.copy(cachedNames, (long) SOCKADDR * cacheIndex(to), names, name, SOCKADDR);
            long d = (long) slot * count;
            MemorySegment.copy(buf, off, data, JAVA_BYTE, d, len);
            long iov = (long) IOVEC * count;
            iovecs.set(JAVA_LONG, iov, data.address() + d);
            iovecs.set(JAVA_LONG, iov + 8, len);
            long h = (long) MMSGHDR * count;
            headers.set(JAVA_LONG, h, names.address() + name);
            headers.set(JAVA_INT, h + 8, nameLen);
            headers.set(JAVA_LONG, h + 16, iovecs.address() + iov);
            headers.set(JAVA_LONG, h + 24, 1L);
            headers.set(JAVA_LONG, h + 32, 0L);
            headers.set(JAVA_LONG, h + 40, 0L);
            headers.set(JAVA_INT, h + 48, 0);
            lengths[count] = len;
            count++;
            return true;
        }

        /** The sockaddr of {@code to} from a small identity cache (encoding an IPv6 address allocates). */
        private int cachedName(InetSocketAddress to) {
            int i = cacheIndex(to);
            if (cachedKeys[i] != to) {
                int n = sockaddr(cachedNames, (long) SOCKADDR * i, to);
                if (n < 0) {
                    return -1;
                }
                cachedKeys[i] = to;
                cachedLengths[i] = n;
            }
            return cachedLengths[i];
        }

        private static int cacheIndex(InetSocketAddress to) {
            return System.identityHashCode(to) & (NAME_CACHE - 1);
        }

        public int size() {
            return count;
        }

        public boolean isFull() {
            return count == MAX_BATCH;
        }

        /**
         * Sends every added datagram with {@code sendmmsg(2)} and empties the batch. Bounded and non-blocking: a
         * partial send is continued from the first unsent datagram; a datagram the kernel refuses on its own (bad or
         * unreachable address, EMSGSIZE, EACCES) is skipped; a full socket buffer (EAGAIN, ENOBUFS) is retried once
         * and then the rest is dropped; a socket-wide error (closed descriptor) drops the rest. See {@link MmsgFlush}.
         *
         * @return datagrams the kernel accepted ({@link #lastBytes()} their bytes, {@link #lastDropped()} the rest)
         */
        public int flush() {
            int n = count;
            count = 0;
            return n == 0 ? flush.none() : flush.run(this, n, lengths);
        }

        /** Empties the batch without sending; the datagrams count as dropped in {@link #lastDropped()}. */
        public int discard() {
            int n = count;
            count = 0;
            flush.discarded(n);
            return n;
        }

        /** Bytes of the datagrams the last {@link #flush} had accepted. */
        public long lastBytes() {
            return flush.bytes();
        }

        /** Datagrams the last {@link #flush} (or {@link #discard}) dropped. */
        public int lastDropped() {
            return flush.dropped();
        }

        @Override
        public int sendmmsg(int from, int n) {
            try {
                return (int) sendmmsg.invokeExact(errnoState, fd, headerAt[from], n, MSG_DONTWAIT);
            } catch (Throwable t) {
                return MmsgFlush.FAILED;
            }
        }

        @Override
        public int errno() {
            return (int) ERRNO.get(errnoState, 0L);
        }
    }
}
