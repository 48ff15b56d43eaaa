package io.rtcd.service.realtime;

import io.rtcd.rtc.sfu.RtcSignal;
import io.rtcd.rtc.sfu.RtcSignalSink;
import java.util.Objects;

/**
 * The SFU's one {@link RtcSignalSink}: signals of the browser face's group ({@link RealtimeFace#GROUP}) whose session
 * the face owns go to the face, everything else to the backend sink ({@code /ws}'s CallRouter). Called on SFU
 * session threads; never blocks.
 */
public final class SignalDispatcher implements RtcSignalSink {
    private final RtcSignalSink backends;
    private final RealtimeFace face;

    public SignalDispatcher(RtcSignalSink backends, RealtimeFace face) {
        this.backends = Objects.requireNonNull(backends, "backends");
        this.face = Objects.requireNonNull(face, "face");
    }

    @Override
    public boolean send(RtcSignal signal) {
        if (RealtimeFace.GROUP.equals(signal.groupId()) && face.owns(signal.sessionId())) {
            return face.deliver(signal);
        }
        if (RealtimeFace.GROUP.equals(signal.groupId()) && signal.type() == RtcSignal.Type.SESSION_CLOSED) {
            return true; // a browser session that already left: nobody to tell
        }
        return backends.send(signal);
    }
}
