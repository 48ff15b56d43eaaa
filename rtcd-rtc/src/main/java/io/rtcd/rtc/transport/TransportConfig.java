package io.rtcd.rtc.transport;

import io.rtcd.rtc.transport.srtp.SrtpProfile;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Immutable, validated configuration of the transport layer. The compact constructor throws {@link
 * IllegalArgumentException} naming the key, the value and the allowed range.
 *
 * @param bindAddress IP literal the shared UDP socket binds to ({@code 0.0.0.0} for all IPv4 interfaces,
 *     {@code 127.0.0.1} in tests)
 * @param port UDP port, 0 = ephemeral (tests); rtcd's {@code ice_port_udp} default is 8443
 * @param socketBufferBytes SO_RCVBUF/SO_SNDBUF requested (the kernel may cap it at net.core.rmem_max/wmem_max);
 *     64 KiB..256 MiB
 * @param maxDatagramBytes largest datagram read; longer ones are truncated by the kernel and dropped as garbage by the
 *     protocol checks; 1200..65507
 * @param bufferPoolSize receive buffers kept for reuse; 16..1048576
 * @param consentTimeout ICE consent freshness timeout (RFC 7675 §5.1: 30 s); also the time allowed to connect ICE
 * @param consentCheckPeriod how often consent is checked; 100 ms..consentTimeout
 * @param dtlsHandshakeTimeout whole DTLS handshake deadline (JVB default 30 s); 1 s..10 min
 * @param dtlsQueueCapacity DTLS records queued per session between the reader thread and the handshake/app-data
 *     thread (JVB uses 50); 4..4096
 * @param dtlsSendLimit largest DTLS datagram we send (records are fragmented to fit; Chromium uses 1200); 256..1472
 * @param srtpProfiles SRTP protection profiles we offer/accept, in order of preference; not empty, no duplicates
 * @param iceConnectTimeout how long after {@link TransportSession#start()} the first valid ICE check may take before
 *     the session ends as {@link TransportSession.DisconnectReason#ICE_TIMEOUT}; 100 ms..10 min
 */
public record TransportConfig(
        String bindAddress,
        int port,
        int socketBufferBytes,
        int maxDatagramBytes,
        int bufferPoolSize,
        Duration consentTimeout,
        Duration consentCheckPeriod,
        Duration dtlsHandshakeTimeout,
        int dtlsQueueCapacity,
        int dtlsSendLimit,
        List<SrtpProfile> srtpProfiles,
        Duration iceConnectTimeout) {

    /** Default of {@link #iceConnectTimeout()}. */
    public static final Duration DEFAULT_ICE_CONNECT_TIMEOUT = Duration.ofSeconds(15);

    public TransportConfig {
        Objects.requireNonNull(bindAddress, "bindAddress");
        if (bindAddress.isBlank()) {
            throw new IllegalArgumentException("bindAddress must be an IP literal, got blank");
        }
        range("port", port, 0, 65535);
        range("socketBufferBytes", socketBufferBytes, 64 * 1024, 256 * 1024 * 1024);
        range("maxDatagramBytes", maxDatagramBytes, 1200, 65507);
        range("bufferPoolSize", bufferPoolSize, 16, 1 << 20);
        durationRange("consentTimeout", consentTimeout, Duration.ofMillis(100), Duration.ofMinutes(10));
        durationRange("consentCheckPeriod", consentCheckPeriod, Duration.ofMillis(10), consentTimeout);
        durationRange("dtlsHandshakeTimeout", dtlsHandshakeTimeout, Duration.ofMillis(100), Duration.ofMinutes(10));
        range("dtlsQueueCapacity", dtlsQueueCapacity, 4, 4096);
        range("dtlsSendLimit", dtlsSendLimit, 256, 1472);
        Objects.requireNonNull(srtpProfiles, "srtpProfiles");
        if (srtpProfiles.isEmpty() || srtpProfiles.stream().distinct().count() != srtpProfiles.size()) {
            throw new IllegalArgumentException(
                    "srtpProfiles must be a non-empty list without duplicates, got " + srtpProfiles);
        }
        srtpProfiles = List.copyOf(srtpProfiles);
        durationRange("iceConnectTimeout", iceConnectTimeout, Duration.ofMillis(100), Duration.ofMinutes(10));
    }

    /** The same with the default {@link #iceConnectTimeout()}. */
    public TransportConfig(
            String bindAddress,
            int port,
            int socketBufferBytes,
            int maxDatagramBytes,
            int bufferPoolSize,
            Duration consentTimeout,
            Duration consentCheckPeriod,
            Duration dtlsHandshakeTimeout,
            int dtlsQueueCapacity,
            int dtlsSendLimit,
            List<SrtpProfile> srtpProfiles) {
        this(
                bindAddress,
                port,
                socketBufferBytes,
                maxDatagramBytes,
                bufferPoolSize,
                consentTimeout,
                consentCheckPeriod,
                dtlsHandshakeTimeout,
                dtlsQueueCapacity,
                dtlsSendLimit,
                srtpProfiles,
                DEFAULT_ICE_CONNECT_TIMEOUT);
    }

    /** Production defaults: all interfaces, port 8443, 30 s consent and handshake timeouts, GCM then AES-CM. */
    public static TransportConfig defaults() {
        return new TransportConfig(
                "0.0.0.0",
                8443,
                4 * 1024 * 1024,
                1500,
                4096,
                Duration.ofSeconds(30),
                Duration.ofSeconds(1),
                Duration.ofSeconds(30),
                64,
                1200,
                List.of(SrtpProfile.AEAD_AES_128_GCM, SrtpProfile.AES128_CM_HMAC_SHA1_80));
    }

    /** Loopback, ephemeral port: for tests. */
    public static TransportConfig loopback() {
        return defaults().withBind("127.0.0.1", 0);
    }

    public TransportConfig withBind(String address, int newPort) {
        return new TransportConfig(
                address,
                newPort,
                socketBufferBytes,
                maxDatagramBytes,
                bufferPoolSize,
                consentTimeout,
                consentCheckPeriod,
                dtlsHandshakeTimeout,
                dtlsQueueCapacity,
                dtlsSendLimit,
                srtpProfiles,
                iceConnectTimeout);
    }

    public TransportConfig withSrtpProfiles(List<SrtpProfile> profiles) {
        return new TransportConfig(
                bindAddress,
                port,
                socketBufferBytes,
                maxDatagramBytes,
                bufferPoolSize,
                consentTimeout,
                consentCheckPeriod,
                dtlsHandshakeTimeout,
                dtlsQueueCapacity,
                dtlsSendLimit,
                profiles,
                iceConnectTimeout);
    }

    public TransportConfig withConsent(Duration timeout, Duration checkPeriod) {
        return new TransportConfig(
                bindAddress,
                port,
                socketBufferBytes,
                maxDatagramBytes,
                bufferPoolSize,
                timeout,
                checkPeriod,
                dtlsHandshakeTimeout,
                dtlsQueueCapacity,
                dtlsSendLimit,
                srtpProfiles,
                iceConnectTimeout);
    }

    public TransportConfig withDtls(Duration handshakeTimeout, int sendLimit) {
        return new TransportConfig(
                bindAddress,
                port,
                socketBufferBytes,
                maxDatagramBytes,
                bufferPoolSize,
                consentTimeout,
                consentCheckPeriod,
                handshakeTimeout,
                dtlsQueueCapacity,
                sendLimit,
                srtpProfiles,
                iceConnectTimeout);
    }

    /** The same with {@link #iceConnectTimeout()} set. */
    public TransportConfig withIceConnectTimeout(Duration timeout) {
        return new TransportConfig(
                bindAddress,
                port,
                socketBufferBytes,
                maxDatagramBytes,
                bufferPoolSize,
                consentTimeout,
                consentCheckPeriod,
                dtlsHandshakeTimeout,
                dtlsQueueCapacity,
                dtlsSendLimit,
                srtpProfiles,
                timeout);
    }

    private static void range(String key, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(key + " must be in [" + min + ", " + max + "], got " + value);
        }
    }

    private static void durationRange(String key, Duration value, Duration min, Duration max) {
        Objects.requireNonNull(value, key);
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw new IllegalArgumentException(key + " must be in [" + min + ", " + max + "], got " + value);
        }
    }
}
