package io.rtcd.rtc.sctp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.rtcd.rtc.sctp.packet.SctpPacketCodec;
import io.rtcd.rtc.sctp.packet.WireBytes;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Mutation fuzzer against live associations: valid packets captured from a real exchange are bit-flipped,
 * truncated, extended and given random length fields (checksum usually fixed so the chunk parsers are reached).
 * No exception may escape and the association must stay internally consistent. A crashing input is written to
 * {@code target/sctp-fuzz-crashes/} for adding to {@code src/test/resources/sctp/corpus/}, which {@link
 * #corpusReplaysCleanly()} replays on every build.
 */
class SctpFuzzTest {
    /** Default 20k keeps the build fast; raise with {@code -Dsctp.fuzz.iterations=...} for a longer campaign. */
    private static final int ITERATIONS = Integer.getInteger("sctp.fuzz.iterations", 20_000);

    private static final long SEED = 11;

    private final VirtualClock clock = new VirtualClock(5_000_000);

    private record Pair(SctpAssociation a, SctpAssociation b, SctpTestLink link, int bTag) {}

    private Pair establishedPair(long seed) {
        RecordingListener la = new RecordingListener();
        RecordingListener lb = new RecordingListener();
        SctpAssociation a = new SctpAssociation(SctpOptions.defaults(), la, clock, new Random(seed));
        SctpAssociation b = new SctpAssociation(SctpOptions.defaults(), lb, clock, new Random(seed + 1));
        SctpTestLink link = new SctpTestLink(clock, seed);
        link.attach(a, b);
        a.connect();
        assertTrue(link.runUntil(() -> la.connected && lb.connected, 10_000));
        List<byte[]> sent = link.capturedAtoB();
        return new Pair(
                a, b, link, SctpTestPackets.decode(sent.get(sent.size() - 1)).verificationTag());
    }

    /**
     * Captures a varied set of valid packets (DATA of all kinds, SACK, FORWARD TSN, RE-CONFIG, HEARTBEAT, SHUTDOWN)
     * from a pair built with the same seeds as the fuzz target, so tags and TSNs are valid for the target.
     */
    private List<byte[]> seedPackets() {
        Pair p = establishedPair(SEED);
        SctpAssociation a = p.a();
        p.link().loss(0.2).jitter(30);
        for (int i = 0; i < 30; i++) {
            a.send(i % 4, 53, new byte[1 + i * 150], new SendOptions(i % 3 != 0, i % 5 == 0 ? 0 : -1, -1));
        }
        a.send(1, 51, new byte[5000], SendOptions.RELIABLE_ORDERED);
        a.resetStreams(2);
        p.link().runUntil(() -> a.bufferedAmount() == 0, 60_000);
        p.link().runUntil(() -> false, 40_000);
        a.shutdown();
        p.link().runUntil(() -> a.state() == SctpState.CLOSED, 30_000);
        return new ArrayList<>(p.link().capturedAtoB());
    }

    private static byte[] mutate(byte[] src, Random r) {
        byte[] p = src.clone();
        switch (r.nextInt(6)) {
            case 0 -> {
                int flips = 1 + r.nextInt(8);
                for (int i = 0; i < flips; i++) {
                    int bit = r.nextInt(p.length * 8);
                    p[bit / 8] ^= (byte) (1 << (bit % 8));
                }
            }
            case 1 -> p = java.util.Arrays.copyOf(p, 1 + r.nextInt(p.length));
            case 2 -> {
                if (p.length >= 16) {
                    WireBytes.put16(p, 14, r.nextInt(r.nextBoolean() ? 64 : 65536));
                }
            }
            case 3 -> {
                int at = 12 + r.nextInt(Math.max(1, p.length - 12));
                if (at + 2 <= p.length) {
                    WireBytes.put16(p, at, r.nextInt(65536));
                }
            }
            case 4 -> {
                byte[] longer = java.util.Arrays.copyOf(p, p.length + 1 + r.nextInt(40));
                for (int i = p.length; i < longer.length; i++) {
                    longer[i] = (byte) r.nextInt();
                }
                p = longer;
            }
            default -> {
                if (p.length > 12) {
                    p[12 + r.nextInt(p.length - 12)] = (byte) r.nextInt();
                }
            }
        }
        if (p.length >= 12 && r.nextInt(10) != 0) {
            int crc = SctpPacketCodec.checksum(p, 0, p.length);
            p[8] = (byte) crc;
            p[9] = (byte) (crc >>> 8);
            p[10] = (byte) (crc >>> 16);
            p[11] = (byte) (crc >>> 24);
        }
        return p;
    }

    private void feed(SctpAssociation target, byte[] p) {
        try {
            target.receivePacket(p, 0, p.length, clock.now());
            while (target.pollOutgoingPacket() != null) {
                // discard replies
            }
            if (target.nextTimeoutMillis() <= clock.now()) {
                target.handleTimeout(clock.now());
            }
            assertConsistent(target);
        } catch (RuntimeException | AssertionError e) {
            saveCrash(p);
            fail("input " + HexFormat.of().formatHex(p) + " caused " + e, e);
        }
    }

    private void assertConsistent(SctpAssociation x) {
        SctpStats s = x.stats();
        assertTrue(s.bufferedAmount() >= 0, "buffered amount");
        assertTrue(x.nextTimeoutMillis() > clock.now() || x.nextTimeoutMillis() == Long.MAX_VALUE, "timer in past");
        if (x.state() == SctpState.CLOSED) {
            assertEquals(Long.MAX_VALUE, x.nextTimeoutMillis(), "closed association keeps no timer");
        }
    }

    private static void saveCrash(byte[] p) {
        try {
            Path dir = Path.of("target", "sctp-fuzz-crashes");
            Files.createDirectories(dir);
            Files.write(dir.resolve("crash-" + Integer.toHexString(java.util.Arrays.hashCode(p)) + ".bin"), p);
        } catch (IOException ignored) {
            // best effort: the failure message carries the hex too
        }
    }

    @Test
    void mutatedPacketsNeverEscapeAsExceptions() {
        List<byte[]> seeds = seedPackets();
        assertTrue(seeds.size() > 50, "seed corpus " + seeds.size());
        Random r = new Random(0x5C7BL);
        Pair pair = establishedPair(SEED);
        SctpAssociation closed =
                new SctpAssociation(SctpOptions.defaults(), new RecordingListener(), clock, new Random(9));
        long dropsBefore = pair.b().stats().droppedTotal();
        long accepted = 0;
        int restarts = 0;
        for (int i = 0; i < ITERATIONS; i++) {
            byte[] p = mutate(seeds.get(r.nextInt(seeds.size())), r);
            feed(pair.b(), p);
            feed(closed, p);
            if (pair.b().state() == SctpState.CLOSED) {
                accepted += pair.b().stats().packetsIn();
                restarts++;
                pair = establishedPair(SEED); // a mutated but valid ABORT may legitimately end it
            }
            if (i % 1000 == 0) {
                clock.advance(100);
            }
        }
        assertTrue(pair.b().stats().droppedTotal() > dropsBefore, "mutations were dropped and counted");
        accepted += pair.b().stats().packetsIn();
        assertTrue(
                accepted > ITERATIONS / 10,
                "mutations reached the chunk handlers: " + accepted + ", restarts " + restarts);
        assertFalse(closed.state() == SctpState.ESTABLISHED && closed.stats().packetsIn() == 0);
    }

    /** Structurally valid but semantically random chunks with the right tag: exercises the state machine itself. */
    private static io.rtcd.rtc.sctp.packet.Chunk randomChunk(Random r, int near) {
        int tsn = near + r.nextInt(2000) - 1000;
        return switch (r.nextInt(9)) {
            case 0 -> {
                int len = 1 + r.nextInt(300);
                yield new io.rtcd.rtc.sctp.packet.DataChunk(
                        r.nextInt(16), tsn, r.nextInt(8), r.nextInt(4), 50 + r.nextInt(8), new byte[len], 0, len);
            }
            case 1 ->
                new io.rtcd.rtc.sctp.packet.SackChunk(
                        tsn,
                        r.nextInt(),
                        List.of(new io.rtcd.rtc.sctp.packet.SackChunk.GapBlock(1 + r.nextInt(5), 6 + r.nextInt(100))),
                        new int[] {tsn});
            case 2 ->
                new io.rtcd.rtc.sctp.packet.ForwardTsnChunk(
                        tsn,
                        List.of(new io.rtcd.rtc.sctp.packet.ForwardTsnChunk.Skipped(r.nextInt(8), r.nextInt(65536))));
            case 3 ->
                new io.rtcd.rtc.sctp.packet.ReConfigChunk(
                        List.of(new io.rtcd.rtc.sctp.packet.ReconfigParam.OutgoingResetRequest(
                                r.nextInt(), r.nextInt(), tsn, new int[] {r.nextInt(8)})));
            case 4 ->
                new io.rtcd.rtc.sctp.packet.ReConfigChunk(
                        List.of(new io.rtcd.rtc.sctp.packet.ReconfigParam.Response(r.nextInt(), r.nextInt(8))));
            case 5 -> new io.rtcd.rtc.sctp.packet.HeartbeatChunk(r.nextBoolean(), new byte[r.nextInt(20)]);
            case 6 -> new io.rtcd.rtc.sctp.packet.ShutdownChunk(tsn);
            case 7 ->
                new io.rtcd.rtc.sctp.packet.ErrorChunk(List.of(new io.rtcd.rtc.sctp.packet.SctpParam(3, new byte[4])));
            default -> new io.rtcd.rtc.sctp.packet.UnknownChunk(r.nextInt(256) | 0x80, 0, new byte[r.nextInt(9)]);
        };
    }

    private static int lastDataTsn(List<byte[]> sent) {
        for (int i = sent.size() - 1; i >= 0 && i > sent.size() - 50; i--) {
            for (io.rtcd.rtc.sctp.packet.Chunk c :
                    SctpTestPackets.decode(sent.get(i)).chunks()) {
                if (c instanceof io.rtcd.rtc.sctp.packet.DataChunk d) {
                    return d.tsn();
                }
            }
        }
        return 0;
    }

    @Test
    void semanticallyRandomChunksKeepTheAssociationConsistent() {
        Random r = new Random(0xC0FFEEL);
        Pair pair = establishedPair(SEED);
        RecordingListener sink = new RecordingListener();
        for (int i = 0; i < ITERATIONS / 4; i++) {
            pair.a().send(r.nextInt(4), 53, new byte[1 + r.nextInt(2000)], new SendOptions(r.nextBoolean(), -1, -1));
            pair.link().runUntil(() -> false, 5);
            int near = r.nextInt(4) == 0 ? r.nextInt() : lastDataTsn(pair.link().capturedAtoB());
            List<io.rtcd.rtc.sctp.packet.Chunk> chunks = new ArrayList<>();
            for (int k = 1 + r.nextInt(3); k > 0; k--) {
                chunks.add(randomChunk(r, near));
            }
            byte[] p = SctpPacketCodec.encode(new io.rtcd.rtc.sctp.packet.SctpPacket(5000, 5000, pair.bTag(), chunks));
            feed(pair.b(), p);
            if (pair.b().state() == SctpState.CLOSED) {
                pair = establishedPair(SEED);
            }
        }
        assertTrue(sink.messages.isEmpty());
    }

    @Test
    void corpusReplaysCleanly() throws IOException, URISyntaxException {
        URL dir = getClass().getResource("/sctp/corpus");
        assertTrue(dir != null, "corpus directory on the test classpath");
        List<Path> files;
        try (Stream<Path> s = Files.list(Path.of(dir.toURI()))) {
            files = s.filter(f -> f.toString().endsWith(".bin")).sorted().toList();
        }
        assertFalse(files.isEmpty(), "corpus has entries");
        Pair pair = establishedPair(21);
        SctpAssociation closed =
                new SctpAssociation(SctpOptions.defaults(), new RecordingListener(), clock, new Random(9));
        for (Path f : files) {
            byte[] p = Files.readAllBytes(f);
            // corpus entries carry a placeholder tag; aim them at the live association too
            byte[] aimed = p.clone();
            if (aimed.length >= 12) {
                WireBytes.put32(aimed, 4, pair.bTag());
                int crc = SctpPacketCodec.checksum(aimed, 0, aimed.length);
                aimed[8] = (byte) crc;
                aimed[9] = (byte) (crc >>> 8);
                aimed[10] = (byte) (crc >>> 16);
                aimed[11] = (byte) (crc >>> 24);
            }
            feed(pair.b(), p);
            feed(pair.b(), aimed);
            feed(closed, p);
        }
    }
}
