package io.rtcd.service;

import io.rtcd.api.ApiConfig;
import io.rtcd.auth.AuthConfig;
import io.rtcd.rtc.sfu.RtcConfig;
import io.rtcd.service.client.RtcdClient;
import io.rtcd.service.config.RtcdConfig;
import io.rtcd.store.StoreConfig;
import java.net.URI;
import java.nio.file.Path;

/**
 * Runs a whole rtcd service on a free port of 127.0.0.1 with its data in a temp directory, and hands out clients
 * that talk to it through the server's real HTTP and WebSocket faces.
 */
public final class RtcdHarness implements AutoCloseable {
    public static final String ADMIN_SECRET = "harness-admin-secret";

    private final RtcdService service;

    private RtcdHarness(RtcdConfig config) {
        this.service = new RtcdService(config);
        service.start();
    }

    /** Admin enabled, self-registration off: the production-like default plus an admin. */
    public static RtcdHarness start(Path dataDir) {
        return start(config(dataDir));
    }

    public static RtcdHarness start(RtcdConfig config) {
        return new RtcdHarness(config);
    }

    public static RtcdConfig config(Path dataDir) {
        return RtcdConfig.defaults()
                .withApi(new ApiConfig("127.0.0.1:0", false, "", ""))
                .withAuth(new AuthConfig(true, ADMIN_SECRET, false, 1440))
                .withRtc(RtcConfig.loopback())
                .withStore(new StoreConfig(dataDir.resolve("rtcd.db")));
    }

    public RtcdService service() {
        return service;
    }

    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + service.port());
    }

    public RtcdClient anonymous() {
        return RtcdClient.anonymous(baseUri());
    }

    public RtcdClient admin() {
        return RtcdClient.basic(baseUri(), "admin", ADMIN_SECRET);
    }

    public RtcdClient client(String clientId, String authKey) {
        return RtcdClient.basic(baseUri(), clientId, authKey);
    }

    @Override
    public void close() {
        service.close();
    }
}
