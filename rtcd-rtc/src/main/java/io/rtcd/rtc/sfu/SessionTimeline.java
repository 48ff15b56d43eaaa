package io.rtcd.rtc.sfu;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When a session reached each stage of its join, for the one INFO line logged when it ends (docs/operations.md "A
 * participant hears nothing"): joined, first offer, ICE selected, DTLS connected, first media received and first media
 * sent, in ms since the join. Each stage is stamped once, on the thread where it happens: offer and media received on
 * the session's serial thread (fields here), ICE and DTLS by the transport and media sent by the {@link MediaLink}
 * (volatile fields there, passed to {@link #format}). Stamping costs one compare per packet, no allocation.
 */
final class SessionTimeline {
    /** The session's logger: the end is a session event. */
    private static final Logger LOG = LoggerFactory.getLogger(RtcSession.class);
    /** How a stage that never happened is shown. */
    static final String NEVER = "never";

    private final long joinedNanos;
    private long offerNanos;
    private long mediaInNanos;

    SessionTimeline(long joinedNanos) {
        this.joinedNanos = joinedNanos;
    }

    /** Serial thread: the client's first offer arrived. */
    void offer(long now) {
        if (offerNanos == 0) {
            offerNanos = now;
        }
    }

    /** Serial thread, per inbound media packet: only the first one is stamped. */
    void mediaIn() {
        if (mediaInNanos == 0) {
            mediaInNanos = System.nanoTime();
        }
    }

    /**
     * Serial thread, at close: the one INFO line of a session end, with its reason and timeline ({@code transport}
     * null before the first offer; the stages it and the link stamped are read here).
     */
    void logEnd(SessionSpec spec, SessionEndReason reason, SessionTransport transport, long mediaOutNanos) {
        LOG.atInfo()
                .addKeyValue("sessionID", spec.sessionId())
                .addKeyValue("groupID", spec.groupId())
                .addKeyValue("callID", spec.callId())
                .addKeyValue("userID", spec.userId())
                .addKeyValue("reason", reason.label())
                .addKeyValue(
                        "timeline",
                        format(
                                transport == null ? 0 : transport.iceSelectedNanos(),
                                transport == null ? 0 : transport.dtlsConnectedNanos(),
                                mediaOutNanos,
                                System.nanoTime()))
                .log("session ended: {}", reason.description());
    }

    /** The timeline with the stages stamped elsewhere (0 = never). */
    String format(long iceNanos, long dtlsNanos, long mediaOutNanos, long endNanos) {
        return format(joinedNanos, offerNanos, iceNanos, dtlsNanos, mediaInNanos, mediaOutNanos, endNanos);
    }

    /**
     * {@code offer=12ms ice=40ms dtls=85ms media_in=101ms media_out=never ended=5012ms}: each stage in whole ms since
     * {@code joined} ({@link System#nanoTime()} values), {@value #NEVER} for a stage stamped 0.
     */
    static String format(long joined, long offer, long ice, long dtls, long mediaIn, long mediaOut, long end) {
        StringBuilder b = new StringBuilder(96);
        stage(b, "offer", joined, offer);
        stage(b, " ice", joined, ice);
        stage(b, " dtls", joined, dtls);
        stage(b, " media_in", joined, mediaIn);
        stage(b, " media_out", joined, mediaOut);
        stage(b, " ended", joined, end);
        return b.toString();
    }

    private static void stage(StringBuilder b, String name, long joined, long at) {
        b.append(name).append('=');
        if (at == 0) {
            b.append(NEVER);
        } else {
            b.append(Math.max(0, (at - joined) / 1_000_000)).append("ms");
        }
    }
}
