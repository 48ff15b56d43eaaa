package io.rtcd.rtc.sfu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class VoiceActivityDetectorTest {
    private static final long MS = 1_000_000L;

    @Test
    void silenceNeverTurnsOn() {
        VoiceActivityDetector v = new VoiceActivityDetector();
        for (int i = 0; i < 500; i++) {
            assertEquals(VoiceActivityDetector.Transition.NONE, v.update(127, i * 20 * MS));
        }
    }

    @Test
    void speechTurnsOnThenOffNotBeforeTwoSeconds() {
        VoiceActivityDetector v = new VoiceActivityDetector();
        long t = 0;
        int onAt = -1;
        for (int i = 0; i < 100 && onAt < 0; i++, t += 20 * MS) {
            if (v.update(i % 2 == 0 ? 20 : 90, t) == VoiceActivityDetector.Transition.ON) {
                onAt = i;
            }
        }
        assertEquals(VoiceActivityDetector.WINDOW - 1, onAt, "on as soon as the window is full");
        long onTime = t - 20 * MS;
        long offTime = -1;
        for (int i = 0; i < 500 && offTime < 0; i++, t += 20 * MS) {
            if (v.update(127, t) == VoiceActivityDetector.Transition.OFF) {
                offTime = t;
            }
        }
        assertTrue(offTime - onTime >= VoiceActivityDetector.MIN_ON_NANOS, "off not earlier than 2 s after on");
        assertFalse(v.isOn());
    }

    @Test
    void resetReportsWhetherVoiceWasOn() {
        VoiceActivityDetector v = new VoiceActivityDetector();
        assertFalse(v.reset());
        for (int i = 0; i < 50; i++) {
            v.update(i % 2 == 0 ? 0 : 100, i);
        }
        assertTrue(v.isOn());
        assertTrue(v.reset());
        assertFalse(v.isOn());
        assertEquals(VoiceActivityDetector.Transition.NONE, v.update(0, 0), "window restarts empty");
    }
}
