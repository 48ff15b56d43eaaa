package io.rtcd.rtc.transport.srtp;

import java.util.Arrays;
import java.util.Objects;

/**
 * The SRTP master keys and salts of one session, split from the DTLS exporter output (RFC 5764 §4.2):
 *
 * <pre>
 *   client_write_SRTP_master_key | server_write_SRTP_master_key | client_write_SRTP_master_salt | server_write_SRTP_master_salt
 * </pre>
 *
 * The DTLS client protects what it sends with the client_write pair and unprotects with the server_write pair; the
 * DTLS server does the opposite. Arrays are defensive copies; never log them.
 */
public final class SrtpKeys {
    private final SrtpProfile profile;
    private final byte[] localKey;
    private final byte[] localSalt;
    private final byte[] remoteKey;
    private final byte[] remoteSalt;

    private SrtpKeys(SrtpProfile profile, byte[] localKey, byte[] localSalt, byte[] remoteKey, byte[] remoteSalt) {
        this.profile = profile;
        this.localKey = localKey;
        this.localSalt = localSalt;
        this.remoteKey = remoteKey;
        this.remoteSalt = remoteSalt;
    }

    /**
     * Splits exported keying material.
     *
     * @param material exactly {@link SrtpProfile#exportLength()} bytes from the "EXTRACTOR-dtls_srtp" exporter
     * @param dtlsClient whether the local side was the DTLS client
     * @throws IllegalArgumentException if the length does not match the profile
     */
    public static SrtpKeys split(SrtpProfile profile, byte[] material, boolean dtlsClient) {
        Objects.requireNonNull(profile, "profile");
        if (material.length != profile.exportLength()) {
            throw new IllegalArgumentException("keying material length " + material.length + " for " + profile
                    + ", expected " + profile.exportLength());
        }
        int k = profile.keyLength();
        int s = profile.saltLength();
        byte[] clientKey = Arrays.copyOfRange(material, 0, k);
        byte[] serverKey = Arrays.copyOfRange(material, k, 2 * k);
        byte[] clientSalt = Arrays.copyOfRange(material, 2 * k, 2 * k + s);
        byte[] serverSalt = Arrays.copyOfRange(material, 2 * k + s, 2 * k + 2 * s);
        return dtlsClient
                ? new SrtpKeys(profile, clientKey, clientSalt, serverKey, serverSalt)
                : new SrtpKeys(profile, serverKey, serverSalt, clientKey, clientSalt);
    }

    public SrtpProfile profile() {
        return profile;
    }

    /** Master key we protect outbound packets with. */
    public byte[] localKey() {
        return localKey.clone();
    }

    public byte[] localSalt() {
        return localSalt.clone();
    }

    /** Master key we unprotect inbound packets with. */
    public byte[] remoteKey() {
        return remoteKey.clone();
    }

    public byte[] remoteSalt() {
        return remoteSalt.clone();
    }

    @Override
    public String toString() {
        return "SrtpKeys[" + profile + "]";
    }
}
