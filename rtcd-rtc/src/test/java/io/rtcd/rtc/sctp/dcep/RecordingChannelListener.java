package io.rtcd.rtc.sctp.dcep;

import java.util.ArrayList;
import java.util.List;

/** Records data-channel events. */
final class RecordingChannelListener implements DataChannelListener {
    record Msg(DataChannel channel, byte[] data, boolean binary) {}

    final List<DataChannel> opened = new ArrayList<>();
    final List<DataChannel> closed = new ArrayList<>();
    final List<Msg> messages = new ArrayList<>();
    String transportClosed;

    @Override
    public void onChannelOpen(DataChannel channel) {
        opened.add(channel);
    }

    @Override
    public void onMessage(DataChannel channel, byte[] data, boolean binary) {
        messages.add(new Msg(channel, data, binary));
    }

    @Override
    public void onChannelClosed(DataChannel channel) {
        closed.add(channel);
    }

    @Override
    public void onTransportClosed(String reason) {
        transportClosed = reason;
    }
}
