package io.rtcd.rtc.transport.dtls;

import java.security.SecureRandom;
import org.bouncycastle.crypto.BlockCipher;
import org.bouncycastle.crypto.modes.AEADBlockCipher;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.modes.gcm.BasicGCMMultiplier;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/**
 * Bouncy Castle's lightweight TLS crypto with table-free GCM for the DTLS record layer.
 *
 * <p>BC's default GCM multiplier precomputes a 4 KB table per key (about 9 KB on the heap with its arrays), and a
 * DTLS connection keeps one per direction for its whole life: ~19 KB per session, the largest per-participant item
 * after the handshake. Once keys are exported, DTLS records carry only SCTP (data channels, a few packets per second
 * at most) and alerts, so {@link BasicGCMMultiplier} (no table, constant-time) costs nothing measurable and saves that
 * memory. Media never goes through here: SRTP has its own crypto. Thread-safe as {@link BcTlsCrypto} is.
 */
final class LeanBcTlsCrypto extends BcTlsCrypto {

    LeanBcTlsCrypto(SecureRandom random) {
        super(random);
    }

    @Override
    protected AEADBlockCipher createGCMMode(BlockCipher engine) {
        return GCMBlockCipher.newInstance(engine, new BasicGCMMultiplier());
    }
}
