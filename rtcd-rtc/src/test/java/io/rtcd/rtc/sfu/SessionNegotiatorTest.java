package io.rtcd.rtc.sfu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtcd.rtc.sdp.Candidate;
import io.rtcd.rtc.sdp.Direction;
import io.rtcd.rtc.sdp.ExtMap;
import io.rtcd.rtc.sdp.Fingerprint;
import io.rtcd.rtc.sdp.MediaDescription;
import io.rtcd.rtc.sdp.MediaKind;
import io.rtcd.rtc.sdp.SdpParseException;
import io.rtcd.rtc.sdp.SdpParser;
import io.rtcd.rtc.sdp.SdpWriter;
import io.rtcd.rtc.sdp.SessionDescription;
import io.rtcd.rtc.sdp.Setup;
import io.rtcd.rtc.transport.udp.UdpBufferPool;
import java.util.List;
import org.junit.jupiter.api.Test;

class SessionNegotiatorTest {
    private static final String PWD = "clientPasswordClientPwd1";
    private final LocalTransport local = new LocalTransport(
            "sfuU",
            "sfuPasswordSfuPassword1",
            Fingerprint.of("sha-256", new byte[32]),
            List.of(Candidate.of("1", 1, "udp", 2130706431L, "127.0.0.1", 5000, "host")));
    private final SessionNegotiator n =
            new SessionNegotiator("b", local, 42, () -> new String[] {"rstU", "restartedPassword0123456789"});
    private final SfuCounters counters = new SfuCounters();
    private final UdpBufferPool pool = new UdpBufferPool(4, 1500);

    private PublishedTrack track(MediaKind kind, String id) {
        int[] ext = new int[HeaderExtension.count()];
        return new PublishedTrack(
                id,
                kind == MediaKind.AUDIO ? TrackType.VOICE : TrackType.VIDEO,
                kind,
                77,
                "a",
                "streamA",
                "0",
                kind == MediaKind.AUDIO ? 48000 : 90000,
                kind == MediaKind.AUDIO ? 111 : 96,
                ext,
                new MediaLink(pool, counters, 1),
                0);
    }

    private Subscription sub(PublishedTrack t, long ssrc) {
        return new Subscription(t, "b", new MediaLink(pool, counters, 2), ssrc, 0);
    }

    @Test
    void firstOfferIsAnsweredRecvonlyWithOurTransportAndPublishedTracksFound() {
        SessionNegotiator.OfferOutcome out =
                n.acceptOffer(TestSdp.offer("cliU", PWD, TestSdp.FINGERPRINT, "streamB", 1234, 5678));
        SessionDescription a = SdpParser.parse(out.answer());
        assertTrue(a.iceLite());
        assertEquals(List.of("0", "1"), a.bundleGroup().orElseThrow().mids());
        for (MediaDescription m : a.media()) {
            assertEquals(Direction.RECVONLY, m.direction());
            assertEquals("sfuU", m.iceUfrag().orElseThrow());
            assertEquals(Setup.PASSIVE, m.setup().orElseThrow());
            assertEquals(1, m.fingerprints().size());
            assertEquals(5000, m.candidates().get(0).port());
            assertTrue(m.rtcpMux());
        }
        MediaDescription audio = a.media().get(0);
        assertEquals("111", audio.formats().get(0));
        assertTrue(audio.extMap(ExtMap.AUDIO_LEVEL).isPresent());
        assertEquals(2, out.added().size());
        PublishedSource as = out.added().get(0);
        assertEquals(1234, as.ssrc());
        assertEquals("streamB", as.streamId());
        assertEquals(111, as.payloadType());
        assertEquals(1, as.extIds()[HeaderExtension.AUDIO_LEVEL.ordinal()]);
        assertEquals(5678, out.added().get(1).ssrc());
        assertEquals(MediaKind.VIDEO, out.added().get(1).kind());
        assertFalse(n.wantsOffer());
    }

    /** A sendrecv section without SSRC and without rids (a transceiver without a track) publishes nothing. */
    @Test
    void sectionsWithoutSsrcOrRidPublishNothing() {
        String offer = TestSdp.offer("cliU", PWD, TestSdp.FINGERPRINT, "streamB", 1234, 5678)
                .replaceAll("a=ssrc[^\r]*\r\n", "");
        assertTrue(offer.contains("a=extmap") && offer.contains("sdes:mid"), "mid extension offered: " + offer);
        SessionNegotiator.OfferOutcome out = n.acceptOffer(offer);
        assertEquals(List.of(), out.added(), "no phantom tracks for other participants");
    }

    @Test
    void malformedOrFingerprintlessOffersLeaveNoState() {
        assertThrows(SdpParseException.class, () -> n.acceptOffer("v=0\r\ngarbage"));
        String noFp =
                TestSdp.offer("cliU", PWD, TestSdp.FINGERPRINT, "s", 1, 0).replaceAll("a=fingerprint:[^\r]*\r\n", "");
        SdpParseException e = assertThrows(SdpParseException.class, () -> n.acceptOffer(noFp));
        assertTrue(e.getMessage().contains("fingerprint"), e.getMessage());
        assertFalse(n.negotiated());
    }

    @Test
    void serverOfferAddsSendonlySectionAndAnswerActivatesIt() {
        n.acceptOffer(TestSdp.offer("cliU", PWD, TestSdp.FINGERPRINT, "streamB", 1234, 0));
        PublishedTrack t = track(MediaKind.VIDEO, "video_a_1");
        Subscription s = sub(t, 0xABCD);
        n.addForward(s);
        assertTrue(n.wantsOffer());
        String offerText = n.createOffer();
        assertTrue(n.offerPending());
        assertFalse(n.wantsOffer());
        SessionDescription offer = SdpParser.parse(offerText);
        assertEquals(List.of("0", "f0"), offer.bundleGroup().orElseThrow().mids());
        MediaDescription f = offer.mediaByMid("f0").orElseThrow();
        assertEquals(Direction.SENDONLY, f.direction());
        assertEquals(List.of(0xABCDL), f.ssrcIds());
        assertEquals("a", f.msids().get(0).streamId());
        assertEquals("video_a_1", f.msids().get(0).trackId());
        assertEquals("96", f.formats().get(0));
        assertEquals(Setup.ACTPASS, f.setup().orElseThrow());
        assertEquals(3, f.extMap(ExtMap.SDES_MID).orElseThrow().id(), "extension ids follow the client's BUNDLE ids");
        assertFalse(s.active());

        List<Subscription> activated = n.acceptAnswer(TestSdp.answer(offerText, "cliU", PWD, TestSdp.FINGERPRINT))
                .activated();
        assertEquals(List.of(s), activated);
        assertTrue(s.active());
        assertEquals(96, s.outPayloadType());
        assertEquals(3, s.extIds()[HeaderExtension.MID.ordinal()]);
        assertFalse(n.offerPending());
    }

    @Test
    void changesDuringPendingOfferAreCoalescedAndClientOfferIsGlare() {
        n.acceptOffer(TestSdp.offer("cliU", PWD, TestSdp.FINGERPRINT, "streamB", 1234, 0));
        Subscription s1 = sub(track(MediaKind.AUDIO, "voice_a_1"), 11);
        n.addForward(s1);
        String first = n.createOffer();
        Subscription s2 = sub(track(MediaKind.AUDIO, "voice_c_1"), 22);
        n.addForward(s2);
        assertFalse(n.wantsOffer(), "one server offer at a time");
        SfuException glare = assertThrows(
                SfuException.class,
                () -> n.acceptOffer(TestSdp.offer("cliU", PWD, TestSdp.FINGERPRINT, "streamB", 1234, 0)));
        assertTrue(glare.getMessage().startsWith("glare"));
        n.acceptAnswer(TestSdp.answer(first, "cliU", PWD, TestSdp.FINGERPRINT));
        assertTrue(n.wantsOffer(), "the coalesced change is offered after the answer");
        SessionDescription second = SdpParser.parse(n.createOffer());
        assertEquals(3, second.media().size());
        assertEquals(List.of(22L), second.mediaByMid("f1").orElseThrow().ssrcIds());
    }

    @Test
    void removedTrackGoesInactiveAndItsSectionIsReused() {
        n.acceptOffer(TestSdp.offer("cliU", PWD, TestSdp.FINGERPRINT, "streamB", 1234, 0));
        Subscription s1 = sub(track(MediaKind.AUDIO, "voice_a_1"), 11);
        n.addForward(s1);
        String o1 = n.createOffer();
        n.acceptAnswer(TestSdp.answer(o1, "cliU", PWD, TestSdp.FINGERPRINT));
        n.removeForward(s1);
        assertFalse(s1.active());
        String o2 = n.createOffer();
        assertEquals(
                Direction.INACTIVE,
                SdpParser.parse(o2).mediaByMid("f0").orElseThrow().direction());
        n.acceptAnswer(TestSdp.answer(o2, "cliU", PWD, TestSdp.FINGERPRINT));
        Subscription s2 = sub(track(MediaKind.AUDIO, "voice_c_1"), 33);
        n.addForward(s2);
        SessionDescription o3 = SdpParser.parse(n.createOffer());
        assertEquals(2, o3.media().size(), "inactive section reused, no m-line growth");
        assertEquals(List.of(33L), o3.mediaByMid("f0").orElseThrow().ssrcIds());
    }

    /** Found by RenegotiationChromiumIT: a publisher left while the offer carrying its track awaited the answer. */
    @Test
    void trackRemovedWhileItsOfferIsPendingIsNotRevivedByTheAnswer() {
        n.acceptOffer(TestSdp.offer("cliU", PWD, TestSdp.FINGERPRINT, "streamB", 1234, 0));
        Subscription s1 = sub(track(MediaKind.VIDEO, "video_a_1"), 11);
        n.addForward(s1);
        String o1 = n.createOffer();
        n.removeForward(s1);
        assertFalse(n.wantsOffer(), "one server offer at a time");

        List<Subscription> activated = n.acceptAnswer(TestSdp.answer(o1, "cliU", PWD, TestSdp.FINGERPRINT))
                .activated();
        assertEquals(List.of(), activated, "nothing starts flowing (and no keyframe is asked for)");
        assertFalse(s1.active(), "the answer to the stale offer must not revive a removed subscription");
        assertTrue(n.wantsOffer());
        assertEquals(
                Direction.INACTIVE,
                SdpParser.parse(n.createOffer()).mediaByMid("f0").orElseThrow().direction());
    }

    @Test
    void answerTimeoutReoffersPendingChanges() {
        n.acceptOffer(TestSdp.offer("cliU", PWD, TestSdp.FINGERPRINT, "streamB", 1234, 0));
        n.addForward(sub(track(MediaKind.AUDIO, "voice_a_1"), 11));
        n.createOffer();
        n.offerTimedOut();
        assertFalse(n.offerPending());
        assertTrue(n.wantsOffer());
    }

    @Test
    void clientReofferKeepsForwardSections() {
        String firstOffer = TestSdp.offer("cliU", PWD, TestSdp.FINGERPRINT, "streamB", 1234, 0);
        n.acceptOffer(firstOffer);
        Subscription s = sub(track(MediaKind.AUDIO, "voice_a_1"), 11);
        n.addForward(s);
        String o1 = n.createOffer();
        n.acceptAnswer(TestSdp.answer(o1, "cliU", PWD, TestSdp.FINGERPRINT));
        // the client re-offers with its video added and the SFU's section as recvonly
        SessionDescription prev = SdpParser.parse(o1);
        String reoffer = TestSdp.offer("cliU", PWD, TestSdp.FINGERPRINT, "streamB", 1234, 999)
                        .replace("a=group:BUNDLE 0 1", "a=group:BUNDLE 0 1 f0")
                + io.rtcd.rtc.sdp.SdpWriter.write(SessionDescription.builder(prev.origin())
                                .media(recvonly(prev.mediaByMid("f0").orElseThrow()))
                                .build())
                        .replaceFirst("(?s)^.*?(m=audio)", "$1");
        SessionNegotiator.OfferOutcome out = n.acceptOffer(reoffer);
        assertEquals(1, out.added().size());
        assertEquals(999, out.added().get(0).ssrc());
        MediaDescription f0 = SdpParser.parse(out.answer()).mediaByMid("f0").orElseThrow();
        assertEquals(Direction.SENDONLY, f0.direction());
        assertEquals(List.of(11L), f0.ssrcIds());
        assertTrue(s.active());
    }

    /** An ICE restart offer (RFC 8445 §9) is answered with new local credentials, used by later offers too. */
    @Test
    void iceRestartInAnOfferIsAnsweredWithNewLocalCredentials() {
        n.acceptOffer(TestSdp.offer("cliU", PWD, TestSdp.FINGERPRINT, "streamB", 1234, 0));
        SessionNegotiator.OfferOutcome again =
                n.acceptOffer(TestSdp.offer("cliU", PWD, TestSdp.FINGERPRINT, "streamB", 1234, 0));
        assertNull(again.iceChange(), "same credentials: no restart");
        SessionNegotiator.OfferOutcome out = n.acceptOffer(
                TestSdp.offer("newU", "newClientPasswordNewPwd2", TestSdp.FINGERPRINT, "streamB", 1234, 0));
        assertEquals(new SessionNegotiator.IceChange("rstU", "restartedPassword0123456789", "newU"), out.iceChange());
        MediaDescription m = SdpParser.parse(out.answer()).media().get(0);
        assertEquals("rstU", m.iceUfrag().orElseThrow());
        assertEquals("restartedPassword0123456789", m.icePwd().orElseThrow());
        assertEquals(List.of(), out.added(), "the published track is unchanged by the restart");
        n.addForward(sub(track(MediaKind.AUDIO, "voice_a_1"), 11));
        MediaDescription f0 = SdpParser.parse(n.createOffer()).mediaByMid("f0").orElseThrow();
        assertEquals("rstU", f0.iceUfrag().orElseThrow(), "later offers carry the new credentials");
    }

    /** The server's own restart: new local credentials on every section of its next offer, client sections too. */
    @Test
    void serverIceRestartOffersNewLocalCredentialsEverywhere() {
        n.acceptOffer(TestSdp.offer("cliU", PWD, TestSdp.FINGERPRINT, "streamB", 1234, 0));
        n.addForward(sub(track(MediaKind.AUDIO, "voice_a_1"), 11));
        n.acceptAnswer(TestSdp.answer(n.createOffer(), "cliU", PWD, TestSdp.FINGERPRINT));
        assertNull(n.offerIceChange());
        assertFalse(n.wantsOffer());
        n.requestIceRestart();
        assertTrue(n.wantsOffer());
        SessionDescription o = SdpParser.parse(n.createOffer());
        assertEquals(new SessionNegotiator.IceChange("rstU", "restartedPassword0123456789", null), n.offerIceChange());
        for (MediaDescription m : o.media()) {
            assertEquals("rstU", m.iceUfrag().orElseThrow(), m.mid().orElseThrow());
            assertEquals("restartedPassword0123456789", m.icePwd().orElseThrow());
        }
        SessionNegotiator.AnswerOutcome a =
                n.acceptAnswer(TestSdp.answer(SdpWriter.write(o), "cliNew", PWD + "new", TestSdp.FINGERPRINT));
        assertEquals("cliNew", a.iceChange().remoteUfrag(), "the client's side of the restart");
        assertFalse(n.wantsOffer());
    }

    /** A password change alone is an ICE restart too (RFC 8839 §4.4.1.1.1). */
    @Test
    void passwordChangeAloneIsAnIceRestart() {
        n.acceptOffer(TestSdp.offer("cliU", PWD, TestSdp.FINGERPRINT, "streamB", 1234, 0));
        SessionNegotiator.OfferOutcome out = n.acceptOffer(
                TestSdp.offer("cliU", "otherClientPasswordPwd33", TestSdp.FINGERPRINT, "streamB", 1234, 0));
        assertEquals("cliU", out.iceChange().remoteUfrag());
        assertTrue(out.iceChange().localChanged());
    }

    @Test
    void fingerprintChangeIsStillRefusedAndChangesNothing() {
        n.acceptOffer(TestSdp.offer("cliU", PWD, TestSdp.FINGERPRINT, "streamB", 1234, 0));
        String other = TestSdp.FINGERPRINT.replace("AB:CD", "00:11");
        SfuException e = assertThrows(
                SfuException.class, () -> n.acceptOffer(TestSdp.offer("newU", PWD, other, "streamB", 1234, 0)));
        assertTrue(e.getMessage().contains("fingerprint"), e.getMessage());
        SessionNegotiator.OfferOutcome out =
                n.acceptOffer(TestSdp.offer("cliU", PWD, TestSdp.FINGERPRINT, "streamB", 1234, 0));
        assertNull(out.iceChange(), "the refused offer left the remote credentials as they were");
    }

    /**
     * pion answers an early re-offer with new credentials: taken as the remote side's new credentials (our own stay),
     * and only once.
     */
    @Test
    void answerWithNewCredentialsIsARemoteIceChange() {
        n.acceptOffer(TestSdp.offer("cliU", PWD, TestSdp.FINGERPRINT, "streamB", 1234, 0));
        n.addForward(sub(track(MediaKind.AUDIO, "voice_a_1"), 11));
        String o1 = n.createOffer();
        SessionNegotiator.AnswerOutcome a1 =
                n.acceptAnswer(TestSdp.answer(o1, "pionNew", "pionNewPasswordPionNew1", TestSdp.FINGERPRINT));
        assertEquals(new SessionNegotiator.IceChange(null, null, "pionNew"), a1.iceChange());
        assertFalse(a1.iceChange().localChanged());
        n.addForward(sub(track(MediaKind.AUDIO, "voice_c_1"), 22));
        String o2 = n.createOffer();
        assertEquals("sfuU", SdpParser.parse(o2).media().get(0).iceUfrag().orElseThrow());
        SessionNegotiator.AnswerOutcome a2 =
                n.acceptAnswer(TestSdp.answer(o2, "pionNew", "pionNewPasswordPionNew1", TestSdp.FINGERPRINT));
        assertNull(a2.iceChange(), "the same new credentials again are no change");
        // a client offer with the credentials of its last answer is no restart either
        assertNull(n.acceptOffer(
                        TestSdp.offer("pionNew", "pionNewPasswordPionNew1", TestSdp.FINGERPRINT, "streamB", 1234, 0))
                .iceChange());
    }

    /** A subscriber's recvonly offer (pion, Mattermost's clients) is answered with the call's tracks on it. */
    private static String recvonlyOffer(boolean video) {
        return TestSdp.offer("cliU", PWD, TestSdp.FINGERPRINT, "streamB", 1234, video ? 5678 : 0)
                .replace("a=sendrecv", "a=recvonly")
                .replace("a=sendonly", "a=recvonly")
                .replaceAll("a=ssrc[^\r]*\r\n", "")
                .replaceAll("a=msid:[^\r]*\r\n", "");
    }

    @Test
    void firstOfferCarriesExistingTracksOnItsRecvonlySections() {
        Subscription audio = sub(track(MediaKind.AUDIO, "voice_a_1"), 11);
        Subscription video = sub(track(MediaKind.VIDEO, "video_a_1"), 22);
        n.addForward(audio);
        n.addForward(video);
        SessionNegotiator.OfferOutcome out = n.acceptOffer(recvonlyOffer(true));
        SessionDescription a = SdpParser.parse(out.answer());
        assertEquals(2, a.media().size(), "no section of our own: the client's carry the tracks");
        MediaDescription m0 = a.mediaByMid("0").orElseThrow();
        assertEquals(Direction.SENDONLY, m0.direction());
        assertEquals(List.of(11L), m0.ssrcIds());
        assertEquals("voice_a_1", m0.msids().get(0).trackId());
        MediaDescription m1 = a.mediaByMid("1").orElseThrow();
        assertEquals(Direction.SENDONLY, m1.direction());
        assertEquals(List.of(22L), m1.ssrcIds());
        assertEquals(List.of(audio, video), out.activated());
        assertTrue(audio.active() && video.active());
        assertEquals(111, audio.outPayloadType());
        assertEquals(96, video.outPayloadType());
        assertEquals(List.of(), out.added(), "a recvonly section publishes nothing");
        assertFalse(n.wantsOffer(), "nothing left for a server offer");
    }

    @Test
    void tracksWithoutAMatchingRecvonlySectionWaitForAServerOfferAndLaterTracksReuseIdleSections() {
        Subscription v1 = sub(track(MediaKind.VIDEO, "video_a_1"), 22);
        n.addForward(v1);
        SessionNegotiator.OfferOutcome out = n.acceptOffer(recvonlyOffer(false)); // audio only
        assertEquals(
                Direction.INACTIVE, SdpParser.parse(out.answer()).media().get(0).direction());
        assertFalse(v1.active());
        assertTrue(n.wantsOffer(), "the video track needs a section of ours");
        SessionDescription o1 = SdpParser.parse(n.createOffer());
        assertEquals(List.of(22L), o1.mediaByMid("f0").orElseThrow().ssrcIds());
        n.acceptAnswer(TestSdp.answer(SdpWriter.write(o1), "cliU", PWD, TestSdp.FINGERPRINT));
        Subscription a1 = sub(track(MediaKind.AUDIO, "voice_c_1"), 33);
        n.addForward(a1);
        SessionDescription o2 = SdpParser.parse(n.createOffer());
        assertEquals(2, o2.media().size(), "the client's idle recvonly audio section is reused");
        MediaDescription m0 = o2.mediaByMid("0").orElseThrow();
        assertEquals(Direction.SENDONLY, m0.direction());
        assertEquals(List.of(33L), m0.ssrcIds());
    }

    private static MediaDescription recvonly(MediaDescription m) {
        MediaDescription.Builder b =
                MediaDescription.builder(m.media(), m.port(), m.proto()).formats(m.formats());
        m.fields().forEach(b::field);
        for (io.rtcd.rtc.sdp.Attribute a : m.attributes()) {
            if (a instanceof Direction) {
                b.attribute(Direction.RECVONLY);
            } else if (a instanceof io.rtcd.rtc.sdp.Msid || a instanceof io.rtcd.rtc.sdp.SsrcAttribute) {
                continue;
            } else if (a.key().equals("ice-ufrag")) {
                b.attribute("ice-ufrag", "cliU");
            } else if (a.key().equals("ice-pwd")) {
                b.attribute("ice-pwd", PWD);
            } else {
                b.attribute(a);
            }
        }
        return b.build();
    }
}
