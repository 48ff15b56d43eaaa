package io.rtcd.rtc.sctp.packet;

/** Parameters of a RE-CONFIG chunk (RFC 6525 §4). Types we do not implement are kept as {@link Other}. */
public sealed interface ReconfigParam {

    /** Response results (RFC 6525 §4.4). */
    int RESULT_SUCCESS_NOTHING_TO_DO = 0;

    int RESULT_SUCCESS_PERFORMED = 1;
    int RESULT_DENIED = 2;
    int RESULT_ERROR_WRONG_SSN = 3;
    int RESULT_ERROR_REQUEST_IN_PROGRESS = 4;
    int RESULT_ERROR_BAD_SEQUENCE_NUMBER = 5;
    int RESULT_IN_PROGRESS = 6;

    /** The TLV form. */
    SctpParam toTlv();

    /**
     * Outgoing SSN Reset Request (RFC 6525 §4.1): the sender resets its outgoing streams (the receiver's incoming).
     *
     * @param requestSeq re-configuration request sequence number
     * @param responseSeq the request sequence number of the peer this answers, or the last one received
     * @param senderLastTsn sender's last assigned TSN
     * @param streams stream ids; empty means all streams
     */
    record OutgoingResetRequest(int requestSeq, int responseSeq, int senderLastTsn, int[] streams)
            implements ReconfigParam {
        @Override
        public SctpParam toTlv() {
            byte[] v = new byte[12 + 2 * streams.length];
            WireBytes.put32(v, 0, requestSeq);
            WireBytes.put32(v, 4, responseSeq);
            WireBytes.put32(v, 8, senderLastTsn);
            for (int i = 0; i < streams.length; i++) {
                WireBytes.put16(v, 12 + 2 * i, streams[i]);
            }
            return new SctpParam(SctpParam.OUTGOING_SSN_RESET_REQUEST, v);
        }
    }

    /**
     * Incoming SSN Reset Request (RFC 6525 §4.2): asks the peer to reset its outgoing streams.
     *
     * @param requestSeq re-configuration request sequence number
     * @param streams stream ids; empty means all
     */
    record IncomingResetRequest(int requestSeq, int[] streams) implements ReconfigParam {
        @Override
        public SctpParam toTlv() {
            byte[] v = new byte[4 + 2 * streams.length];
            WireBytes.put32(v, 0, requestSeq);
            for (int i = 0; i < streams.length; i++) {
                WireBytes.put16(v, 4 + 2 * i, streams[i]);
            }
            return new SctpParam(SctpParam.INCOMING_SSN_RESET_REQUEST, v);
        }
    }

    /**
     * Re-configuration Response (RFC 6525 §4.4), without the optional TSN fields (used for SSN/TSN reset only).
     *
     * @param responseSeq the request sequence number answered
     * @param result one of the {@code RESULT_*} codes
     */
    record Response(int responseSeq, int result) implements ReconfigParam {
        @Override
        public SctpParam toTlv() {
            byte[] v = new byte[8];
            WireBytes.put32(v, 0, responseSeq);
            WireBytes.put32(v, 4, result);
            return new SctpParam(SctpParam.RECONFIG_RESPONSE, v);
        }
    }

    /**
     * A re-configuration parameter we do not implement (SSN/TSN reset, add streams).
     *
     * @param tlv raw TLV
     */
    record Other(SctpParam tlv) implements ReconfigParam {
        @Override
        public SctpParam toTlv() {
            return tlv;
        }
    }

    /** Types a TLV, or returns null when the TLV of a known type has an invalid length. */
    static ReconfigParam fromTlv(SctpParam tlv) {
        byte[] v = tlv.value();
        switch (tlv.type()) {
            case SctpParam.OUTGOING_SSN_RESET_REQUEST -> {
                if (v.length < 12 || (v.length - 12) % 2 != 0) {
                    return null;
                }
                int[] streams = new int[(v.length - 12) / 2];
                for (int i = 0; i < streams.length; i++) {
                    streams[i] = WireBytes.u16(v, 12 + 2 * i);
                }
                return new OutgoingResetRequest(WireBytes.i32(v, 0), WireBytes.i32(v, 4), WireBytes.i32(v, 8), streams);
            }
            case SctpParam.INCOMING_SSN_RESET_REQUEST -> {
                if (v.length < 4 || (v.length - 4) % 2 != 0) {
                    return null;
                }
                int[] streams = new int[(v.length - 4) / 2];
                for (int i = 0; i < streams.length; i++) {
                    streams[i] = WireBytes.u16(v, 4 + 2 * i);
                }
                return new IncomingResetRequest(WireBytes.i32(v, 0), streams);
            }
            case SctpParam.RECONFIG_RESPONSE -> {
                if (v.length != 8 && v.length != 16) {
                    return null;
                }
                return new Response(WireBytes.i32(v, 0), WireBytes.i32(v, 4));
            }
            default -> {
                return new Other(tlv);
            }
        }
    }
}
