package io.rtcd.rtc.transport.srtp;

import java.util.logging.Level;
import org.jitsi.srtp.crypto.Aes;
import org.jitsi.utils.logging2.Logger;
import org.jitsi.utils.logging2.LoggerImpl;
import org.slf4j.LoggerFactory;

/**
 * Process-wide jitsi-srtp setup for the tests that cross-check rtcd's SRTP against jitsi-srtp. Forces the JDK's SunJCE
 * AES so that jitsi-srtp does not benchmark engines on the first packet, and logs the
 * choice once. Idempotent and thread-safe. Since issue 8 rtcd's own {@link SrtpContext} uses no jitsi-srtp transform,
 * so this lives with the tests.
 */
public final class SrtpEngine {
    /** The AES engine we force; never "BouncyCastle". */
    public static final String AES_FACTORY = "SunJCE";

    private static final org.slf4j.Logger LOG = LoggerFactory.getLogger(SrtpEngine.class);
    private static boolean initialized;

    private SrtpEngine() {}

    public static synchronized void initialize() {
        if (initialized) {
            return;
        }
        Aes.setFactoryClassName(AES_FACTORY);
        initialized = true;
        LOG.info("SRTP AES engine forced to {} (jitsi-srtp); HMAC-SHA1 uses the JCA default", AES_FACTORY);
    }

    /**
     * A jitsi logging2 logger with info/debug disabled: jitsi-srtp logs some per-packet events at info/debug, which
     * must never reach our logs (DEVELOPERS.md: no per-packet logging).
     */
    static Logger quietLogger(String name) {
        return new LoggerImpl(name, Level.WARNING);
    }
}
