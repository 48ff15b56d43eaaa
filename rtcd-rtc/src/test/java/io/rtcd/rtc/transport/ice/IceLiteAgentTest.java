package io.rtcd.rtc.transport.ice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class IceLiteAgentTest {
    private static final IceCredentials SERVER = new IceCredentials("srvU", "serverpassword0123456789");
    private static final InetSocketAddress PEER_A = new InetSocketAddress("127.0.0.1", 40000);
    private static final InetSocketAddress PEER_B = new InetSocketAddress("127.0.0.1", 40001);

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final List<byte[]> sent = new ArrayList<>();
    private final List<InetSocketAddress> sentTo = new ArrayList<>();
    private final List<InetSocketAddress> selections = new ArrayList<>();
    private final AtomicInteger expiries = new AtomicInteger();
    private final AtomicInteger stale = new AtomicInteger();

    private IceLiteAgent agent() {
        IceLiteAgent agent = new IceLiteAgent(
                SERVER,
                Duration.ofSeconds(30),
                (to, buf, off, len) -> {
                    sent.add(Arrays.copyOfRange(buf, off, off + len));
                    sentTo.add(to);
                    return true;
                },
                now::get,
                new IceLiteAgent.Listener() {
                    @Override
                    public void onSelected(InetSocketAddress remote) {
                        selections.add(remote);
                    }

                    @Override
                    public void onConsentExpired() {
                        expiries.incrementAndGet();
                    }

                    @Override
                    public void onConsentStale() {
                        stale.incrementAndGet();
                    }
                });
        agent.setRemoteUfrag("cliU");
        return agent;
    }

    private static StunMessage request(StunClient client, byte[] txId, boolean useCandidate) {
        byte[] out = new byte[256];
        int n = client.writeBindingRequest(out, 0, txId, 0x6e0001ffL, useCandidate);
        StunMessage msg = new StunMessage();
        assertTrue(msg.parse(out, 0, n));
        return msg;
    }

    @Test
    void answersValidRequestAndSelectsOnUseCandidate() {
        IceLiteAgent agent = agent();
        StunClient client = new StunClient("srvU", SERVER.password(), "cliU");
        byte[] tx = StunClient.newTransactionId();

        assertEquals(StunCheckResult.SELECTED, agent.handleBindingRequest(request(client, tx, true), PEER_A));
        assertEquals(List.of(PEER_A), selections);
        assertEquals(PEER_A, agent.selectedAddress());
        assertEquals(1, sent.size());
        assertEquals(PEER_A, sentTo.get(0));
        StunClient.Response response = client.parseResponse(sent.get(0), 0, sent.get(0).length, tx);
        assertNotNull(response, "response must verify with the server password");
        assertTrue(response.success());
        assertEquals(PEER_A, response.mappedAddress());

        // consent refresh from the selected address: no new selection
        assertEquals(
                StunCheckResult.ACCEPTED,
                agent.handleBindingRequest(request(client, StunClient.newTransactionId(), false), PEER_A));
        assertEquals(1, selections.size());
    }

    @Test
    void firstValidCheckSelectsProvisionallyAndNominationSwitches() {
        IceLiteAgent agent = agent();
        StunClient client = new StunClient("srvU", SERVER.password(), "cliU");
        assertEquals(
                StunCheckResult.SELECTED,
                agent.handleBindingRequest(request(client, StunClient.newTransactionId(), false), PEER_A));
        assertEquals(
                StunCheckResult.ACCEPTED,
                agent.handleBindingRequest(request(client, StunClient.newTransactionId(), false), PEER_B));
        assertEquals(PEER_A, agent.selectedAddress());
        assertEquals(
                StunCheckResult.SELECTED,
                agent.handleBindingRequest(request(client, StunClient.newTransactionId(), true), PEER_B));
        assertEquals(List.of(PEER_A, PEER_B), selections);
    }

    /**
     * werift with two host candidates: its first pair's check selects provisionally, the nomination of its second pair
     * re-selects, but it sends DTLS on the first. Data on a valid pair must be accepted and select that pair (RFC 8445
     * §12.2), or the peer's ClientHello is dropped until it happens to nominate the pair again (seconds).
     */
    @Test
    void dataOnAnotherValidPathSelectsIt() {
        List<InetSocketAddress> validated = new ArrayList<>();
        io.rtcd.rtc.transport.DatagramSender udp = (to, buf, off, len) -> sentTo.add(to);
        IceLiteAgent agent =
                new IceLiteAgent(SERVER, Duration.ofSeconds(30), udp, now::get, new IceLiteAgent.Listener() {
                    @Override
                    public void onSelected(InetSocketAddress remote) {
                        selections.add(remote);
                    }

                    @Override
                    public void onValidated(InetSocketAddress remote, io.rtcd.rtc.transport.DatagramSender via) {
                        assertTrue(via == udp);
                        validated.add(remote);
                    }

                    @Override
                    public void onConsentExpired() {
                        expiries.incrementAndGet();
                    }
                });
        agent.setRemoteUfrag("cliU");
        StunClient client = new StunClient("srvU", SERVER.password(), "cliU");
        InetSocketAddress peerC = new InetSocketAddress("127.0.0.1", 40002);

        assertEquals(
                StunCheckResult.SELECTED,
                agent.handleBindingRequest(request(client, StunClient.newTransactionId(), false), PEER_A));
        assertEquals(
                StunCheckResult.SELECTED,
                agent.handleBindingRequest(request(client, StunClient.newTransactionId(), true), PEER_B));
        assertFalse(agent.selectByData(peerC, udp), "an address that never passed a check is not a path");
        assertFalse(agent.selectByData(PEER_B, udp), "already selected");
        assertTrue(agent.selectByData(PEER_A, udp), "the earlier, still valid pair carries the data");
        assertEquals(PEER_A, agent.selectedAddress());
        assertEquals(List.of(PEER_A, PEER_B, PEER_A), selections);
        // and back: B stayed valid when A took over
        assertTrue(agent.selectByData(PEER_B, udp));
        assertEquals(PEER_B, agent.selectedAddress());

        // a check on a valid, non-selected path is reported once, and refreshes nothing
        assertEquals(
                StunCheckResult.ACCEPTED,
                agent.handleBindingRequest(request(client, StunClient.newTransactionId(), false), peerC));
        assertEquals(
                StunCheckResult.ACCEPTED,
                agent.handleBindingRequest(request(client, StunClient.newTransactionId(), false), peerC));
        assertEquals(List.of(peerC), validated);
        assertTrue(agent.selectByData(peerC, udp));
        assertFalse(agent.selectByData(PEER_A, (to, buf, off, len) -> true), "same address through another transport");
        agent.close();
        assertFalse(agent.selectByData(PEER_A, udp), "closed");
    }

    @Test
    void validPathsAreBounded() {
        List<InetSocketAddress> validated = new ArrayList<>();
        io.rtcd.rtc.transport.DatagramSender udp = (to, buf, off, len) -> true;
        IceLiteAgent agent =
                new IceLiteAgent(SERVER, Duration.ofSeconds(30), udp, now::get, new IceLiteAgent.Listener() {
                    @Override
                    public void onSelected(InetSocketAddress remote) {
                        selections.add(remote);
                    }

                    @Override
                    public void onValidated(InetSocketAddress remote, io.rtcd.rtc.transport.DatagramSender via) {
                        validated.add(remote);
                    }

                    @Override
                    public void onConsentExpired() {}
                });
        StunClient client = new StunClient("srvU", SERVER.password(), "cliU");
        for (int port = 41000; port < 41000 + 3 * IceLiteAgent.MAX_VALID_PATHS; port++) {
            agent.handleBindingRequest(
                    request(client, StunClient.newTransactionId(), false), new InetSocketAddress("127.0.0.1", port));
        }
        assertEquals(1, selections.size());
        assertEquals(IceLiteAgent.MAX_VALID_PATHS, validated.size());
        assertFalse(agent.selectByData(
                new InetSocketAddress("127.0.0.1", 41000 + 3 * IceLiteAgent.MAX_VALID_PATHS - 1), udp));
    }

    @Test
    void pathIsAddressPlusTransportAndTheAnswerGoesBackTheSameWay() {
        List<InetSocketAddress> overTcp = new ArrayList<>();
        List<Object> viaSelections = new ArrayList<>();
        io.rtcd.rtc.transport.DatagramSender tcpConnection = (to, buf, off, len) -> overTcp.add(to);
        IceLiteAgent agent = new IceLiteAgent(
                SERVER,
                Duration.ofSeconds(30),
                (to, buf, off, len) -> sentTo.add(to),
                now::get,
                new IceLiteAgent.Listener() {
                    @Override
                    public void onSelected(InetSocketAddress remote) {
                        throw new AssertionError("the two-argument callback is the one called");
                    }

                    @Override
                    public void onSelected(InetSocketAddress remote, io.rtcd.rtc.transport.DatagramSender via) {
                        viaSelections.add(via);
                    }

                    @Override
                    public void onConsentExpired() {
                        expiries.incrementAndGet();
                    }
                });
        StunClient client = new StunClient("srvU", SERVER.password(), "cliU");
        assertEquals(
                StunCheckResult.SELECTED,
                agent.handleBindingRequest(request(client, StunClient.newTransactionId(), false), PEER_A));
        assertEquals(List.of(PEER_A), sentTo);
        // same ip:port over TCP is another path: nominating it re-selects, and the answer goes over TCP
        assertEquals(
                StunCheckResult.SELECTED,
                agent.handleBindingRequest(
                        request(client, StunClient.newTransactionId(), true), PEER_A, tcpConnection));
        assertEquals(List.of(PEER_A), overTcp);
        assertEquals(2, viaSelections.size());
        assertTrue(viaSelections.get(1) == tcpConnection);
        // nominating it again selects nothing new
        assertEquals(
                StunCheckResult.ACCEPTED,
                agent.handleBindingRequest(
                        request(client, StunClient.newTransactionId(), true), PEER_A, tcpConnection));
        assertEquals(2, viaSelections.size());
    }

    /** pion's answer changed the remote ufrag: old and new are answered until the peer uses the new one. */
    @Test
    void remoteOnlyRestartAcceptsOldChecksUntilTheNewCredentialsAreUsed() {
        IceLiteAgent agent = agent();
        StunClient old = new StunClient("srvU", SERVER.password(), "cliU");
        StunClient renewed = new StunClient("srvU", SERVER.password(), "cliNew");
        assertEquals(StunCheckResult.SELECTED, agent.handleBindingRequest(request(old, tx(), true), PEER_A));
        assertEquals(StunCheckResult.BAD_USERNAME, agent.handleBindingRequest(request(renewed, tx(), true), PEER_A));

        assertEquals(List.of("srvU"), agent.restart(null, "cliNew"), "our own ufrag stays");
        assertEquals(StunCheckResult.ACCEPTED, agent.handleBindingRequest(request(old, tx(), false), PEER_A));
        assertEquals(StunCheckResult.ACCEPTED, agent.handleBindingRequest(request(renewed, tx(), true), PEER_A));
        assertEquals(
                StunCheckResult.BAD_USERNAME,
                agent.handleBindingRequest(request(old, tx(), false), PEER_A),
                "once the new credentials are in use the old ones are no longer answered");
        assertEquals(1, selections.size(), "same path: no new selection, DTLS untouched");
    }

    /** A restart offer: new local credentials too; responses are signed with the generation the check used. */
    @Test
    void fullRestartMovesToNewLocalCredentialsAndANewPath() {
        IceLiteAgent agent = agent();
        StunClient old = new StunClient("srvU", SERVER.password(), "cliU");
        assertEquals(StunCheckResult.SELECTED, agent.handleBindingRequest(request(old, tx(), true), PEER_A));
        IceCredentials fresh = new IceCredentials("srvNew", "serverpasswordNew0123456789");
        assertEquals(List.of("srvNew", "srvU"), agent.restart(fresh, "cliNew"));
        assertEquals(fresh, agent.localCredentials());

        byte[] t1 = tx();
        assertEquals(StunCheckResult.ACCEPTED, agent.handleBindingRequest(request(old, t1, false), PEER_A));
        assertNotNull(
                old.parseResponse(sent.get(sent.size() - 1), 0, sent.get(sent.size() - 1).length, t1),
                "an old check is answered with the old password");

        StunClient renewed = new StunClient("srvNew", fresh.password(), "cliNew");
        byte[] t2 = tx();
        assertEquals(StunCheckResult.SELECTED, agent.handleBindingRequest(request(renewed, t2, true), PEER_B));
        assertNotNull(
                renewed.parseResponse(sent.get(sent.size() - 1), 0, sent.get(sent.size() - 1).length, t2),
                "a new check is answered with the new password");
        assertEquals(List.of(PEER_A, PEER_B), selections, "the nominated new pair carries the media");
        assertEquals(List.of("srvNew"), agent.acceptedLocalUfrags());
        assertEquals(StunCheckResult.BAD_USERNAME, agent.handleBindingRequest(request(old, tx(), false), PEER_A));
        // wrong password with the new ufrag is still refused
        StunClient forged = new StunClient("srvNew", SERVER.password(), "cliNew");
        assertEquals(StunCheckResult.BAD_INTEGRITY, agent.handleBindingRequest(request(forged, tx(), false), PEER_B));
    }

    private static byte[] tx() {
        return StunClient.newTransactionId();
    }

    @Test
    void dropsWrongPasswordAndWrongUsernameSilently() {
        IceLiteAgent agent = agent();
        StunClient wrongPassword = new StunClient("srvU", "notTheServerPassword0123", "cliU");
        assertEquals(
                StunCheckResult.BAD_INTEGRITY,
                agent.handleBindingRequest(request(wrongPassword, StunClient.newTransactionId(), true), PEER_A));
        StunClient wrongRemote = new StunClient("srvU", SERVER.password(), "other");
        assertEquals(
                StunCheckResult.BAD_USERNAME,
                agent.handleBindingRequest(request(wrongRemote, StunClient.newTransactionId(), true), PEER_A));
        assertTrue(sent.isEmpty(), "no error responses for unauthenticated requests");
        assertTrue(selections.isEmpty());
        assertNull(agent.selectedAddress());
    }

    @Test
    void rejectsMissingFingerprint() {
        IceLiteAgent agent = agent();
        byte[] out = new byte[256];
        byte[] tx = StunClient.newTransactionId();
        int n = new StunMessageWriter()
                .start(out, 0, StunMessage.BINDING_REQUEST, tx, 0)
                .string(StunMessage.ATTR_USERNAME, "srvU:cliU")
                .uint64(StunMessage.ATTR_ICE_CONTROLLING, 42)
                .messageIntegrity(new StunIntegrity(SERVER.password()))
                .length();
        StunMessage msg = new StunMessage();
        assertTrue(msg.parse(out, 0, n));
        assertEquals(StunCheckResult.BAD_FINGERPRINT, agent.handleBindingRequest(msg, PEER_A));
    }

    @Test
    void answersRoleConflictToControlledPeer() {
        IceLiteAgent agent = agent();
        StunIntegrity integrity = new StunIntegrity(SERVER.password());
        byte[] out = new byte[256];
        byte[] tx = StunClient.newTransactionId();
        int n = new StunMessageWriter()
                .start(out, 0, StunMessage.BINDING_REQUEST, tx, 0)
                .string(StunMessage.ATTR_USERNAME, "srvU:cliU")
                .uint64(StunMessage.ATTR_ICE_CONTROLLED, 42)
                .messageIntegrity(integrity)
                .fingerprint(integrity)
                .length();
        StunMessage msg = new StunMessage();
        assertTrue(msg.parse(out, 0, n));
        assertEquals(StunCheckResult.ROLE_CONFLICT, agent.handleBindingRequest(msg, PEER_A));
        StunClient.Response response =
                new StunClient("srvU", SERVER.password(), "cliU").parseResponse(sent.get(0), 0, sent.get(0).length, tx);
        assertNotNull(response);
        assertFalse(response.success());
        assertEquals(487, response.errorCode());
        assertTrue(selections.isEmpty());
    }

    @Test
    void consentExpiresOnceAfterTimeoutWithoutRefresh() {
        IceLiteAgent agent = agent();
        StunClient client = new StunClient("srvU", SERVER.password(), "cliU");
        agent.handleBindingRequest(request(client, StunClient.newTransactionId(), true), PEER_A);
        now.addAndGet(Duration.ofSeconds(29).toNanos());
        assertFalse(agent.checkConsent());
        agent.handleBindingRequest(request(client, StunClient.newTransactionId(), false), PEER_A);
        now.addAndGet(Duration.ofSeconds(29).toNanos());
        assertFalse(agent.checkConsent(), "refreshed 29 s ago");
        // requests from a non-selected address do not refresh consent
        agent.handleBindingRequest(request(client, StunClient.newTransactionId(), false), PEER_B);
        now.addAndGet(Duration.ofSeconds(2).toNanos());
        assertTrue(agent.checkConsent());
        assertTrue(agent.checkConsent());
        assertEquals(1, expiries.get());
    }

    /** Half the consent timeout without a check: reported once per spell, so the session can offer a restart. */
    @Test
    void staleConsentIsReportedOncePerSpellBeforeItExpires() {
        IceLiteAgent agent = agent();
        now.addAndGet(Duration.ofSeconds(20).toNanos());
        assertFalse(agent.checkConsent());
        assertEquals(0, stale.get(), "nothing selected yet: not stale, only not connected");
        StunClient client = new StunClient("srvU", SERVER.password(), "cliU");
        agent.handleBindingRequest(request(client, tx(), true), PEER_A);
        now.addAndGet(Duration.ofSeconds(14).toNanos());
        assertFalse(agent.checkConsent());
        assertEquals(0, stale.get());
        now.addAndGet(Duration.ofSeconds(2).toNanos());
        assertFalse(agent.checkConsent());
        assertFalse(agent.checkConsent());
        assertEquals(1, stale.get(), "16 s without consent: stale, once");
        // a server restart: the client comes back with the new credentials, consent is fresh again
        IceCredentials fresh = new IceCredentials("srvNew", "serverpasswordNew0123456789");
        agent.restart(fresh, null);
        StunClient renewed = new StunClient("srvNew", fresh.password(), "anyNewClientUfrag");
        assertEquals(StunCheckResult.ACCEPTED, agent.handleBindingRequest(request(renewed, tx(), false), PEER_A));
        assertFalse(agent.checkConsent());
        now.addAndGet(Duration.ofSeconds(16).toNanos());
        assertFalse(agent.checkConsent());
        assertEquals(2, stale.get(), "a new spell is reported again");
        now.addAndGet(Duration.ofSeconds(15).toNanos());
        assertTrue(agent.checkConsent());
        assertEquals(1, expiries.get());
    }

    /** pion sends no checks while media flows: authenticated media from the peer keeps consent fresh. */
    @Test
    void authenticatedMediaKeepsConsentFresh() {
        AtomicLong media = new AtomicLong();
        IceLiteAgent agent = agent();
        agent.consentActivity(media::get);
        media.incrementAndGet();
        now.addAndGet(Duration.ofSeconds(40).toNanos());
        assertTrue(agent.checkConsent(), "media before any selection proves nothing; ICE never connected");
        IceLiteAgent second = agent();
        second.consentActivity(media::get);
        StunClient client = new StunClient("srvU", SERVER.password(), "cliU");
        second.handleBindingRequest(request(client, tx(), true), PEER_A);
        for (int i = 0; i < 10; i++) {
            now.addAndGet(Duration.ofSeconds(10).toNanos());
            media.addAndGet(50);
            assertFalse(second.checkConsent(), "100 s of media without a check");
        }
        assertEquals(0, stale.get(), "no restart offered while media flows");
        now.addAndGet(Duration.ofSeconds(16).toNanos());
        assertFalse(second.checkConsent());
        assertEquals(1, stale.get(), "media stopped: stale after half the timeout");
        now.addAndGet(Duration.ofSeconds(15).toNanos());
        assertTrue(second.checkConsent());
    }

    @Test
    void iceThatNeverConnectsExpires() {
        IceLiteAgent agent = agent();
        now.addAndGet(Duration.ofSeconds(31).toNanos());
        assertTrue(agent.checkConsent());
        assertEquals(1, expiries.get());
    }

    @Test
    void closedAgentIgnoresRequests() {
        IceLiteAgent agent = agent();
        agent.close();
        agent.close();
        StunClient client = new StunClient("srvU", SERVER.password(), "cliU");
        assertEquals(
                StunCheckResult.CLOSED,
                agent.handleBindingRequest(request(client, StunClient.newTransactionId(), true), PEER_A));
        assertTrue(sent.isEmpty());
    }

    @Test
    void credentialsAreValidated() {
        IceCredentials random = IceCredentials.random();
        assertTrue(random.ufrag().length() >= 4);
        assertTrue(random.password().length() >= 22);
        assertFalse(random.toString().contains(random.password()));
        assertThrows(IllegalArgumentException.class, () -> new IceCredentials("abc", "serverpassword0123456789"));
        assertThrows(IllegalArgumentException.class, () -> new IceCredentials("abcd", "short"));
        assertThrows(IllegalArgumentException.class, () -> new IceCredentials("ab:d", "serverpassword0123456789"));
    }
}
