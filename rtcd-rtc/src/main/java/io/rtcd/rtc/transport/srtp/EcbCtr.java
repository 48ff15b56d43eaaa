package io.rtcd.rtc.transport.srtp;

/**
 * {@link CtrKeystream} over a {@link KeystreamGenerator} ({@code AES/ECB/NoPadding} on counter blocks): the fallback
 * of {@link IntrinsicCtr}. On a CPU without VAES/AVX-512 SunJCE's ECB runs one AES-NI stub call per block (~7 ns per
 * block against ~2.7 for the pipelined counter-mode stub). The counter's low 32 bits are counted here (no packet
 * reaches 2^32 blocks). Not thread-safe.
 */
final class EcbCtr implements CtrKeystream {
    private final KeystreamGenerator keystream;
    private long hi;
    private long lo;
    private int next;

    EcbCtr(byte[] key) {
        this.keystream = new KeystreamGenerator(key);
    }

    @Override
    public void start(long hi, long lo) {
        this.hi = hi;
        this.lo = lo & 0xFFFFFFFF00000000L;
        this.next = (int) lo;
    }

    @Override
    public void apply(byte[] b, int off, int len) {
        next = keystream.apply(hi, lo, next, b, off, len);
    }
}
