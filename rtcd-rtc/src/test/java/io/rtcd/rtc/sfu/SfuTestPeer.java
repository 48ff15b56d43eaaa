package io.rtcd.rtc.sfu;

import io.rtcd.rtc.sctp.SctpOptions;
import io.rtcd.rtc.sctp.dcep.DataChannel;
import io.rtcd.rtc.sctp.dcep.DataChannelListener;
import io.rtcd.rtc.sctp.dcep.DataChannelManager;
import io.rtcd.rtc.sctp.dcep.DataChannelOptions;
import io.rtcd.rtc.sdp.MediaDescription;
import io.rtcd.rtc.sdp.SdpParser;
import io.rtcd.rtc.sdp.SessionDescription;
import io.rtcd.rtc.transport.PacketKind;
import io.rtcd.rtc.transport.TransportConfig;
import io.rtcd.rtc.transport.TransportCounters;
import io.rtcd.rtc.transport.dtls.DtlsCertificate;
import io.rtcd.rtc.transport.dtls.DtlsFingerprint;
import io.rtcd.rtc.transport.dtls.DtlsRole;
import io.rtcd.rtc.transport.dtls.DtlsTransport;
import io.rtcd.rtc.transport.ice.IceCredentials;
import io.rtcd.rtc.transport.ice.StunClient;
import io.rtcd.rtc.transport.srtp.SrtpContext;
import io.rtcd.rtc.transport.srtp.SrtpKeys;
import io.rtcd.rtc.transport.udp.UdpBuffer;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SocketChannel;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A Java "browser" for the SFU ITs, built from the transport package's client-side pieces: its own UDP socket on
 * 127.0.0.1, a controlling ICE side ({@link StunClient}), a DTLS client ({@link DtlsTransport}, CLIENT role, since the
 * SFU answers {@code a=setup:passive}) and an {@link SrtpContext}. One reader thread demultiplexes like a browser.
 *
 * <p>{@link #overTcp} makes a peer that uses only the answer's ICE-TCP passive candidate (RFC 6544): an active TCP
 * connection carrying RFC 4571 frames (2-byte length + packet) instead of datagrams, as a browser behind a firewall
 * that blocks UDP does.
 */
public final class SfuTestPeer implements AutoCloseable {
    public final String name;
    final DatagramChannel channel;
    /** Our ICE credentials; {@link #renewIce} replaces them (an ICE restart, RFC 8445 §9). */
    volatile IceCredentials ice = IceCredentials.random();

    final DtlsCertificate certificate;
    final TransportCounters counters = new TransportCounters();
    final BlockingQueue<byte[]> stunResponses = new LinkedBlockingQueue<>();
    public final BlockingQueue<byte[]> rtp = new LinkedBlockingQueue<>();
    final BlockingQueue<byte[]> rtcp = new LinkedBlockingQueue<>();
    final CompletableFuture<SrtpKeys> keys = new CompletableFuture<>();
    final BlockingQueue<byte[]> dcMessages = new LinkedBlockingQueue<>();
    private final ScheduledExecutorService dcThread = Executors.newSingleThreadScheduledExecutor();
    private DataChannelManager dc;
    private final boolean overTcp;
    private Thread reader;
    private volatile SocketChannel tcp;
    private volatile InetSocketAddress server;
    private volatile DtlsTransport dtls;
    private volatile SrtpContext srtp;
    /** The server's ICE credentials our checks use: from the answer, then from a restart offer. */
    private volatile IceCredentials serverIce;

    private final ScheduledExecutorService checker;
    private ScheduledFuture<?> checks;
    /** Client ufrags of the periodic checks the server answered with success, in order (consecutive repeats kept). */
    final BlockingQueue<String> answeredChecks = new LinkedBlockingQueue<>();

    public SfuTestPeer(String name, DtlsCertificate certificate) throws IOException {
        this(name, certificate, false);
    }

    private SfuTestPeer(String name, DtlsCertificate certificate, boolean overTcp) throws IOException {
        this.name = name;
        this.certificate = certificate;
        this.overTcp = overTcp;
        this.checker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "peer-" + name + "-checks");
            t.setDaemon(true);
            return t;
        });
        this.channel = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
        if (!overTcp) {
            this.reader = new Thread(this::readLoop, "peer-" + name + "-rx");
            reader.setDaemon(true);
            reader.start();
        }
    }

    /** A peer that connects over the answer's ICE-TCP candidate only (its UDP socket is never used). */
    public static SfuTestPeer overTcp(String name, DtlsCertificate certificate) throws IOException {
        return new SfuTestPeer(name, certificate, true);
    }

    String fingerprint() {
        DtlsFingerprint fp = certificate.fingerprint();
        return fp.hashFunction() + " " + fp.hex();
    }

    public String offer(String stream, long audioSsrc, long videoSsrc) {
        return TestSdp.offer(ice.ufrag(), ice.password(), fingerprint(), stream, audioSsrc, videoSsrc);
    }

    public String answer(String serverOffer) {
        return TestSdp.answer(serverOffer, ice.ufrag(), ice.password(), fingerprint());
    }

    /** ICE towards the answer's host candidate (Binding request with USE-CANDIDATE, retried), then DTLS. */
    public void connect(String answerSdp, TransportConfig config, Executor executor) throws Exception {
        SessionDescription a = SdpParser.parse(answerSdp);
        MediaDescription m = a.media().get(0);
        String ufrag = a.iceUfrag(m).orElseThrow();
        String pwd = a.icePwd(m).orElseThrow();
        serverIce = new IceCredentials(ufrag, pwd);
        var c = m.candidates().stream()
                .filter(x -> x.transport().equalsIgnoreCase(overTcp ? "tcp" : "udp"))
                .findFirst()
                .orElseThrow(
                        () -> new IllegalStateException(name + ": no " + (overTcp ? "tcp" : "udp") + " candidate"));
        server = new InetSocketAddress(c.address(), c.port());
        if (overTcp) {
            if (!c.description().contains("tcptype passive")) {
                throw new IllegalStateException(name + ": TCP candidate is not passive: " + c.description());
            }
            tcp = SocketChannel.open(server);
            tcp.setOption(java.net.StandardSocketOptions.TCP_NODELAY, true);
            reader = new Thread(this::tcpReadLoop, "peer-" + name + "-tcp-rx");
            reader.setDaemon(true);
            reader.start();
        }
        DtlsFingerprint serverFp =
                DtlsFingerprint.parse(a.fingerprints(m).get(0).value());
        StunClient stun = new StunClient(ufrag, pwd, ice.ufrag());
        StunClient.Response response = null;
        for (int attempt = 0; attempt < 25 && response == null; attempt++) {
            byte[] tx = StunClient.newTransactionId();
            byte[] out = new byte[256];
            int n = stun.writeBindingRequest(out, 0, tx, 0x6e0001ffL, true);
            send(out, 0, n);
            byte[] reply = stunResponses.poll(200, TimeUnit.MILLISECONDS);
            if (reply != null) {
                response = stun.parseResponse(reply, 0, reply.length, tx);
            }
        }
        if (response == null || !response.success()) {
            throw new IllegalStateException(name + ": ICE check failed: " + response);
        }
        DtlsTransport d = new DtlsTransport(
                config,
                certificate,
                DtlsRole.CLIENT,
                serverFp,
                this::send,
                executor,
                counters,
                new DtlsTransport.Listener() {
                    @Override
                    public void onHandshakeComplete(SrtpKeys k) {
                        srtp = new SrtpContext(k, counters);
                        keys.complete(k);
                    }

                    @Override
                    public void onApplicationData(byte[] buf, int off, int len) {
                        byte[] copy = Arrays.copyOfRange(buf, off, off + len);
                        dcThread.execute(() -> {
                            if (dc != null) {
                                dc.association().receivePacket(copy, 0, copy.length, System.currentTimeMillis());
                                flushDc();
                            }
                        });
                    }

                    @Override
                    public void onFailed(Exception cause) {
                        keys.completeExceptionally(cause);
                    }

                    @Override
                    public void onClosed() {
                        // nothing to do
                    }
                });
        dtls = d;
        d.start();
        keys.get(10, TimeUnit.SECONDS);
    }

    /** New random local ICE credentials for the next answer or offer, and for our checks from now on. */
    IceCredentials renewIce() {
        ice = IceCredentials.random();
        return ice;
    }

    /** Our checks use the server credentials of {@code sdp} (its first section) from now on. */
    IceCredentials useServerCredentials(String sdp) {
        SessionDescription d = SdpParser.parse(sdp);
        MediaDescription m = d.media().get(0);
        serverIce = new IceCredentials(d.iceUfrag(m).orElseThrow(), d.icePwd(m).orElseThrow());
        return serverIce;
    }

    /** The server credentials our checks use. */
    IceCredentials serverCredentials() {
        return serverIce;
    }

    /**
     * Consent freshness as a browser keeps it (RFC 7675): a Binding request every {@code period} with the current
     * credentials on both sides, each answered one recorded in {@link #answeredChecks}.
     */
    synchronized void startChecks(Duration period) {
        if (checks == null) {
            long ms = period.toMillis();
            checks = checker.scheduleWithFixedDelay(
                    () -> {
                        IceCredentials mine = ice;
                        if (check(serverIce, mine, Duration.ofMillis(ms))) {
                            answeredChecks.add(mine.ufrag());
                        }
                    },
                    0,
                    ms,
                    TimeUnit.MILLISECONDS);
        }
    }

    /** Stops the periodic checks (the path "goes away" for the server); waits for a check in flight. */
    void stopChecks() throws Exception {
        ScheduledFuture<?> c;
        synchronized (this) {
            c = checks;
            checks = null;
        }
        if (c != null) {
            c.cancel(false);
            checker.submit(() -> {}).get(5, TimeUnit.SECONDS);
        }
    }

    /**
     * One Binding request (no USE-CANDIDATE) from {@code client} to {@code server}'s credentials; whether a success
     * response came within {@code wait}. Run by the checker thread only (it owns {@link #stunResponses} after connect).
     */
    private boolean check(IceCredentials server, IceCredentials client, Duration wait) {
        StunClient stun = new StunClient(server.ufrag(), server.password(), client.ufrag());
        byte[] tx = StunClient.newTransactionId();
        byte[] out = new byte[256];
        stunResponses.clear();
        send(out, 0, stun.writeBindingRequest(out, 0, tx, 0x6e0001ffL, false));
        long deadline = System.nanoTime() + wait.toNanos();
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                byte[] reply = left <= 0 ? null : stunResponses.poll(left, TimeUnit.NANOSECONDS);
                if (reply == null) {
                    return false;
                }
                StunClient.Response r = stun.parseResponse(reply, 0, reply.length, tx);
                if (r != null) {
                    return r.success();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** One check with {@code client} credentials, on the checker thread: whether the server answered it. */
    boolean checkOnce(IceCredentials client) throws Exception {
        return checker.submit(() -> check(serverIce, client, Duration.ofSeconds(1)))
                .get(5, TimeUnit.SECONDS);
    }

    /** Opens the client's "calls-dc" channel like the Calls web client does (SCTP client side, DCEP open). */
    DataChannel openCallsDc() throws Exception {
        CompletableFuture<DataChannel> opened = new CompletableFuture<>();
        dcThread.execute(() -> {
            dc = new DataChannelManager(
                    SctpOptions.defaults(),
                    true,
                    System::currentTimeMillis,
                    new SecureRandom(),
                    new DataChannelListener() {
                        @Override
                        public void onChannelOpen(DataChannel channel) {
                            opened.complete(channel);
                        }

                        @Override
                        public void onMessage(DataChannel channel, byte[] data, boolean binary) {
                            dcMessages.add(data);
                        }
                    });
            dc.connect();
            dc.open("calls-dc", DataChannelOptions.defaults());
            flushDc();
        });
        return opened.get(10, TimeUnit.SECONDS);
    }

    /** Sends a binary message on the channel from the DC owner thread. */
    void sendDc(DataChannel channel, byte[] data) {
        dcThread.execute(() -> {
            channel.send(data);
            flushDc();
        });
    }

    private void flushDc() {
        byte[] p;
        while ((p = dc.association().pollOutgoingPacket()) != null) {
            dtls.sendApplicationData(p, 0, p.length);
        }
        long next = dc.association().nextTimeoutMillis();
        if (next != Long.MAX_VALUE) {
            dcThread.schedule(
                    () -> {
                        dc.association().handleTimeout(System.currentTimeMillis());
                        flushDc();
                    },
                    Math.max(0, next - System.currentTimeMillis()),
                    TimeUnit.MILLISECONDS);
        }
    }

    public void sendRtp(byte[] plain) {
        UdpBuffer buf = UdpBuffer.unpooled(32, plain.length + 64).fill(plain, 0, plain.length);
        if (!srtp.protectRtp(buf)) {
            throw new IllegalStateException("protect failed");
        }
        send(buf.getBuffer(), buf.getOffset(), buf.getLength());
    }

    void sendRtcp(byte[] plain) {
        UdpBuffer buf = UdpBuffer.unpooled(32, plain.length + 64).fill(plain, 0, plain.length);
        if (!srtp.protectRtcp(buf)) {
            throw new IllegalStateException("protect failed");
        }
        send(buf.getBuffer(), buf.getOffset(), buf.getLength());
    }

    void send(byte[] buf, int off, int len) {
        try {
            SocketChannel t = tcp;
            if (t != null) {
                // RFC 4571 §2: 16-bit length, then the packet.
                ByteBuffer framed = ByteBuffer.allocate(2 + len);
                framed.putShort((short) len).put(buf, off, len).flip();
                synchronized (t) {
                    while (framed.hasRemaining()) {
                        t.write(framed);
                    }
                }
                return;
            }
            channel.send(ByteBuffer.wrap(buf, off, len), server);
        } catch (IOException e) {
            throw new IllegalStateException("peer send failed", e);
        }
    }

    /** Whether the SFU closed this peer's TCP connection (reader saw end of stream). */
    volatile boolean tcpClosedByServer;

    private void tcpReadLoop() {
        try (DataInputStream in = new DataInputStream(Channels.newInputStream(tcp))) {
            while (true) {
                int len = in.readUnsignedShort();
                byte[] d = new byte[len];
                in.readFully(d);
                handle(d);
            }
        } catch (EOFException e) {
            tcpClosedByServer = true;
        } catch (IOException e) {
            // closed by close()
        }
    }

    private void readLoop() {
        ByteBuffer bb = ByteBuffer.allocate(2048);
        while (true) {
            bb.clear();
            try {
                channel.receive(bb);
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                continue;
            }
            bb.flip();
            byte[] d = new byte[bb.remaining()];
            bb.get(d);
            handle(d);
        }
    }

    private void handle(byte[] d) {
        if (d.length < 2) {
            return;
        }
        switch (PacketKind.classify(d[0])) {
            case STUN -> stunResponses.add(d);
            case DTLS -> {
                DtlsTransport t = dtls;
                if (t != null) {
                    t.offer(d, 0, d.length);
                }
            }
            case RTP -> {
                SrtpContext s = srtp;
                UdpBuffer buf = UdpBuffer.unpooled(32, d.length + 64).fill(d, 0, d.length);
                if (s == null) {
                    return;
                }
                if (PacketKind.isRtcp(d[1])) {
                    if (s.unprotectRtcp(buf)) {
                        rtcp.add(buf.toArray());
                    }
                } else if (s.unprotectRtp(buf)) {
                    rtp.add(buf.toArray());
                }
            }
            default -> {
                // ignored
            }
        }
    }

    @Override
    public void close() throws IOException {
        checker.shutdownNow();
        dcThread.shutdownNow();
        DtlsTransport t = dtls;
        if (t != null) {
            t.close();
        }
        channel.close();
        SocketChannel socket = tcp;
        if (socket != null) {
            socket.close();
        }
        Thread r = reader;
        if (r == null) {
            return;
        }
        try {
            r.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
