package io.rtcd.service.realtime;

import io.rtcd.auth.JoinClaims;

/**
 * Whether a join token lets its holder publish on relayed data channels (docs/protocol.md "Data channels"):
 * permission {@code publish_data}, or {@code publish} (all publish permissions). Without it the SFU still delivers
 * the other participants' relayed messages but drops the holder's ({@code SessionSpec.mayPublishData}).
 */
final class DataPermission {
    static final String PUBLISH = "publish";
    static final String PUBLISH_DATA = "publish_data";

    private DataPermission() {}

    static boolean of(JoinClaims claims) {
        return claims.permissions().contains(PUBLISH) || claims.permissions().contains(PUBLISH_DATA);
    }
}
