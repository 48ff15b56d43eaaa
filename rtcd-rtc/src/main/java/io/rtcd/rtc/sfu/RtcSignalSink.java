package io.rtcd.rtc.sfu;

/**
 * Port implemented by the service: delivers messages from the SFU to a participant's signalling channel (style
 * guide P2/P5). Called from session serial executors and timer threads, never from the UDP reader thread.
 */
@FunctionalInterface
public interface RtcSignalSink {
    /**
     * Queues one message without blocking.
     *
     * @return {@code false} if the message was dropped (queue full, channel gone); the SFU counts it
     */
    boolean send(RtcSignal signal);
}
