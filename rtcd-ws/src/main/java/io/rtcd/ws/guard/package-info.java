/**
 * Abuse control for the WebSocket faces: a per-address connection-attempt limit, a per-connection message rate limit,
 * and the {@code Origin} check of browser upgrades. Everything takes the time as a parameter (or from an injected
 * {@link java.util.function.LongSupplier}) so the limits are unit-testable without sleeping.
 */
package io.rtcd.ws.guard;
