package io.rtcd.ws.guard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The Origin check: same origin, allow-list, wildcard, absent and opaque origins. */
class OriginPolicyTest {
    private final OriginPolicy sameOnly = new OriginPolicy(List.of());

    @Test
    void sameOriginIsAllowedWhateverTheSchemeCaseOrDefaultPort() {
        assertTrue(sameOnly.allows("http://127.0.0.1:8045", "127.0.0.1:8045"));
        assertTrue(sameOnly.allows("https://Calls.Example.com", "calls.example.com"));
        assertTrue(sameOnly.allows("http://[::1]:8045", "[::1]:8045"));
    }

    @Test
    void otherOriginsAreRefusedWithAnEmptyList() {
        assertFalse(sameOnly.allows("https://evil.example", "calls.example.com"));
        assertFalse(sameOnly.allows("http://127.0.0.1:8046", "127.0.0.1:8045"));
        assertFalse(sameOnly.allows("https://calls.example.com.evil.example", "calls.example.com"));
        assertFalse(sameOnly.allows("null", "calls.example.com"));
        assertFalse(sameOnly.allows("http://127.0.0.1:8045", null));
    }

    @Test
    void requestsWithoutOriginAreNotBrowsersAndAreAllowed() {
        assertTrue(sameOnly.allows(null, "calls.example.com"));
    }

    @Test
    void allowListedOriginsAreAllowedExactlyAndTheSameOriginStill() {
        OriginPolicy p = new OriginPolicy(List.of(OriginPolicy.normalise("k", "https://App.example.com/")));
        assertTrue(p.allows("https://app.example.com", "calls.example.com"));
        assertFalse(p.allows("http://app.example.com", "calls.example.com"));
        assertFalse(p.allows("https://app.example.com:8443", "calls.example.com"));
        assertTrue(p.allows("https://calls.example.com", "calls.example.com"));
    }

    @Test
    void wildcardAllowsAnyOriginIncludingNull() {
        OriginPolicy p = new OriginPolicy(List.of("*"));
        assertTrue(p.allows("https://anything.example", "calls.example.com"));
        assertTrue(p.allows("null", "calls.example.com"));
    }

    @Test
    void badListEntriesNameTheKey() {
        for (String bad : List.of("", "example.com", "https://example.com/path", "https://", "null")) {
            IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> OriginPolicy.normalise("the.key", bad), bad);
            assertTrue(e.getMessage().contains("the.key"), e.getMessage());
        }
        assertEquals("capacitor://localhost", OriginPolicy.normalise("k", " capacitor://localhost "));
    }
}
