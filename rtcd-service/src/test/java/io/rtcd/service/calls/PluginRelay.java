package io.rtcd.service.calls;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rtcd.service.client.RtcdClient;
import io.rtcd.ws.ClientMessage;
import io.rtcd.ws.Close;
import io.rtcd.ws.IdGenerator;
import io.rtcd.ws.Join;
import io.rtcd.ws.Leave;
import io.rtcd.ws.Rtc;
import io.rtcd.ws.RtcMessage;
import io.rtcd.ws.Vad;
import io.rtcd.ws.WsClient;
import io.rtcd.ws.realtime.TextWsConfig;
import io.rtcd.ws.realtime.TextWsConnection;
import io.rtcd.ws.realtime.TextWsListener;
import io.rtcd.ws.realtime.TextWsRefusedException;
import io.rtcd.ws.realtime.TextWsServer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

/**
 * A test stand-in for the Mattermost server with the Calls plugin: browsers talk JSON to it (it serves rtcd's page
 * and speaks the page's protocol), and it relays everything to rtcd over ONE {@code /ws} connection in rtcd's msgpack
 * protocol, as the plugin does. Media goes straight from the browsers to rtcd's UDP port.
 *
 * <p>It trusts the join token's payload (user and cospace) without verifying it: in Mattermost the plugin knows its
 * users; here the test mints tokens with rtcd only for convenience.
 */
public final class PluginRelay implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    record Browser(String sessionId, String userId, String cospace) {}

    /** A {@code vad} event rtcd sent, as the plugin would turn it into {@code user_voice_on/off}. */
    record VoiceEvent(String sessionId, boolean on) {}

    final List<VoiceEvent> voiceEvents = new CopyOnWriteArrayList<>();
    private final Map<String, TextWsConnection<Browser>> browsers = new ConcurrentHashMap<>();
    private final WsClient rtcd;
    private final Server jetty = new Server();
    private final TextWsServer<Browser> faces;
    private final Thread reader;
    private volatile boolean closed;

    public PluginRelay(RtcdClient rtcdClient) throws Exception {
        this.rtcd = rtcdClient.connectWs(Duration.ofSeconds(10));
        this.faces = new TextWsServer<>("plugin-relay", TextWsConfig.defaults(), this::accept, new Faces());
        ServerConnector connector = new ServerConnector(jetty);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        jetty.addConnector(connector);
        jetty.setHandler(new Handler.Sequence(faces.createHandler(jetty), new Page()));
        faces.start();
        jetty.start();
        reader = new Thread(this::fromRtcd, "plugin-relay-rx");
        reader.setDaemon(true);
        reader.start();
    }

    public int port() {
        return ((ServerConnector) jetty.getConnectors()[0]).getLocalPort();
    }

    private Browser accept(String path, Map<String, String> query) {
        String prefix = "/realtime/connect/";
        String token = query.get("token");
        if (!path.startsWith(prefix) || token == null || token.split("\\.").length != 3) {
            throw new TextWsRefusedException(401, "no token");
        }
        try {
            JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(token.split("\\.")[1]));
            return new Browser(
                    IdGenerator.newId(),
                    claims.path("sub").asText(),
                    claims.path("cospace").asText());
        } catch (IOException | IllegalArgumentException e) {
            throw new TextWsRefusedException(401, "bad token");
        }
    }

    /** Browser → plugin → rtcd. */
    private final class Faces implements TextWsListener<Browser> {
        @Override
        public void onOpen(TextWsConnection<Browser> c) {
            Browser b = c.attachment();
            browsers.put(b.sessionId(), c);
            ObjectNode welcome = JSON.createObjectNode()
                    .put("type", "welcome")
                    .put("sessionId", b.sessionId())
                    .put("userId", b.userId())
                    .put("cospace", b.cospace());
            c.send(welcome.toString());
            rtcd.send(new Join(b.cospace(), b.userId(), b.sessionId(), b.cospace(), false, false));
        }

        @Override
        public void onText(TextWsConnection<Browser> c, String text) {
            String sid = c.attachment().sessionId();
            try {
                JsonNode msg = JSON.readTree(text);
                switch (msg.path("type").asText()) {
                    case "offer", "answer" ->
                        toRtcd(
                                sid,
                                RtcMessage.SDP,
                                JSON.createObjectNode()
                                        .put("type", msg.get("type").asText())
                                        .put("sdp", msg.path("sdp").asText()));
                    case "candidate" -> toRtcd(sid, RtcMessage.ICE, msg.path("candidate"));
                    case "mute" -> toRtcd(sid, RtcMessage.MUTE, null);
                    case "unmute" -> toRtcd(sid, RtcMessage.UNMUTE, null);
                    case "video_on" ->
                        toRtcd(
                                sid,
                                RtcMessage.VIDEO_ON,
                                JSON.createObjectNode()
                                        .put(
                                                "videoStreamID",
                                                msg.path("streamId").asText()));
                    case "video_off" -> toRtcd(sid, RtcMessage.VIDEO_OFF, null);
                    case "leave" -> rtcd.send(new Leave(sid));
                    default -> {}
                }
            } catch (IOException e) {
                c.send("{\"type\":\"error\",\"code\":\"malformed\",\"message\":\"not JSON\"}");
            }
        }

        @Override
        public void onClose(TextWsConnection<Browser> c, int statusCode, String reason) {
            if (browsers.remove(c.attachment().sessionId()) != null && !closed) {
                rtcd.send(new Leave(c.attachment().sessionId()));
            }
        }
    }

    private void toRtcd(String sessionId, int type, JsonNode data) {
        byte[] bytes = data == null ? new byte[0] : data.toString().getBytes(StandardCharsets.UTF_8);
        rtcd.send(new Rtc(new RtcMessage("", "", sessionId, "", type, bytes)));
    }

    /** rtcd → plugin → browser. */
    private void fromRtcd() {
        while (!closed) {
            ClientMessage m;
            try {
                m = rtcd.receive(Duration.ofMillis(200));
            } catch (RuntimeException e) {
                return;
            }
            switch (m) {
                case Rtc r
                when r.msg().type() == RtcMessage.SDP -> toBrowser(r.msg().sessionId(), sdp(r.msg()));
                case Vad v -> {
                    boolean on = v.msg().type() == RtcMessage.VOICE_ON;
                    voiceEvents.add(new VoiceEvent(v.msg().sessionId(), on));
                    toBrowser(v.msg().sessionId(), "{\"type\":\"voice\",\"active\":" + on + "}");
                }
                case Close cl -> toBrowser(cl.sessionId(), "{\"type\":\"closed\",\"reason\":\"closed by rtcd\"}");
                case null, default -> {}
            }
        }
    }

    private static String sdp(RtcMessage m) {
        try {
            JsonNode sd = JSON.readTree(m.data());
            return JSON.createObjectNode()
                    .put("type", sd.path("type").asText())
                    .put("sdp", sd.path("sdp").asText())
                    .toString();
        } catch (IOException e) {
            throw new IllegalStateException("rtcd sent undecodable SDP JSON", e);
        }
    }

    private void toBrowser(String sessionId, String json) {
        TextWsConnection<Browser> c = browsers.get(sessionId);
        if (c != null) {
            c.send(json);
        }
    }

    /** Serves rtcd's own page files from the classpath, as the plugin serves its web app. */
    private static final class Page extends Handler.Abstract {
        @Override
        public boolean handle(Request request, Response response, Callback callback) throws IOException {
            String path = Request.getPathInContext(request);
            String file = path.equals("/") ? "index.html" : path.substring(1);
            if (!List.of("index.html", "app.js", "datachat.js", "style.css").contains(file)) {
                return false;
            }
            try (InputStream in = PluginRelay.class.getResourceAsStream("/io/rtcd/service/static/" + file)) {
                if (in == null) {
                    return false;
                }
                byte[] body = in.readAllBytes();
                String type =
                        file.endsWith(".html") ? "text/html" : file.endsWith(".js") ? "text/javascript" : "text/css";
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, type + "; charset=utf-8");
                response.write(true, ByteBuffer.wrap(body), callback);
                return true;
            }
        }
    }

    @Override
    public void close() throws Exception {
        closed = true;
        faces.close();
        jetty.stop();
        rtcd.close();
        reader.join(5_000);
    }
}
