package io.rtcd.rtc.sctp.dcep;

/** Channel lifecycle (W3C RTCDataChannelState, RFC 8832 §6). */
public enum DataChannelState {
    CONNECTING,
    OPEN,
    CLOSING,
    CLOSED
}
