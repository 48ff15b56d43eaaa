package io.rtcd.rtc.sctp.dcep;

import io.rtcd.rtc.sctp.SctpStats;

/**
 * Snapshot of data-channel counters plus the association's.
 *
 * @param channelsOpen channels currently open or connecting
 * @param channelsOpened channels opened in total
 * @param channelsClosed channels closed in total
 * @param messagesIn user messages delivered
 * @param bytesIn user bytes delivered
 * @param messagesOut user messages sent
 * @param bytesOut user bytes sent
 * @param droppedMessages messages dropped: unknown PPID, malformed DCEP, unknown stream
 * @param sctp association counters
 */
public record DataChannelStats(
        int channelsOpen,
        long channelsOpened,
        long channelsClosed,
        long messagesIn,
        long bytesIn,
        long messagesOut,
        long bytesOut,
        long droppedMessages,
        SctpStats sctp) {}
