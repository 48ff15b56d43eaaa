package io.rtcd.rtc.sctp;

import io.rtcd.rtc.sctp.packet.ChunkType;
import io.rtcd.rtc.sctp.packet.ErrorCause;
import io.rtcd.rtc.sctp.packet.ErrorChunk;
import io.rtcd.rtc.sctp.packet.InitChunk;
import io.rtcd.rtc.sctp.packet.SctpDropReason;
import io.rtcd.rtc.sctp.packet.SctpParam;
import io.rtcd.rtc.sctp.packet.WireBytes;
import java.util.ArrayList;
import java.util.List;
import javax.crypto.Mac;

/**
 * INIT / INIT ACK parameter handling: the extensions we advertise (RFC 5061 §4.2.7 Supported Extensions with
 * FORWARD TSN and RE-CONFIG; RFC 3758 §3.1 Forward-TSN-Supported), feature detection on the peer's INIT, and the
 * stateless INIT ACK (RFC 9260 §5.1 B) with the signed cookie and Unrecognized Parameter reports (§3.2.1 bits 01/11).
 */
final class InitNegotiation {
    private InitNegotiation() {}

    /** Parameters we put in INIT and INIT ACK. */
    static List<SctpParam> localParams() {
        return List.of(
                new SctpParam(
                        SctpParam.SUPPORTED_EXTENSIONS,
                        new byte[] {(byte) ChunkType.FORWARD_TSN, (byte) ChunkType.RE_CONFIG}),
                new SctpParam(SctpParam.FORWARD_TSN_SUPPORTED, new byte[0]));
    }

    /** True when the peer's INIT/INIT ACK advertises {@code chunkType}. */
    static boolean supports(InitChunk init, int chunkType) {
        SctpParam ext = init.param(SctpParam.SUPPORTED_EXTENSIONS);
        if (ext != null) {
            for (byte b : ext.value()) {
                if ((b & 0xFF) == chunkType) {
                    return true;
                }
            }
        }
        return chunkType == ChunkType.FORWARD_TSN && init.param(SctpParam.FORWARD_TSN_SUPPORTED) != null;
    }

    /** The cookie describing the peer's INIT, for our tag and TSN. */
    static StateCookie cookieFor(InitChunk init, long now, int localTag, int localTsn) {
        return new StateCookie(
                now,
                localTag,
                init.initiateTag(),
                localTsn,
                init.initialTsn(),
                init.advertisedReceiverWindow(),
                init.outboundStreams(),
                init.inboundStreams(),
                supports(init, ChunkType.FORWARD_TSN),
                supports(init, ChunkType.RE_CONFIG));
    }

    /** Builds the INIT ACK answering {@code init}. */
    static InitChunk initAck(InitChunk init, StateCookie cookie, Mac mac, SctpOptions options) {
        List<SctpParam> params = new ArrayList<>(localParams());
        params.add(new SctpParam(SctpParam.STATE_COOKIE, cookie.sign(mac)));
        for (SctpParam p : init.params()) {
            if (!isKnown(p.type()) && (p.type() & 0x4000) != 0) {
                params.add(new SctpParam(SctpParam.UNRECOGNIZED_PARAMETER, p.toBytes()));
            }
        }
        return new InitChunk(
                true,
                cookie.localTag(),
                options.receiveWindow(),
                options.streams(),
                options.streams(),
                cookie.localInitialTsn(),
                params);
    }

    /**
     * Checks an echoed cookie (RFC 9260 §5.1.5): authentic, addressed with its own tag (step 2) and not stale (step
     * 3, answered with a Stale Cookie ERROR, §5.2.6). Returns null when acceptable, else the drop reason.
     */
    static SctpDropReason checkCookie(
            StateCookie c, int packetTag, long now, SctpOptions options, PacketAssembler out) {
        if (c == null) {
            return SctpDropReason.BAD_COOKIE;
        }
        if (packetTag != c.localTag()) {
            return SctpDropReason.BAD_VERIFICATION_TAG;
        }
        if (now - c.createdMillis() > options.cookieLifetimeMillis() || now < c.createdMillis() - 1000) {
            byte[] staleness = new byte[4];
            WireBytes.put32(staleness, 0, (int) Math.min(Integer.MAX_VALUE, (now - c.createdMillis()) * 1000));
            out.add(c.peerTag(), new ErrorChunk(List.of(new SctpParam(ErrorCause.STALE_COOKIE, staleness))));
            return SctpDropReason.STALE_COOKIE;
        }
        return null;
    }

    /** INIT parameters we understand or silently accept (addresses, ECN, zero checksum are ignored). */
    private static boolean isKnown(int type) {
        return switch (type) {
            case 5,
                    6,
                    9,
                    11,
                    12,
                    0x8000,
                    0x8001,
                    SctpParam.SUPPORTED_EXTENSIONS,
                    SctpParam.FORWARD_TSN_SUPPORTED,
                    SctpParam.STATE_COOKIE -> true;
            default -> false;
        };
    }
}
