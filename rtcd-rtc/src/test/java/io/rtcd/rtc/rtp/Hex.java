package io.rtcd.rtc.rtp;

import java.util.Arrays;
import java.util.HexFormat;

/** Hex helpers for golden packets; spaces in the text are ignored. */
final class Hex {
    private Hex() {}

    static byte[] bytes(String hex) {
        return HexFormat.of().parseHex(hex.replace(" ", ""));
    }

    static String of(PacketBuffer p) {
        return HexFormat.of()
                .formatHex(Arrays.copyOfRange(p.getBuffer(), p.getOffset(), p.getOffset() + p.getLength()));
    }

    static String of(byte[] b) {
        return HexFormat.of().formatHex(b);
    }
}
