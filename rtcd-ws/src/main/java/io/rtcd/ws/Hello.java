package io.rtcd.ws;

import java.util.Objects;

/** rtcd → plugin, first message on every connection (data {@code {"clientID","connID"}}). */
public record Hello(String clientId, String connId) implements ClientMessage {

    public Hello {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(connId, "connId");
    }

    @Override
    public String type() {
        return HELLO;
    }
}
