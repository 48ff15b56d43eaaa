package io.rtcd.rtc.rtp;

/**
 * The client-to-mixer audio level header extension, RFC 6464 §3: one byte, {@code V} (voice activity, MSB) and a
 * 7-bit level in -dBov (0 loudest, 127 silence).
 */
public final class AudioLevel {
    /** Returned by {@link #read} when the packet carries no audio level element. */
    public static final int ABSENT = -1;

    private AudioLevel() {}

    /**
     * The raw audio level byte (0..255: bit 7 voice activity, bits 0..6 level) of extension {@code id}, or
     * {@link #ABSENT}.
     */
    public static int read(byte[] buf, int off, int id) {
        int data = HeaderExtensions.findData(buf, off, id);
        if (data < 0 || HeaderExtensions.dataLength(buf, off, id) < 1) {
            return ABSENT;
        }
        return buf[data] & 0xFF;
    }

    /** The level in -dBov, 0..127, of a raw byte from {@link #read}. */
    public static int level(int raw) {
        return raw & 0x7F;
    }

    /** The voice activity flag of a raw byte from {@link #read}. */
    public static boolean voiceActivity(int raw) {
        return (raw & 0x80) != 0;
    }
}
