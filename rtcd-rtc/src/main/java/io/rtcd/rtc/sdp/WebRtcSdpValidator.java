package io.rtcd.rtc.sdp;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * WebRTC rules a parsed description must also satisfy before the SFU acts on it (RFC 8829 JSEP §5.8, RFC 8843,
 * RFC 8839, RFC 8842). Every failure is an {@link SdpParseException} naming the rule and the mid.
 *
 * <p>Checked for each active (port != 0) m= section: a mid; ICE ufrag and pwd (RFC 8839 §5.4, ufrag 4..256 and pwd
 * 22..256 characters); a fingerprint (RFC 8122 §5, RFC 8842 §5); a setup role (actpass in an initial offer, which a
 * subsequent offer may replace by the established active or passive role, RFC 8842 §5.2/§5.5; active or passive in
 * an answer, §5.3); rtcp-mux for RTP sections (RFC 8834 §4.5). BUNDLE: every mid of the
 * group names an existing, active section and no mid is in two BUNDLE groups (RFC 8843 §7.2). Stateless.
 */
public final class WebRtcSdpValidator {
    private WebRtcSdpValidator() {}

    /** Validates a remote offer (e.g. a browser's). */
    public static void validateOffer(SessionDescription sd) {
        validate(sd, true);
    }

    /** Validates a remote answer to an offer of ours. */
    public static void validateAnswer(SessionDescription sd) {
        validate(sd, false);
    }

    private static void validate(SessionDescription sd, boolean offer) {
        if (sd.media().isEmpty()) {
            throw new SdpParseException("no m= section");
        }
        for (MediaDescription m : sd.media()) {
            if (!m.isRejected()) {
                validateMedia(sd, m, offer);
            }
        }
        validateBundle(sd);
    }

    private static void validateMedia(SessionDescription sd, MediaDescription m, boolean offer) {
        String mid = m.mid().orElseThrow(() -> new SdpParseException("m=" + m.media() + " section without a=mid"));
        String where = " (mid " + mid + ")";
        String ufrag = sd.iceUfrag(m).orElseThrow(() -> new SdpParseException("missing a=ice-ufrag" + where));
        String pwd = sd.icePwd(m).orElseThrow(() -> new SdpParseException("missing a=ice-pwd" + where));
        if (ufrag.length() < 4 || ufrag.length() > 256) {
            throw new SdpParseException("a=ice-ufrag must be 4..256 characters (RFC 8839 §5.4)" + where);
        }
        if (pwd.length() < 22 || pwd.length() > 256) {
            throw new SdpParseException("a=ice-pwd must be 22..256 characters (RFC 8839 §5.4)" + where);
        }
        if (sd.fingerprints(m).isEmpty()) {
            throw new SdpParseException("missing a=fingerprint" + where);
        }
        Optional<Setup> setup = sd.setup(m);
        if (setup.isEmpty()) {
            throw new SdpParseException("missing a=setup" + where);
        }
        if (offer && setup.get() == Setup.HOLDCONN) {
            throw new SdpParseException(
                    "an offer must use a=setup:actpass, or keep its role (RFC 8842 §5.2, §5.5)" + where);
        }
        if (!offer && setup.get() != Setup.ACTIVE && setup.get() != Setup.PASSIVE) {
            throw new SdpParseException("an answer must use a=setup:active or passive (RFC 8842 §5.3)" + where);
        }
        if (m.isRtp() && !m.rtcpMux()) {
            throw new SdpParseException("missing a=rtcp-mux (RFC 8834 §4.5)" + where);
        }
    }

    private static void validateBundle(SessionDescription sd) {
        Set<String> bundled = new HashSet<>();
        for (Group g : sd.groups()) {
            if (!g.isBundle()) {
                continue;
            }
            for (String mid : g.mids()) {
                MediaDescription m =
                        sd.mediaByMid(mid).orElseThrow(() -> new SdpParseException("BUNDLE names unknown mid " + mid));
                if (m.isRejected()) {
                    throw new SdpParseException("BUNDLE names rejected mid " + mid + " (RFC 8843 §7.3.3)");
                }
                if (!bundled.add(mid)) {
                    throw new SdpParseException("mid " + mid + " in two BUNDLE groups (RFC 8843 §7.2)");
                }
            }
        }
    }
}
