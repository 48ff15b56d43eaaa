package io.rtcd.rtc.transport.udp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The batch bookkeeping of {@link MmsgFlush} against a scripted kernel: partial sends, EAGAIN, bad datagrams. */
class MmsgFlushTest {
    /** Returns scripted results; -errno means -1 with that errno. Records where each call started. */
    private static final class ScriptedKernel implements MmsgFlush.Syscall {
        private final int[] results;
        private int next;
        private int errno;
        final List<Integer> starts = new ArrayList<>();

        ScriptedKernel(int... results) {
            this.results = results;
        }

        @Override
        public int sendmmsg(int from, int count) {
            starts.add(from);
            int r = next < results.length ? results[next++] : count;
            if (r < 0 && r != MmsgFlush.FAILED) {
                errno = -r;
                return -1;
            }
            return r == MmsgFlush.FAILED ? r : Math.min(r, count);
        }

        @Override
        public int errno() {
            return errno;
        }
    }

    private static int[] lengths(int n) {
        int[] l = new int[n];
        for (int i = 0; i < n; i++) {
            l[i] = 100 + i;
        }
        return l;
    }

    private static long sum(int[] l, int from, int to) {
        long s = 0;
        for (int i = from; i < to; i++) {
            s += l[i];
        }
        return s;
    }

    @Test
    void wholeBatchInOneCall() {
        MmsgFlush f = new MmsgFlush();
        ScriptedKernel k = new ScriptedKernel(10);
        int[] l = lengths(10);
        assertEquals(10, f.run(k, 10, l));
        assertEquals(0, f.dropped());
        assertEquals(sum(l, 0, 10), f.bytes());
        assertEquals(1, f.calls());
    }

    @Test
    void partialSendContinuesFromTheFirstUnsentDatagram() {
        MmsgFlush f = new MmsgFlush();
        ScriptedKernel k = new ScriptedKernel(4, 3, 100);
        int[] l = lengths(10);
        assertEquals(10, f.run(k, 10, l));
        assertEquals(List.of(0, 4, 7), k.starts);
        assertEquals(0, f.dropped());
        assertEquals(sum(l, 0, 10), f.bytes());
    }

    @Test
    void fullSocketBufferIsRetriedOnceThenTheRestDropped() {
        MmsgFlush f = new MmsgFlush();
        ScriptedKernel k = new ScriptedKernel(6, -MmsgFlush.EAGAIN, -MmsgFlush.EAGAIN, 100);
        int[] l = lengths(10);
        assertEquals(6, f.run(k, 10, l));
        assertEquals(4, f.dropped(), "EAGAIN twice: the 4 unsent are dropped, never waited for");
        assertEquals(sum(l, 0, 6), f.bytes());
        assertEquals(List.of(0, 6, 6), k.starts);
    }

    @Test
    void oneRetryAfterEnobufsCanSucceed() {
        MmsgFlush f = new MmsgFlush();
        ScriptedKernel k = new ScriptedKernel(-MmsgFlush.ENOBUFS, 8);
        assertEquals(8, f.run(k, 8, lengths(8)));
        assertEquals(0, f.dropped());
    }

    @Test
    void aDatagramRefusedOnItsOwnIsSkipped() {
        MmsgFlush f = new MmsgFlush();
        // 3 sent, the 4th refused (EACCES: broadcast), the rest sent
        ScriptedKernel k = new ScriptedKernel(3, -MmsgFlush.EACCES, 100);
        int[] l = lengths(8);
        assertEquals(7, f.run(k, 8, l));
        assertEquals(1, f.dropped());
        assertEquals(sum(l, 0, 8) - l[3], f.bytes());
        assertEquals(List.of(0, 3, 4), k.starts);
    }

    @Test
    void everyDatagramRefusedIsBounded() {
        MmsgFlush f = new MmsgFlush();
        int[] script = new int[64];
        java.util.Arrays.fill(script, -MmsgFlush.EHOSTUNREACH);
        ScriptedKernel k = new ScriptedKernel(script);
        assertEquals(0, f.run(k, 64, lengths(64)));
        assertEquals(64, f.dropped());
        assertEquals(64, f.calls());
    }

    @Test
    void socketWideErrorDropsTheRest() {
        MmsgFlush f = new MmsgFlush();
        ScriptedKernel k = new ScriptedKernel(2, -9 /* EBADF */);
        assertEquals(2, f.run(k, 5, lengths(5)));
        assertEquals(3, f.dropped());
        MmsgFlush g = new MmsgFlush();
        assertEquals(0, g.run(new ScriptedKernel(MmsgFlush.FAILED), 5, lengths(5)));
        assertEquals(5, g.dropped(), "a failed downcall drops, never throws");
    }

    @Test
    void figuresResetBetweenFlushes() {
        MmsgFlush f = new MmsgFlush();
        f.run(new ScriptedKernel(-MmsgFlush.EAGAIN, -MmsgFlush.EAGAIN), 3, lengths(3));
        assertEquals(3, f.dropped());
        assertEquals(0, f.none());
        assertEquals(0, f.dropped());
        f.discarded(4);
        assertEquals(4, f.dropped());
        assertEquals(0, f.bytes());
    }

    @Test
    void errnoClasses() {
        assertTrue(MmsgFlush.isTransient(MmsgFlush.EAGAIN));
        assertTrue(MmsgFlush.isTransient(MmsgFlush.ENOBUFS));
        assertFalse(MmsgFlush.isTransient(MmsgFlush.EACCES));
        assertTrue(MmsgFlush.ofOneDatagram(MmsgFlush.EMSGSIZE));
        assertTrue(MmsgFlush.ofOneDatagram(MmsgFlush.EAFNOSUPPORT));
        assertFalse(MmsgFlush.ofOneDatagram(9));
    }
}
