package io.rtcd.rtc.sfu;

import io.rtcd.rtc.sdp.CodecSpec;
import io.rtcd.rtc.sdp.MediaKind;

/**
 * A track found in a client offer: an m-section the client sends on, with the SSRC it announced (RFC 8830 msid,
 * RFC 5576 a=ssrc) and what the answer negotiated for it.
 *
 * @param mid the client's mid
 * @param kind audio or video
 * @param ssrc the primary SSRC (first of an FID group)
 * @param streamId the msid stream id ("-" if none)
 * @param payloadType the first payload type of the answer
 * @param clockRate that payload type's clock rate
 * @param extIds negotiated extension ids indexed by {@link HeaderExtension#ordinal()}
 * @param codec what the client sends: name, clock rate, channels and fmtp of {@code payloadType} in the answer
 */
record PublishedSource(
        String mid,
        MediaKind kind,
        long ssrc,
        String streamId,
        int payloadType,
        int clockRate,
        int[] extIds,
        CodecSpec codec) {}
