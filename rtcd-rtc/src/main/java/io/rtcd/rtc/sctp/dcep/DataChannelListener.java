package io.rtcd.rtc.sctp.dcep;

/** Data-channel events, called synchronously on the association's owner thread. Must not block. */
public interface DataChannelListener {
    /** A channel opened: ours was acknowledged, or the peer opened one. */
    default void onChannelOpen(DataChannel channel) {}

    /** A message arrived. {@code binary} is false for text (PPID 51/56). The array is owned by the listener. */
    default void onMessage(DataChannel channel, byte[] data, boolean binary) {}

    /** The channel closed (both stream directions reset, or the association ended). */
    default void onChannelClosed(DataChannel channel) {}

    /** The SCTP association ended; every channel has been closed before this call. */
    default void onTransportClosed(String reason) {}
}
