package io.rtcd.rtc.sctp;

import java.util.ArrayList;
import java.util.List;

/** Records association events for assertions. */
public final class RecordingListener implements SctpAssociationListener {
    /** A delivered message. */
    public record Message(int streamId, int ppid, byte[] data) {}

    public final List<Message> messages = new ArrayList<>();
    public final List<int[]> incomingResets = new ArrayList<>();
    public final List<int[]> outgoingResets = new ArrayList<>();
    public boolean connected;
    public String closed;
    public String aborted;

    @Override
    public void onConnected() {
        connected = true;
    }

    @Override
    public void onMessage(int streamId, int ppid, byte[] message) {
        messages.add(new Message(streamId, ppid, message));
    }

    @Override
    public void onIncomingStreamsReset(int[] streamIds) {
        incomingResets.add(streamIds);
    }

    @Override
    public void onOutgoingStreamsReset(int[] streamIds) {
        outgoingResets.add(streamIds);
    }

    @Override
    public void onClosed(String reason) {
        closed = reason;
    }

    @Override
    public void onAborted(String reason) {
        aborted = reason;
    }
}
