package io.rtcd.rtc.transport.tcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtcd.rtc.transport.DatagramSender;
import io.rtcd.rtc.transport.DropReason;
import io.rtcd.rtc.transport.TransportCounters;
import io.rtcd.rtc.transport.ice.IceCredentials;
import io.rtcd.rtc.transport.ice.IceLiteAgent;
import io.rtcd.rtc.transport.ice.StunClient;
import io.rtcd.rtc.transport.udp.MuxEndpoint;
import io.rtcd.rtc.transport.udp.UdpBuffer;
import io.rtcd.rtc.transport.udp.UdpBufferPool;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The ICE-TCP listener on 127.0.0.1: authentication, binding, framing both ways, timeouts and counted drops. */
class TcpMuxIT {
    private static final IceCredentials SERVER = new IceCredentials("srvU", "serverpassword0123456789");

    private final TransportCounters counters = new TransportCounters();
    private final UdpBufferPool pool = new UdpBufferPool(64, 1500);
    private final BlockingQueue<byte[]> dtlsIn = new LinkedBlockingQueue<>();
    private final AtomicReference<DatagramSender> selectedVia = new AtomicReference<>();
    private TcpMux mux;
    private IceLiteAgent agent;

    private final MuxEndpoint endpoint = new MuxEndpoint() {
        @Override
        public void onDtlsDatagram(UdpBuffer buffer) {
            dtlsIn.add(buffer.toArray());
            buffer.release();
        }

        @Override
        public void onSrtpDatagram(UdpBuffer buffer) {
            buffer.release();
        }
    };

    @BeforeEach
    void setUp() {
        mux = new TcpMux(
                TcpMuxConfig.defaults().withBind("127.0.0.1", 0).withAuthTimeout(Duration.ofMillis(300)),
                counters,
                pool);
        mux.start();
        agent = new IceLiteAgent(
                SERVER,
                Duration.ofSeconds(30),
                (to, buf, off, len) -> {
                    throw new AssertionError("a TCP check must be answered over TCP");
                },
                System::nanoTime,
                new IceLiteAgent.Listener() {
                    @Override
                    public void onSelected(InetSocketAddress remote) {
                        throw new AssertionError("two-argument callback expected");
                    }

                    @Override
                    public void onSelected(InetSocketAddress remote, DatagramSender via) {
                        selectedVia.set(via);
                    }

                    @Override
                    public void onConsentExpired() {
                        // not started
                    }
                });
        agent.setRemoteUfrag("cliU");
        mux.register(agent, endpoint);
    }

    @AfterEach
    void tearDown() {
        mux.close();
    }

    private Socket connect() throws IOException {
        Socket s = new Socket();
        s.connect(mux.localAddress(), 2000);
        s.setSoTimeout(5000);
        return s;
    }

    private static void writeFrame(Socket s, byte[] b, int off, int len) throws IOException {
        DataOutputStream out = new DataOutputStream(s.getOutputStream());
        out.writeShort(len);
        out.write(b, off, len);
        out.flush();
    }

    private static byte[] readFrame(Socket s) throws IOException {
        DataInputStream in = new DataInputStream(s.getInputStream());
        byte[] b = new byte[in.readUnsignedShort()];
        in.readFully(b);
        return b;
    }

    private static void await(BooleanSupplier c, String what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!c.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.onSpinWait();
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    @Test
    void authenticatedConnectionCarriesDtlsBothWaysAndClosesWithTheSession() throws Exception {
        try (Socket s = connect()) {
            StunClient client = new StunClient("srvU", SERVER.password(), "cliU");
            byte[] tx = StunClient.newTransactionId();
            byte[] req = new byte[256];
            int n = client.writeBindingRequest(req, 0, tx, 0x6e0001ffL, true);
            writeFrame(s, req, 0, n);
            byte[] resp = readFrame(s);
            StunClient.Response r = client.parseResponse(resp, 0, resp.length, tx);
            assertNotNull(r, "response authenticated with the server password");
            assertTrue(r.success());
            assertEquals(s.getLocalPort(), r.mappedAddress().getPort());
            await(() -> selectedVia.get() != null, "TCP path selected");
            assertEquals(1, mux.stats().authenticated());

            byte[] record = new byte[40];
            record[0] = 22; // DTLS handshake content type (RFC 7983: 20..63)
            record[39] = 7;
            writeFrame(s, record, 0, record.length);
            assertArrayEquals(record, dtlsIn.poll(5, TimeUnit.SECONDS));

            byte[] out = {23, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13};
            assertTrue(selectedVia.get().send(null, out, 0, out.length));
            assertArrayEquals(out, readFrame(s));

            mux.unregister(agent);
            try {
                int eof = s.getInputStream().read();
                assertEquals(-1, eof, "connection closed with its session");
            } catch (IOException expected) {
                // reset is fine too
            }
            await(() -> mux.stats().open() == 0, "no connection left open");
            assertTrue(!selectedVia.get().send(null, out, 0, out.length), "sending on a closed connection fails");
        }
    }

    @Test
    void unauthenticatedConnectionIsClosedAfterTheTimeoutAndItsFramesAreCountedDrops() throws Exception {
        long garbage = counters.drops(DropReason.GARBAGE);
        try (Socket s = connect()) {
            writeFrame(s, new byte[] {0x42, 1, 2, 3}, 0, 4);
            byte[] dtls = new byte[20];
            dtls[0] = 22;
            writeFrame(s, dtls, 0, dtls.length);
            byte[] rtp = new byte[20];
            rtp[0] = (byte) 0x80;
            writeFrame(s, rtp, 0, rtp.length);
            StunClient stranger = new StunClient("nope", SERVER.password(), "cliU");
            byte[] req = new byte[256];
            int n = stranger.writeBindingRequest(req, 0, StunClient.newTransactionId(), 1, true);
            writeFrame(s, req, 0, n);
            StunClient wrongPassword = new StunClient("srvU", "notTheServerPassword0123", "cliU");
            n = wrongPassword.writeBindingRequest(req, 0, StunClient.newTransactionId(), 1, true);
            writeFrame(s, req, 0, n);
            // an oversize frame (RFC 4571 allows 65535; we take 1500) is skipped, not buffered
            writeFrame(s, new byte[4000], 0, 4000);
            await(() -> counters.drops(DropReason.STUN_BAD_INTEGRITY) == 1, "drops counted");
            assertEquals(garbage + 1, counters.drops(DropReason.GARBAGE));
            assertEquals(1, counters.drops(DropReason.DTLS_UNKNOWN_ADDRESS));
            assertEquals(1, counters.drops(DropReason.RTP_UNKNOWN_ADDRESS));
            assertEquals(1, counters.drops(DropReason.STUN_UNKNOWN_UFRAG));
            await(() -> mux.stats().oversizeFrames() == 1, "oversize frame counted");

            try {
                assertEquals(-1, s.getInputStream().read(), "closed: no valid check within the auth timeout");
            } catch (SocketTimeoutException e) {
                throw new AssertionError("connection still open after the auth timeout", e);
            } catch (IOException expected) {
                // reset is fine too
            }
            await(() -> mux.stats().authTimeouts() == 1, "auth timeout counted");
            assertEquals(0, mux.stats().authenticated());
            assertTrue(selectedVia.get() == null);
        }
    }

    /** Sends a valid check on {@code s} and reads the answer: the connection is then bound to the session. */
    private void authenticate(Socket s) throws IOException {
        StunClient client = new StunClient("srvU", SERVER.password(), "cliU");
        byte[] tx = StunClient.newTransactionId();
        byte[] req = new byte[256];
        int n = client.writeBindingRequest(req, 0, tx, 0x6e0001ffL, true);
        writeFrame(s, req, 0, n);
        byte[] resp = readFrame(s);
        assertNotNull(client.parseResponse(resp, 0, resp.length, tx));
    }

    @Test
    void fullWriteBufferDropsWholePacketsAndKeepsTheFraming() throws Exception {
        mux.close();
        mux = new TcpMux(
                new TcpMuxConfig("127.0.0.1", 0, 16, 8, Duration.ofSeconds(5), 1500, 4096, 8192), counters, pool);
        mux.start();
        mux.register(agent, endpoint);
        try (Socket s = new Socket()) {
            s.setReceiveBufferSize(4096);
            s.connect(mux.localAddress(), 2000);
            s.setSoTimeout(5000);
            authenticate(s);
            await(() -> selectedVia.get() != null, "TCP path selected");
            DatagramSender via = selectedVia.get();
            byte[] packet = new byte[1000];
            packet[0] = 23;
            int sent = 0;
            int dropped = 0;
            for (int i = 0; i < 2000; i++) {
                packet[1] = (byte) (i >>> 8);
                packet[2] = (byte) i;
                if (via.send(null, packet, 0, packet.length)) {
                    sent++;
                } else {
                    dropped++;
                }
            }
            assertTrue(dropped > 0, "the peer does not read: the bounded buffer fills");
            assertEquals(dropped, mux.stats().writeOverflows());
            assertEquals(dropped, counters.drops(DropReason.SEND_FAILED));
            // every frame that was queued arrives whole, in order
            int last = -1;
            for (int i = 0; i < sent; i++) {
                byte[] f = readFrame(s);
                assertEquals(1000, f.length);
                assertEquals(23, f[0]);
                int seq = ((f[1] & 0xFF) << 8) | (f[2] & 0xFF);
                assertTrue(seq > last, "in order: " + seq + " after " + last);
                last = seq;
            }
        }
    }

    @Test
    void aSessionBindsAtMostItsLimitOfConnections() throws Exception {
        mux.close();
        mux = new TcpMux(
                new TcpMuxConfig("127.0.0.1", 0, 16, 1, Duration.ofSeconds(5), 1500, 65536, 65536), counters, pool);
        mux.start();
        mux.register(agent, endpoint);
        try (Socket first = connect();
                Socket second = connect()) {
            authenticate(first);
            StunClient client = new StunClient("srvU", SERVER.password(), "cliU");
            byte[] req = new byte[256];
            int n = client.writeBindingRequest(req, 0, StunClient.newTransactionId(), 1, true);
            writeFrame(second, req, 0, n);
            try {
                assertEquals(-1, second.getInputStream().read(), "second connection of the session closed");
            } catch (java.net.SocketException expected) {
                // reset is fine too
            }
            assertEquals(1, mux.stats().sessionLimit());
            assertEquals(1, mux.stats().authenticated());
        }
    }

    @Test
    void refusesConnectionsAboveTheLimit() throws Exception {
        mux.close();
        mux = new TcpMux(
                new TcpMuxConfig("127.0.0.1", 0, 1, 8, Duration.ofSeconds(5), 1500, 65536, 65536), counters, pool);
        mux.start();
        try (Socket first = connect();
                Socket second = connect()) {
            await(() -> mux.stats().refused() == 1, "second connection refused");
            try {
                assertEquals(-1, second.getInputStream().read());
            } catch (EOFException | java.net.SocketException expected) {
                // closed or reset
            }
            assertEquals(1, mux.stats().open());
            assertTrue(first.isConnected());
        }
    }
}
