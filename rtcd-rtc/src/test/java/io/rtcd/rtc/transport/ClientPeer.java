package io.rtcd.rtc.transport;

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
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A Java "browser" for the ITs: its own UDP socket on 127.0.0.1, a controlling ICE side ({@link StunClient}), a BC
 * DTLS client ({@link DtlsTransport} in CLIENT role) and an {@link SrtpContext}. One reader thread demultiplexes
 * STUN responses, DTLS and SRTP like a browser would.
 */
final class ClientPeer implements AutoCloseable {
    final DatagramChannel channel;
    final InetSocketAddress server;
    final IceCredentials ice = IceCredentials.random();
    final DtlsCertificate certificate = DtlsCertificate.generate();
    final TransportCounters counters = new TransportCounters();
    final BlockingQueue<byte[]> stunResponses = new LinkedBlockingQueue<>();
    final BlockingQueue<byte[]> receivedRtp = new LinkedBlockingQueue<>();
    final CompletableFuture<SrtpKeys> keys = new CompletableFuture<>();
    final CompletableFuture<byte[]> appData = new CompletableFuture<>();
    private final Thread reader;
    private DtlsTransport dtls;
    private volatile SrtpContext srtp;

    ClientPeer(InetSocketAddress server) throws IOException {
        this.server = server;
        this.channel = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
        this.reader = new Thread(this::readLoop, "client-peer-rx");
        reader.setDaemon(true);
        reader.start();
    }

    InetSocketAddress localAddress() throws IOException {
        return (InetSocketAddress) channel.getLocalAddress();
    }

    /** ICE (Binding request with USE-CANDIDATE, retried), then the DTLS handshake; waits for SRTP keys. */
    void connect(
            String serverUfrag,
            String serverPassword,
            DtlsFingerprint serverFingerprint,
            TransportConfig config,
            Executor executor)
            throws Exception {
        connect(serverUfrag, serverPassword, serverFingerprint, config, executor, true);
    }

    /** Same; {@code nominate = false} checks without USE-CANDIDATE (the pair is valid, not nominated). */
    void connect(
            String serverUfrag,
            String serverPassword,
            DtlsFingerprint serverFingerprint,
            TransportConfig config,
            Executor executor,
            boolean nominate)
            throws Exception {
        StunClient stun = new StunClient(serverUfrag, serverPassword, ice.ufrag());
        StunClient.Response response = null;
        for (int attempt = 0; attempt < 25 && response == null; attempt++) {
            byte[] tx = StunClient.newTransactionId();
            byte[] out = new byte[256];
            int n = stun.writeBindingRequest(out, 0, tx, 0x6e0001ffL, nominate);
            send(out, 0, n);
            byte[] reply = stunResponses.poll(200, TimeUnit.MILLISECONDS);
            if (reply != null) {
                response = stun.parseResponse(reply, 0, reply.length, tx);
            }
        }
        if (response == null || !response.success()) {
            throw new IllegalStateException("ICE check failed: " + response);
        }
        if (!localAddress().equals(response.mappedAddress())) {
            throw new IllegalStateException("XOR-MAPPED-ADDRESS " + response.mappedAddress());
        }
        dtls = new DtlsTransport(
                config,
                certificate,
                DtlsRole.CLIENT,
                serverFingerprint,
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
                        appData.complete(Arrays.copyOfRange(buf, off, off + len));
                    }

                    @Override
                    public void onFailed(Exception cause) {
                        keys.completeExceptionally(cause);
                    }

                    @Override
                    public void onClosed() {}
                });
        dtls.start();
        keys.get(10, TimeUnit.SECONDS);
    }

    /** Sends a valid consent refresh (Binding request without USE-CANDIDATE) and waits for the answer. */
    boolean refreshConsent(String serverUfrag, String serverPassword) throws Exception {
        StunClient stun = new StunClient(serverUfrag, serverPassword, ice.ufrag());
        byte[] tx = StunClient.newTransactionId();
        byte[] out = new byte[256];
        send(out, 0, stun.writeBindingRequest(out, 0, tx, 0x6e0001ffL, false));
        byte[] reply = stunResponses.poll(2, TimeUnit.SECONDS);
        return reply != null && stun.parseResponse(reply, 0, reply.length, tx) != null;
    }

    /** Protects {@code plain} (RTP) and sends it; returns the protected bytes as sent. */
    byte[] sendRtp(byte[] plain) {
        UdpBuffer buf = UdpBuffer.unpooled(32, plain.length + 64).fill(plain, 0, plain.length);
        if (!srtp.protectRtp(buf)) {
            throw new IllegalStateException("protect failed");
        }
        byte[] wire = buf.toArray();
        send(wire, 0, wire.length);
        return wire;
    }

    boolean sendApplicationData(byte[] data) {
        return dtls.sendApplicationData(data, 0, data.length);
    }

    void send(byte[] buf, int off, int len) {
        try {
            channel.send(ByteBuffer.wrap(buf, off, len), server);
        } catch (IOException e) {
            throw new IllegalStateException("client send failed", e);
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
            switch (PacketKind.classify(d[0])) {
                case STUN -> stunResponses.add(d);
                case DTLS -> {
                    if (dtls != null) {
                        dtls.offer(d, 0, d.length);
                    }
                }
                case RTP -> {
                    SrtpContext s = srtp;
                    UdpBuffer buf = UdpBuffer.unpooled(32, d.length + 64).fill(d, 0, d.length);
                    if (s != null && s.unprotectRtp(buf)) {
                        receivedRtp.add(buf.toArray());
                    }
                }
                default -> {
                    // ignored
                }
            }
        }
    }

    @Override
    public void close() throws IOException {
        if (dtls != null) {
            dtls.close();
        }
        channel.close();
        try {
            reader.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
