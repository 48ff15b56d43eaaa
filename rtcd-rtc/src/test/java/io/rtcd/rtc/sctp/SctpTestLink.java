package io.rtcd.rtc.sctp;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * Connects two sans-I/O associations through an in-memory network with seeded loss, duplication and reordering
 * (random per-packet latency) driven by a {@link VirtualClock}. Every run loop is bounded in steps and virtual time.
 */
public final class SctpTestLink {
    private record InFlight(long deliverAt, long seq, boolean toB, byte[] data) {}

    private final VirtualClock clock;
    private final Random random;
    private final PriorityQueue<InFlight> wire = new PriorityQueue<>(
            (x, y) -> x.deliverAt != y.deliverAt ? Long.compare(x.deliverAt, y.deliverAt) : Long.compare(x.seq, y.seq));
    private SctpAssociation a;
    private SctpAssociation b;
    private long seq;
    private double loss;
    private double duplicate;
    private long baseLatency = 10;
    private long jitter;
    /** Drops packets (A to B when the flag is true) matching the filter, once per match, while set. */
    private Predicate<byte[]> dropFilterAtoB = p -> false;

    private Predicate<byte[]> dropFilterBtoA = p -> false;
    private final List<byte[]> capturedAtoB = new ArrayList<>();
    private long packetsDropped;

    public SctpTestLink(VirtualClock clock, long seed) {
        this.clock = clock;
        this.random = new Random(seed);
    }

    public void attach(SctpAssociation a, SctpAssociation b) {
        this.a = a;
        this.b = b;
    }

    public SctpTestLink loss(double p) {
        this.loss = p;
        return this;
    }

    public SctpTestLink duplicate(double p) {
        this.duplicate = p;
        return this;
    }

    public SctpTestLink jitter(long millis) {
        this.jitter = millis;
        return this;
    }

    public SctpTestLink dropAtoB(Predicate<byte[]> f) {
        this.dropFilterAtoB = f;
        return this;
    }

    public SctpTestLink dropBtoA(Predicate<byte[]> f) {
        this.dropFilterBtoA = f;
        return this;
    }

    public List<byte[]> capturedAtoB() {
        return capturedAtoB;
    }

    public long packetsDropped() {
        return packetsDropped;
    }

    private void collect(SctpAssociation from, boolean toB) {
        byte[] p;
        while ((p = from.pollOutgoingPacket()) != null) {
            if (toB) {
                capturedAtoB.add(p);
            }
            Predicate<byte[]> filter = toB ? dropFilterAtoB : dropFilterBtoA;
            if (filter.test(p) || random.nextDouble() < loss) {
                packetsDropped++;
                continue;
            }
            int copies = random.nextDouble() < duplicate ? 2 : 1;
            for (int i = 0; i < copies; i++) {
                long lat = baseLatency + (jitter > 0 ? random.nextLong(jitter + 1) : 0);
                wire.add(new InFlight(clock.now() + lat, seq++, toB, p.clone()));
            }
        }
    }

    /**
     * Runs until {@code done} holds or the budget is spent.
     *
     * @return true when {@code done} became true
     */
    public boolean runUntil(BooleanSupplier done, long maxVirtualMillis) {
        long deadline = clock.now() + maxVirtualMillis;
        for (int step = 0; step < 5_000_000; step++) {
            collect(a, true);
            collect(b, false);
            if (done.getAsBoolean()) {
                return true;
            }
            long next = Math.min(a.nextTimeoutMillis(), b.nextTimeoutMillis());
            if (!wire.isEmpty()) {
                next = Math.min(next, wire.peek().deliverAt());
            }
            if (next == Long.MAX_VALUE || next > deadline) {
                return done.getAsBoolean();
            }
            clock.advanceTo(next);
            while (!wire.isEmpty() && wire.peek().deliverAt() <= clock.now()) {
                InFlight f = wire.poll();
                SctpAssociation to = f.toB() ? b : a;
                to.receivePacket(f.data(), 0, f.data().length, clock.now());
                collect(a, true);
                collect(b, false);
            }
            if (a.nextTimeoutMillis() <= clock.now()) {
                a.handleTimeout(clock.now());
            }
            if (b.nextTimeoutMillis() <= clock.now()) {
                b.handleTimeout(clock.now());
            }
        }
        return done.getAsBoolean();
    }
}
