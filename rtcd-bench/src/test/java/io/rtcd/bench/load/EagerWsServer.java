package io.rtcd.bench.load;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * A plain-socket WebSocket server for tests (RFC 6455): it accepts every upgrade and writes the same valid text frames
 * right behind the {@code 101} response, in small writes, the way rtcd's browser face sends {@code welcome} and
 * presence events at once after the upgrade. Then it answers a client close frame with an empty close frame. No Jetty
 * in between, so what a client makes of these bytes is the client's doing.
 */
final class EagerWsServer implements AutoCloseable {
    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"; // RFC 6455 section 1.3
    private static final int WRITE_CHUNK = 1500;

    private final ServerSocket listener;
    private final byte[] frames;
    private final Thread acceptor;

    private EagerWsServer(ServerSocket listener, byte[] frames) {
        this.listener = listener;
        this.frames = frames;
        this.acceptor = Thread.ofPlatform().daemon().name("eager-ws-accept").unstarted(this::acceptLoop);
    }

    /** Listens on 127.0.0.1, port 0; every connection gets {@code messages} as unmasked FIN text frames. */
    static EagerWsServer start(List<String> messages) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String m : messages) {
            out.writeBytes(textFrame(m.getBytes(StandardCharsets.UTF_8)));
        }
        EagerWsServer s =
                new EagerWsServer(new ServerSocket(0, 512, InetAddress.getLoopbackAddress()), out.toByteArray());
        s.acceptor.start();
        return s;
    }

    URI uri(String path) {
        return URI.create("ws://127.0.0.1:" + listener.getLocalPort() + path);
    }

    /** RFC 6455 section 5.2: FIN + text opcode, 7-bit, 16-bit or 64-bit payload length, no mask. */
    private static byte[] textFrame(byte[] payload) {
        ByteArrayOutputStream f = new ByteArrayOutputStream(payload.length + 10);
        f.write(0x81);
        if (payload.length < 126) {
            f.write(payload.length);
        } else if (payload.length < 65536) {
            f.write(126);
            f.write(payload.length >>> 8);
            f.write(payload.length & 0xFF);
        } else {
            f.write(127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                f.write((int) (((long) payload.length >>> shift) & 0xFF));
            }
        }
        f.writeBytes(payload);
        return f.toByteArray();
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket s = listener.accept();
                Thread.ofPlatform().daemon().name("eager-ws-conn").start(() -> serve(s));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            socket.setSoTimeout(60_000);
            InputStream in = socket.getInputStream();
            String key = null;
            for (String line : readHead(in).split("\r\n")) {
                if (line.toLowerCase(Locale.ROOT).startsWith("sec-websocket-key:")) {
                    key = line.substring(line.indexOf(':') + 1).trim();
                }
            }
            if (key == null) {
                return;
            }
            OutputStream out = socket.getOutputStream();
            out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                            + "Sec-WebSocket-Accept: " + accept(key) + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            for (int off = 0; off < frames.length; off += WRITE_CHUNK) {
                out.write(frames, off, Math.min(WRITE_CHUNK, frames.length - off));
                out.flush();
            }
            awaitClose(new DataInputStream(in), out);
        } catch (IOException e) {
            // the client went away: nothing to serve
        }
    }

    /** Skips client frames (masked, RFC 6455 section 5.3) until a close frame, answered with an empty one. */
    private static void awaitClose(DataInputStream in, OutputStream out) throws IOException {
        while (true) {
            int b0 = in.readUnsignedByte();
            long length = in.readUnsignedByte() & 0x7F;
            if (length == 126) {
                length = in.readUnsignedShort();
            } else if (length == 127) {
                length = in.readLong();
            }
            in.skipNBytes(4 + length);
            if ((b0 & 0x0F) == 0x8) {
                out.write(new byte[] {(byte) 0x88, 0});
                out.flush();
                return;
            }
        }
    }

    private static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (head.length() < 8192 && !head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("EOF in the upgrade request");
            }
            head.append((char) b);
        }
        return head.toString();
    }

    private static String accept(String key) {
        try {
            byte[] sha1 = MessageDigest.getInstance("SHA-1").digest((key + GUID).getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(sha1);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
    }
}
