package io.rtcd.ws.realtime;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;

/**
 * A minimal RFC 6455 client on a plain socket for tests that must see the server's frames byte for byte (no JDK client
 * decoding in between): it upgrades (section 4.1), parses every frame header itself (section 5.2), answers pings with
 * masked pongs (section 5.5.2) and hands each whole text message to a checker. The first frame that breaks the framing
 * or a message the checker rejects is kept with the headers of the frames before it in {@link #failure()}.
 *
 * <p>Threading: {@link #run()} reads on the caller's thread; {@link #failure()} and {@link #messages()} may be read from
 * any thread.
 */
final class RawWsClient implements Runnable, AutoCloseable {
    private static final int HISTORY = 6;

    private final Socket socket = new Socket();
    private final ArrayDeque<String> history = new ArrayDeque<>();
    private final Predicate<String> checker;
    private final int expectedMessages;
    private volatile String failure;
    private volatile int messages;
    private long offset;

    private RawWsClient(Predicate<String> checker, int expectedMessages) {
        this.checker = checker;
        this.expectedMessages = expectedMessages;
    }

    /** Connects and upgrades on {@code path}; {@link #run()} then reads {@code expectedMessages} text messages. */
    static RawWsClient connect(int port, String path, Predicate<String> checker, int expectedMessages)
            throws IOException {
        RawWsClient c = new RawWsClient(checker, expectedMessages);
        c.socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        c.socket.setSoTimeout(30_000);
        byte[] nonce = new byte[16];
        ThreadLocalRandom.current().nextBytes(nonce);
        String request = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
                + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: "
                + Base64.getEncoder().encodeToString(nonce) + "\r\nSec-WebSocket-Version: 13\r\n\r\n";
        c.socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
        c.socket.getOutputStream().flush();
        String head = c.readHead(c.socket.getInputStream());
        if (!head.startsWith("HTTP/1.1 101")) {
            c.close();
            throw new IOException("upgrade refused: " + head);
        }
        return c;
    }

    private String readHead(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        while (!sb.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0 || sb.length() > 8192) {
                throw new EOFException("no upgrade response: " + sb);
            }
            sb.append((char) b);
        }
        return sb.toString();
    }

    @Override
    public void run() {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), 1 << 16))) {
            StringBuilder message = new StringBuilder();
            while (messages < expectedMessages && failure == null) {
                readFrame(in, message);
            }
        } catch (IOException e) {
            if (failure == null && messages < expectedMessages) {
                failure = "read failed after " + messages + " messages at byte " + offset + ": " + e + frames();
            }
        }
    }

    private void readFrame(DataInputStream in, StringBuilder message) throws IOException {
        long start = offset;
        int b0 = in.readUnsignedByte();
        int b1 = in.readUnsignedByte();
        offset += 2;
        int opcode = b0 & 0x0F;
        long length = b1 & 0x7F;
        if (length == 126) {
            length = in.readUnsignedShort();
            offset += 2;
        } else if (length == 127) {
            length = in.readLong();
            offset += 8;
        }
        String header = String.format(
                "frame@%d b0=0x%02x b1=0x%02x opcode=%d fin=%b len=%d",
                start, b0, b1, opcode, (b0 & 0x80) != 0, length);
        if ((b1 & 0x80) != 0 || (b0 & 0x70) != 0 || length > (1 << 20) || !knownOpcode(opcode)) {
            failure = "bad frame header (server frames are unmasked, no RSV, known opcode): " + header + frames();
            return;
        }
        byte[] payload = new byte[(int) length];
        in.readFully(payload);
        offset += length;
        remember(header, payload);
        switch (opcode) {
            case 0x9 -> pong(payload);
            case 0xA -> {
                // unsolicited pong: ignored (RFC 6455 section 5.5.3)
            }
            case 0x8 -> failure = "server closed after " + messages + " messages: " + header;
            case 0x1, 0x0 -> {
                for (byte b : payload) {
                    if (b < 0) {
                        failure = "non-ASCII byte in text payload: " + header + frames();
                        return;
                    }
                }
                message.append(new String(payload, StandardCharsets.US_ASCII));
                if ((b0 & 0x80) != 0) {
                    String text = message.toString();
                    message.setLength(0);
                    if (!checker.test(text)) {
                        failure = "unexpected message " + abbreviate(text) + frames();
                        return;
                    }
                    messages++;
                }
            }
            default -> failure = "unexpected opcode " + header + frames();
        }
    }

    private static boolean knownOpcode(int opcode) {
        return opcode == 0x0 || opcode == 0x1 || opcode == 0x8 || opcode == 0x9 || opcode == 0xA;
    }

    private void pong(byte[] payload) throws IOException {
        byte[] frame = new byte[6 + payload.length];
        frame[0] = (byte) 0x8A;
        frame[1] = (byte) (0x80 | payload.length);
        byte[] mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        System.arraycopy(mask, 0, frame, 2, 4);
        for (int i = 0; i < payload.length; i++) {
            frame[6 + i] = (byte) (payload[i] ^ mask[i & 3]);
        }
        OutputStream out = socket.getOutputStream();
        out.write(frame);
        out.flush();
    }

    private void remember(String header, byte[] payload) {
        int n = Math.min(payload.length, 48);
        String head = HexFormat.of().formatHex(payload, 0, n);
        String tail = payload.length > n
                ? HexFormat.of().formatHex(payload, payload.length - Math.min(16, payload.length - n), payload.length)
                : "";
        history.addLast(header + " payload[0..48]=" + head + (tail.isEmpty() ? "" : " ... end=" + tail));
        if (history.size() > HISTORY) {
            history.removeFirst();
        }
    }

    private String frames() {
        return "\n  previous frames (oldest first):\n  " + String.join("\n  ", history);
    }

    private static String abbreviate(String text) {
        return text.length() <= 160 ? text : text.substring(0, 120) + "...(" + text.length() + " chars)";
    }

    /** The first framing or content error, or null. */
    String failure() {
        return failure;
    }

    /** Whole text messages accepted so far. */
    int messages() {
        return messages;
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing a test socket
        }
    }
}
