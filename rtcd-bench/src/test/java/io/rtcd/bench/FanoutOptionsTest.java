package io.rtcd.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtcd.rtc.transport.srtp.SrtpProfile;
import org.junit.jupiter.api.Test;

class FanoutOptionsTest {
    @Test
    void defaultsAndOverrides() {
        FanoutOptions d = FanoutOptions.parse(new String[0]);
        assertEquals(10, d.subscribers());
        assertEquals(50, d.pps());
        assertEquals(SrtpProfile.AEAD_AES_128_GCM, d.profile());
        FanoutOptions o = FanoutOptions.parse(new String[] {"subscribers=100", "steady=7", "profile=cm"});
        assertEquals(100, o.subscribers());
        assertEquals(7, o.steadySeconds());
        assertEquals(SrtpProfile.AES128_CM_HMAC_SHA1_80, o.profile());
        assertEquals("cm", o.profileName());
    }

    @Test
    void rejectsUnknownKeysAndOutOfRangeValuesNamingTheKey() {
        IllegalArgumentException unknown =
                assertThrows(IllegalArgumentException.class, () -> FanoutOptions.parse(new String[] {"subscriber=5"}));
        assertTrue(unknown.getMessage().contains("subscriber"), unknown.getMessage());
        IllegalArgumentException range =
                assertThrows(IllegalArgumentException.class, () -> FanoutOptions.parse(new String[] {"pps=0"}));
        assertTrue(range.getMessage().contains("pps") && range.getMessage().contains("0"), range.getMessage());
        assertThrows(IllegalArgumentException.class, () -> FanoutOptions.parse(new String[] {"profile=x"}));
        assertThrows(IllegalArgumentException.class, () -> FanoutOptions.parse(new String[] {"noequals"}));
    }

    @Test
    void stampRoundTrips() {
        byte[] b = new byte[16];
        FanoutCollector.putLong(b, 4, 0x0123_4567_89AB_CDEFL);
        assertEquals(0x0123_4567_89AB_CDEFL, FanoutCollector.readLong(b, 4));
        FanoutCollector.putLong(b, 4, -2L);
        assertEquals(-2L, FanoutCollector.readLong(b, 4));
    }
}
