package io.rtcd.bench;

import io.rtcd.rtc.transport.srtp.SrtpProfile;
import java.util.HashMap;
import java.util.Map;

/**
 * Validated options of {@link FanoutLoad}, parsed from {@code key=value} arguments.
 *
 * @param subscribers listeners of the one publisher, 1..1000 ({@code subscribers=})
 * @param rampSeconds seconds of sending before the measured window, 1..120 ({@code ramp=})
 * @param steadySeconds length of the measured window, 1..600 ({@code steady=})
 * @param pps packets per second the publisher sends, 1..5000 ({@code pps=}; Opus at 20 ms frames is 50)
 * @param payload Opus payload bytes per packet, 16..1200 ({@code payload=})
 * @param workers SFU worker threads ({@code sfu-worker-*}), 1..64 ({@code workers=})
 * @param profile SRTP profile the peers offer ({@code profile=gcm|cm})
 */
record FanoutOptions(
        int subscribers, int rampSeconds, int steadySeconds, int pps, int payload, int workers, SrtpProfile profile) {

    FanoutOptions {
        range("subscribers", subscribers, 1, 1000);
        range("ramp", rampSeconds, 1, 120);
        range("steady", steadySeconds, 1, 600);
        range("pps", pps, 1, 5000);
        range("payload", payload, 16, 1200);
        range("workers", workers, 1, 64);
    }

    static FanoutOptions parse(String[] args) {
        Map<String, String> kv = new HashMap<>();
        for (String a : args) {
            int eq = a.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("argument must be key=value, got '" + a + "'");
            }
            kv.put(a.substring(0, eq), a.substring(eq + 1));
        }
        FanoutOptions o = new FanoutOptions(
                integer(kv, "subscribers", 10),
                integer(kv, "ramp", 5),
                integer(kv, "steady", 20),
                integer(kv, "pps", 50),
                integer(kv, "payload", 80),
                integer(kv, "workers", 2),
                profile(kv.getOrDefault("profile", "gcm")));
        kv.keySet()
                .removeAll(java.util.Set.of("subscribers", "ramp", "steady", "pps", "payload", "workers", "profile"));
        if (!kv.isEmpty()) {
            throw new IllegalArgumentException("unknown option(s) " + kv.keySet()
                    + "; known: subscribers, ramp, steady, pps, payload, workers, profile");
        }
        return o;
    }

    private static int integer(Map<String, String> kv, String key, int dflt) {
        String v = kv.get(key);
        if (v == null) {
            return dflt;
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be an integer, got '" + v + "'", e);
        }
    }

    private static SrtpProfile profile(String v) {
        return switch (v) {
            case "gcm" -> SrtpProfile.AEAD_AES_128_GCM;
            case "cm" -> SrtpProfile.AES128_CM_HMAC_SHA1_80;
            default -> throw new IllegalArgumentException("profile must be gcm or cm, got '" + v + "'");
        };
    }

    private static void range(String key, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(key + " must be in [" + min + ", " + max + "], got " + value);
        }
    }

    String profileName() {
        return profile == SrtpProfile.AEAD_AES_128_GCM ? "gcm" : "cm";
    }
}
