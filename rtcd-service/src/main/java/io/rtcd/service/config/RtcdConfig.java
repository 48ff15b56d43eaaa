package io.rtcd.service.config;

import io.rtcd.api.ApiConfig;
import io.rtcd.auth.AuthConfig;
import io.rtcd.rtc.sfu.RtcConfig;
import io.rtcd.service.cospace.CospaceConfig;
import io.rtcd.store.StoreConfig;
import io.rtcd.ws.WsConfig;
import java.util.Objects;

/** The whole validated configuration: one immutable record per module (and {@code realtime} for the cospaces). */
public record RtcdConfig(
        ApiConfig api,
        AuthConfig auth,
        WsConfig ws,
        RtcConfig rtc,
        StoreConfig store,
        LogConfig log,
        CospaceConfig realtime,
        RealtimeSocketConfig realtimeSocket) {
    public RtcdConfig {
        Objects.requireNonNull(realtimeSocket, "realtimeSocket");
        Objects.requireNonNull(realtime, "realtime");
        Objects.requireNonNull(api, "api");
        Objects.requireNonNull(auth, "auth");
        Objects.requireNonNull(ws, "ws");
        Objects.requireNonNull(rtc, "rtc");
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(log, "log");
    }

    /** The embedded defaults: what {@code rtcd serve} runs with when no file or environment is given. */
    public static RtcdConfig defaults() {
        return new RtcdConfig(
                ApiConfig.defaults(),
                AuthConfig.defaults(),
                WsConfig.defaults(),
                RtcConfig.defaults(),
                StoreConfig.defaults(),
                LogConfig.defaults(),
                CospaceConfig.defaults(),
                RealtimeSocketConfig.defaults());
    }

    /** The config without the {@code [realtime]} section (its defaults). */
    public RtcdConfig(ApiConfig api, AuthConfig auth, WsConfig ws, RtcConfig rtc, StoreConfig store, LogConfig log) {
        this(api, auth, ws, rtc, store, log, CospaceConfig.defaults(), RealtimeSocketConfig.defaults());
    }

    public RtcdConfig withRealtime(CospaceConfig r) {
        return new RtcdConfig(api, auth, ws, rtc, store, log, r, realtimeSocket);
    }

    public RtcdConfig withRealtimeSocket(RealtimeSocketConfig r) {
        return new RtcdConfig(api, auth, ws, rtc, store, log, realtime, r);
    }

    public RtcdConfig withApi(ApiConfig a) {
        return new RtcdConfig(a, auth, ws, rtc, store, log, realtime, realtimeSocket);
    }

    public RtcdConfig withAuth(AuthConfig a) {
        return new RtcdConfig(api, a, ws, rtc, store, log, realtime, realtimeSocket);
    }

    public RtcdConfig withStore(StoreConfig s) {
        return new RtcdConfig(api, auth, ws, rtc, s, log, realtime, realtimeSocket);
    }

    public RtcdConfig withWs(WsConfig w) {
        return new RtcdConfig(api, auth, w, rtc, store, log, realtime, realtimeSocket);
    }

    public RtcdConfig withRtc(RtcConfig r) {
        return new RtcdConfig(api, auth, ws, r, store, log, realtime, realtimeSocket);
    }
}
