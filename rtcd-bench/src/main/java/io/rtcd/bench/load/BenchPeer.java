package io.rtcd.bench.load;

import io.rtcd.rtc.rtp.PacketBuffer;
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
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One load-generator WebRTC peer on rtcd's own transport pieces, like a browser: its own UDP socket on 127.0.0.1, a
 * controlling ICE agent that nominates the SFU's host candidate (RFC 8445 §7.2.2, USE-CANDIDATE), a DTLS client
 * (RFC 5764; the SFU answers {@code a=setup:passive}) and an SRTP context from the exported keys.
 *
 * <p>Threads: the socket is non-blocking and read by one of the shared {@link PeerReceivers} threads, which
 * demultiplexes (RFC 7983), decrypts SRTP/SRTCP in place into its reused buffer and accounts every stamped RTP packet
 * at once ({@link #accept}): arrival time, per-stream packet numbers, one-way latency inside the measured window.
 * Nothing is allocated per received RTP packet. The stream state is owned by that receiver thread; read it only after
 * {@link #close()} (which waits until the receiver has dropped the socket). {@link #sendRtp} is
 * called by one publisher thread at a time.
 *
 * <p>Like a browser, a peer that receives media sends RTCP about it ({@link ReceiverRtcp}: receiver reports, NACKs,
 * REMB), SRTCP-protected, from its receiver thread ({@link #tick} and on a gap), unless the run turns it off ({@code
 * rtcp=false}). {@code rx_loss} drops that share of the received video packets before anything looks at them, as a
 * lossy network would (the NACKs then ask for them again).
 */
final class BenchPeer implements AutoCloseable {
    private static final int HEADROOM = PeerReceivers.HEADROOM;
    private static final int MAX_DATAGRAM = PeerReceivers.MAX_DATAGRAM;

    final String name;
    final int index;
    private final DatagramChannel channel;
    private final IceCredentials ice = IceCredentials.random();
    private final DtlsCertificate certificate;
    private final TransportCounters counters = new TransportCounters();
    private final BlockingQueue<byte[]> stunResponses = new LinkedBlockingQueue<>();
    private final CompletableFuture<SrtpKeys> keys = new CompletableFuture<>();
    private final ReceiveWindow window;
    private final BitSet[] streams;
    private final UdpBuffer sendBuffer = UdpBuffer.unpooled(HEADROOM, MAX_DATAGRAM + 64);
    private volatile StunClient stun;
    private volatile boolean iceConnected;
    private volatile InetSocketAddress server;
    private volatile DtlsTransport dtls;
    private volatile SrtpContext srtp;
    private volatile long firstRtpNanos;
    private volatile long iceNanos;
    private volatile long receivedRtp;
    private volatile long receivedRtcp;
    private volatile int streamsSeen;
    private long malformed;
    private long duplicates;
    private long srtpFailures;
    private volatile long readerErrors;
    private volatile String firstReaderError;
    /** The receiver thread that reads this peer's socket. */
    private final PeerReceivers.Receiver receiver;
    /** Receiver RTCP, or null when off; receiver thread only. */
    private final ReceiverRtcp rtcp;
    /** Received video packets dropped per 1000 (simulated loss); receiver thread only. */
    private final int lossPermille;

    private long lossRandom;
    private long simulatedLost;
    private ByteBuffer rtcpOut;
    private long rtcpSendFailures;

    /** Opens the socket and hands it to one of {@code receivers}; {@code maxPublishers} bounds the stream table. */
    BenchPeer(
            String name,
            int index,
            DtlsCertificate certificate,
            ReceiveWindow window,
            int maxPublishers,
            PeerReceivers receivers,
            RtcpOptions rtcpOptions)
            throws IOException {
        this.name = name;
        this.index = index;
        this.certificate = certificate;
        this.window = window;
        this.streams = new BitSet[maxPublishers * 2];
        this.rtcp = rtcpOptions.enabled()
                ? new ReceiverRtcp(
                        0x7E000000L + index,
                        name,
                        Math.min(31, maxPublishers * 2),
                        rtcpOptions.intervalNanos(),
                        0x5DEECE66DL * (index + 1),
                        this::sendRtcp)
                : null;
        this.lossPermille = rtcpOptions.lossPermille();
        this.lossRandom = 0x2545F4914F6CDD1DL * (index + 1);
        this.channel = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
        channel.configureBlocking(false);
        this.receiver = receivers.register(this, channel);
    }

    String fingerprint() {
        DtlsFingerprint fp = certificate.fingerprint();
        return fp.hashFunction() + " " + fp.hex();
    }

    String offer(String stream, long audioSsrc, long videoSsrc) {
        return BenchSdp.offer(ice.ufrag(), ice.password(), fingerprint(), stream, audioSsrc, videoSsrc);
    }

    String answer(String serverOffer) {
        return BenchSdp.answer(serverOffer, ice.ufrag(), ice.password(), fingerprint());
    }

    /**
     * ICE Binding requests with USE-CANDIDATE to the answer's first host candidate, retransmitted every 200 ms until
     * a response or the deadline, then the DTLS handshake within the same deadline.
     */
    void connect(String answerSdp, TransportConfig config, Executor executor, long timeoutNanos) throws Exception {
        long deadline = System.nanoTime() + timeoutNanos;
        SessionDescription a = SdpParser.parse(answerSdp);
        MediaDescription m = a.media().get(0);
        String ufrag = a.iceUfrag(m).orElseThrow();
        String pwd = a.icePwd(m).orElseThrow();
        var c = m.candidates().get(0);
        server = new InetSocketAddress(c.address(), c.port());
        DtlsFingerprint serverFp =
                DtlsFingerprint.parse(a.fingerprints(m).get(0).value());
        StunClient stun = new StunClient(ufrag, pwd, ice.ufrag());
        this.stun = stun;
        StunClient.Response response = null;
        // Every retransmission is a new transaction; a late response to an earlier one is as good (RFC 8445 §7.2.5).
        List<byte[]> sent = new ArrayList<>();
        for (int attempt = 0; attempt < 500 && response == null && System.nanoTime() < deadline; attempt++) {
            byte[] tx = StunClient.newTransactionId();
            sent.add(tx);
            byte[] out = new byte[256];
            int n = stun.writeBindingRequest(out, 0, tx, 0x6e0001ffL, true);
            send(out, 0, n);
            byte[] reply = stunResponses.poll(200, TimeUnit.MILLISECONDS);
            while (reply != null && response == null) {
                for (byte[] t : sent) {
                    response = stun.parseResponse(reply, 0, reply.length, t);
                    if (response != null) {
                        break;
                    }
                }
                reply = response == null ? stunResponses.poll() : null;
            }
        }
        if (response == null || !response.success()) {
            throw new IllegalStateException(name + ": ICE check failed: " + response);
        }
        iceNanos = System.nanoTime();
        iceConnected = true;
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
                        // no data channel on load peers
                    }

                    @Override
                    public void onFailed(Exception cause) {
                        keys.completeExceptionally(cause);
                    }

                    @Override
                    public void onClosed() {
                        // the SFU closed: the run notices missing packets
                    }
                });
        dtls = d;
        d.start();
        keys.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    }

    /**
     * One consent-freshness check (RFC 7675 §5.1: a Binding request every ~5 s, else the SFU ends the session after
     * 30 s). Responses are not awaited: the SFU only needs the request. Any thread.
     */
    void sendConsent() {
        StunClient s = stun;
        if (!iceConnected || s == null) {
            return;
        }
        byte[] out = new byte[256];
        int n = s.writeBindingRequest(out, 0, StunClient.newTransactionId(), 0x6e0001ffL, false);
        send(out, 0, n);
    }

    /** Protects and sends one plain RTP packet {@code p[0, len)}; publisher thread only. */
    boolean sendRtp(byte[] p, int len) {
        SrtpContext s = srtp;
        if (s == null) {
            return false;
        }
        UdpBuffer buf = sendBuffer.fill(p, 0, len);
        if (!s.protectRtp(buf)) {
            return false;
        }
        return send(buf.getBuffer(), buf.getOffset(), buf.getLength());
    }

    /** Protects and sends one plain compound RTCP packet; receiver thread only (allocation-free after the first). */
    private void sendRtcp(PacketBuffer p) {
        SrtpContext s = srtp;
        if (s == null || !s.protectRtcp(p)) {
            rtcpSendFailures++;
            return;
        }
        ByteBuffer bb = rtcpOut;
        if (bb == null || bb.array() != p.getBuffer()) {
            bb = ByteBuffer.wrap(p.getBuffer());
            rtcpOut = bb;
        }
        bb.limit(p.getOffset() + p.getLength()).position(p.getOffset());
        try {
            if (channel.send(bb, server) == 0) {
                rtcpSendFailures++;
            }
        } catch (IOException e) {
            rtcpSendFailures++;
        }
    }

    /** Sends the RTCP that is due; the receiver thread calls it every few tens of ms. */
    void tick(long now) {
        if (rtcp != null && srtp != null) {
            try {
                rtcp.tick(now);
            } catch (RuntimeException e) {
                readerErrors++;
                if (firstReaderError == null) {
                    firstReaderError = e.toString();
                }
            }
        }
    }

    private boolean send(byte[] buf, int off, int len) {
        try {
            return channel.send(ByteBuffer.wrap(buf, off, len), server) > 0;
        } catch (IOException e) {
            return false;
        }
    }

    /** One datagram {@code a[HEADROOM, HEADROOM + len)} received at {@code now}; its receiver's thread only. */
    void onDatagram(UdpBuffer buf, byte[] a, int len, long now) {
        try {
            dispatch(buf, a, len, now);
        } catch (RuntimeException e) {
            // One bad packet must not stop the receiver (the socket would fill up and the run report loss).
            readerErrors++;
            if (firstReaderError == null) {
                firstReaderError = e.toString();
            }
        }
    }

    private void dispatch(UdpBuffer buf, byte[] a, int len, long now) {
        switch (PacketKind.classify(a[HEADROOM])) {
            case STUN -> {
                if (!iceConnected) {
                    stunResponses.add(Arrays.copyOfRange(a, HEADROOM, HEADROOM + len));
                }
            }
            case DTLS -> {
                DtlsTransport t = dtls;
                if (t != null) {
                    t.offer(Arrays.copyOfRange(a, HEADROOM, HEADROOM + len), 0, len);
                }
            }
            case RTP -> {
                SrtpContext s = srtp;
                if (s == null) {
                    return;
                }
                buf.setOffset(HEADROOM);
                buf.setLength(len);
                if (PacketKind.isRtcp(a[HEADROOM + 1])) {
                    if (s.unprotectRtcp(buf)) {
                        receivedRtcp++;
                        if (rtcp != null) {
                            rtcp.onRtcp(buf.getBuffer(), buf.getOffset(), buf.getLength(), now);
                        }
                    } else {
                        srtpFailures++;
                    }
                } else if (lossPermille > 0 && (a[HEADROOM + 1] & 0x7F) == BenchSdp.VP8_PT && lose()) {
                    simulatedLost++;
                } else if (s.unprotectRtp(buf)) {
                    if (rtcp != null) {
                        rtcp.onRtp(buf.getBuffer(), buf.getOffset(), buf.getLength(), now);
                    }
                    accept(buf.getBuffer(), buf.getOffset(), buf.getLength(), now);
                } else {
                    srtpFailures++;
                }
            }
            default -> {
                // not for us
            }
        }
    }

    /** xorshift64: true for {@code lossPermille} of 1000 calls on average. */
    private boolean lose() {
        long x = lossRandom;
        x ^= x << 13;
        x ^= x >>> 7;
        x ^= x << 17;
        lossRandom = x;
        return Long.remainderUnsigned(x, 1000) < lossPermille;
    }

    /** Accounts one decrypted RTP packet {@code a[off, off + len)} received at {@code now}. Reader thread. */
    private void accept(byte[] a, int off, int len, long now) {
        int end = off + len;
        if (len < 12 + StreamStamp.SIZE || !StreamStamp.valid(a, end)) {
            malformed++;
            return;
        }
        if (firstRtpNanos == 0) {
            firstRtpNanos = now;
        }
        receivedRtp++;
        int stream = StreamStamp.publisher(a, end) * 2 + StreamStamp.kind(a, end);
        int counter = StreamStamp.counter(a, end);
        if (stream >= streams.length || counter < 0) {
            malformed++;
            return;
        }
        BitSet seen = streams[stream];
        if (seen == null) {
            seen = new BitSet(8192);
            streams[stream] = seen;
            streamsSeen++;
        }
        if (seen.get(counter)) {
            duplicates++;
            return;
        }
        seen.set(counter);
        long sent = StreamStamp.sentNanos(a, end);
        if (window.contains(sent)) {
            window.latency().record(now - sent);
        }
    }

    /** When the ICE check succeeded ({@code System.nanoTime()}), or 0. */
    long iceNanos() {
        return iceNanos;
    }

    long firstRtpNanos() {
        return firstRtpNanos;
    }

    long receivedRtp() {
        return receivedRtp;
    }

    /** Distinct streams (publisher, kind) this peer has received a packet of. */
    int streamsSeen() {
        return streamsSeen;
    }

    long receivedRtcp() {
        return receivedRtcp;
    }

    /** Distinct packets of stream ({@code publisher}, {@code kind}) numbered in {@code [from, to)}; after close. */
    int received(int publisher, int kind, int from, int to) {
        BitSet seen = streams[publisher * 2 + kind];
        return seen == null || to <= from ? 0 : seen.get(from, to).cardinality();
    }

    /** Receiver reports, NACK packets, NACKed numbers (retries included), REMBs sent; after close. */
    long[] rtcpSent() {
        return rtcp == null
                ? new long[4]
                : new long[] {rtcp.reports(), rtcp.nackPackets(), rtcp.nackedNumbers(), rtcp.rembs()};
    }

    long rtcpSendFailures() {
        return rtcpSendFailures;
    }

    long simulatedLost() {
        return simulatedLost;
    }

    long malformed() {
        return malformed;
    }

    long duplicates() {
        return duplicates;
    }

    long readerErrors() {
        return readerErrors;
    }

    String firstReaderError() {
        return firstReaderError;
    }

    long srtpFailures() {
        return srtpFailures;
    }

    @Override
    public void close() {
        DtlsTransport t = dtls;
        if (t != null) {
            t.close();
        }
        receiver.unregister(channel);
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
