package io.rtcd.rtc.transport.srtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link IntrinsicCtr} (SunJCE's counter-mode stub) against {@link EcbCtr} (AES/ECB counter blocks) on random keys,
 * counters and lengths, long enough for C2 to compile the caller with the intrinsic, with the calls split as {@link
 * AesGcmRtpCrypto} splits them (one mask block, then the payload).
 */
class IntrinsicCtrTest {
    @Test
    void matchesTheEcbKeystreamOnRandomInputs() {
        assertTrue(IntrinsicCtr.AVAILABLE, "JDK counter mode not reachable: --add-opens missing from the test JVM?");
        Random r = new Random(3711);
        long deadline = System.nanoTime() + 20_000_000_000L;
        int checked = 0;
        for (int key = 0; key < 6; key++) {
            byte[] k = new byte[key % 2 == 0 ? 16 : 32];
            r.nextBytes(k);
            IntrinsicCtr fast = new IntrinsicCtr(k);
            EcbCtr reference = new EcbCtr(k);
            for (int i = 0; i < 4000 && System.nanoTime() < deadline; i++) {
                long hi = r.nextLong();
                long lo = (r.nextLong() & 0xFFFFFFFF00000000L) | r.nextInt(1 << 20);
                byte[] data = new byte[16 + r.nextInt(1500)];
                r.nextBytes(data);
                byte[] a = data.clone();
                byte[] b = data.clone();
                fast.start(hi, lo);
                fast.apply(a, 0, 16);
                fast.apply(a, 16, a.length - 16);
                reference.start(hi, lo);
                reference.apply(b, 0, 16);
                reference.apply(b, 16, b.length - 16);
                assertArrayEquals(b, a, "key " + key + " message " + i);
                checked++;
            }
        }
        assertTrue(checked >= 10_000, "only " + checked + " messages compared before the time bound");
    }

    @Test
    void keystreamMatchesRfc3711AppendixB2AndRangesAreChecked() {
        IntrinsicCtr ctr = new IntrinsicCtr(HexFormat.of().parseHex("2B7E151628AED2A6ABF7158809CF4F3C"));
        ctr.start(0xF0F1F2F3F4F5F6F7L, 0xF8F9FAFBFCFD0000L);
        byte[] out = new byte[48];
        ctr.apply(out, 0, 48);
        assertArrayEquals(
                HexFormat.of()
                        .parseHex("E03EAD0935C95E80E166B16DD92B4EB4D23513162B02D0F72A43A2FE4A5F97AB"
                                + "41E95B3BB0A2E8DD477901E4FCA894C0"),
                out);
        assertThrows(IndexOutOfBoundsException.class, () -> ctr.apply(out, 40, 9));
    }
}
