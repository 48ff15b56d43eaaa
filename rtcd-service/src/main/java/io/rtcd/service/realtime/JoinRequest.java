package io.rtcd.service.realtime;

import io.rtcd.auth.JoinClaims;
import java.util.List;
import java.util.Objects;

/**
 * What an accepted {@code /realtime/connect} upgrade carries: the verified token and the channels asked for in the
 * query ({@code ?channels=a&channels=b}, or {@code null} when none were given: every channel the token grants).
 */
public record JoinRequest(JoinClaims claims, List<String> channels) {
    public JoinRequest {
        Objects.requireNonNull(claims, "claims");
        channels = channels == null ? null : List.copyOf(channels);
    }
}
