package io.rtcd.rtc.sfu;

import io.rtcd.rtc.sdp.ExtMap;
import io.rtcd.rtc.sdp.MediaDescription;

/**
 * The RTP header extensions the SFU understands (RFC 8285 URIs as negotiated by rtcd), and the
 * per-section id tables. What is forwarded: audio level (RFC 6464) and abs-send-time, re-numbered to the
 * subscriber's ids; the subscriber's own {@code sdes:mid} is written fresh. Transport-cc and rid are hop-by-hop and
 * are stripped.
 */
enum HeaderExtension {
    AUDIO_LEVEL(ExtMap.AUDIO_LEVEL, true),
    ABS_SEND_TIME(ExtMap.ABS_SEND_TIME, true),
    MID(ExtMap.SDES_MID, false),
    TRANSPORT_CC(ExtMap.TRANSPORT_CC, false);

    private static final HeaderExtension[] VALUES = values();

    private final String uri;
    private final boolean forwarded;

    HeaderExtension(String uri, boolean forwarded) {
        this.uri = uri;
        this.forwarded = forwarded;
    }

    String uri() {
        return uri;
    }

    /** Copied from publisher packets to subscriber packets (with the id re-mapped). */
    boolean forwarded() {
        return forwarded;
    }

    /**
     * Negotiated ids of one m-section: {@code ids[ext.ordinal()]} is the id, 0 when not negotiated.
     *
     * @return a new table (allocated once per negotiation)
     */
    static int[] idsOf(MediaDescription m) {
        int[] ids = new int[VALUES.length];
        for (ExtMap e : m.extMaps()) {
            for (HeaderExtension h : VALUES) {
                if (h.uri.equals(e.uri()) && e.id() >= 1 && e.id() <= 255) {
                    ids[h.ordinal()] = e.id();
                }
            }
        }
        return ids;
    }

    static HeaderExtension[] all() {
        return VALUES.clone();
    }

    static int count() {
        return VALUES.length;
    }
}
