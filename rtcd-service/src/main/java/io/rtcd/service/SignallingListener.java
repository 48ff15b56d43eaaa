package io.rtcd.service;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.rtcd.ws.ClientMessage;
import io.rtcd.ws.WsConnection;
import io.rtcd.ws.WsListener;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives decoded {@code /ws} messages from backends.
 *
 * <p>The call/session message set ({@code join}, {@code leave}, {@code reconnect}, {@code rtc}) is served by the
 * media plane, which is not wired into the service yet. Until it is, each such message is counted in
 * {@code rtcd_ws_rejected_messages_total{reason="unsupported"}} and logged once per connection and type, so a
 * backend operator sees why nothing happens. rtcd has no error message on {@code /ws}, so nothing is sent back.
 *
 * <p>Called on the WebSocket threads; callbacks of one connection are serial.
 */
final class SignallingListener implements WsListener {
    private static final Logger LOG = LoggerFactory.getLogger(SignallingListener.class);

    private final Counter unsupported;
    private final Set<String> warned = ConcurrentHashMap.newKeySet();

    SignallingListener(PrometheusRegistry registry) {
        this.unsupported = Counter.builder()
                .name("rtcd_ws_unsupported_messages_total")
                .help("client messages received on /ws that this server does not serve yet")
                .labelNames("type")
                .register(registry);
    }

    @Override
    public void onOpen(WsConnection c) {
        LOG.atInfo()
                .addKeyValue("connID", c.connId())
                .addKeyValue("clientID", c.clientId())
                .addKeyValue("remote", c.remoteAddress())
                .log("ws: connection opened");
    }

    @Override
    public void onMessage(WsConnection c, ClientMessage m) {
        unsupported.labelValues(m.type()).inc();
        if (warned.add(c.connId() + "/" + m.type())) {
            LOG.atWarn()
                    .addKeyValue("connID", c.connId())
                    .addKeyValue("clientID", c.clientId())
                    .addKeyValue("type", m.type())
                    .log("ws: message type not served by this build yet (the media plane is not wired); dropped");
        }
    }

    @Override
    public void onClose(WsConnection c, int statusCode, String reason) {
        warned.removeIf(k -> k.startsWith(c.connId() + "/"));
        LOG.atInfo()
                .addKeyValue("connID", c.connId())
                .addKeyValue("clientID", c.clientId())
                .addKeyValue("status", statusCode)
                .addKeyValue("reason", reason)
                .log("ws: connection closed");
    }
}
