package io.rtcd.rtc.sfu;

import io.rtcd.rtc.sdp.Candidate;
import io.rtcd.rtc.sdp.Fingerprint;
import java.util.List;
import java.util.Objects;

/**
 * What a session writes about its own transport in every SDP: ICE-lite credentials (RFC 8839 §5.4), the DTLS
 * certificate fingerprint (RFC 8122 §5) and the host candidates of the shared UDP port.
 */
record LocalTransport(String iceUfrag, String icePwd, Fingerprint fingerprint, List<Candidate> candidates) {
    LocalTransport {
        Objects.requireNonNull(iceUfrag, "iceUfrag");
        Objects.requireNonNull(icePwd, "icePwd");
        Objects.requireNonNull(fingerprint, "fingerprint");
        candidates = List.copyOf(candidates);
    }
}
