/**
 * ICE-lite (RFC 8445 §2.5) and the STUN codec it needs (RFC 8489): allocation-free message view, writer,
 * MESSAGE-INTEGRITY/FINGERPRINT, the per-session {@link io.rtcd.rtc.transport.ice.IceLiteAgent}, and a controlling
 * {@link io.rtcd.rtc.transport.ice.StunClient} for test peers and the load generator.
 */
package io.rtcd.rtc.transport.ice;
