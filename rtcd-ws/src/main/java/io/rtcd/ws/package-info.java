/**
 * rtcd's plugin-facing WebSocket layer: {@link io.rtcd.ws.WsServer} (Jetty native WebSocket, authentication before the
 * upgrade, {@code hello} on open, ping/pong keepalive, bounded per-connection send queues), {@link io.rtcd.ws.WsClient}
 * and the msgpack framing of client messages ({@link io.rtcd.ws.ClientMessageCodec}).
 *
 * <p>Threads: Jetty's WebSocket threads run {@link io.rtcd.ws.WsListener} callbacks (serial per connection); one daemon
 * thread {@code rtcd-ws-ping} runs keepalive. Sending never blocks. This package depends on no other rtcd module.
 */
package io.rtcd.ws;
