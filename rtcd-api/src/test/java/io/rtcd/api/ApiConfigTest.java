package io.rtcd.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ApiConfigTest {

    @Test
    void defaultsMatchRtcd() {
        ApiConfig c = ApiConfig.defaults();
        assertEquals(":8045", c.listenAddress());
        assertFalse(c.tlsEnable());
        assertEquals("", c.tlsCertFile());
        assertEquals("", c.tlsCertKey());
    }

    @Test
    void acceptsTheThreeAddressForms() {
        assertEquals(new ListenAddress(null, 8045), ListenAddress.parse(":8045"));
        assertEquals(new ListenAddress("127.0.0.1", 0), ListenAddress.parse("127.0.0.1:0"));
        assertEquals(new ListenAddress("::1", 65535), ListenAddress.parse("[::1]:65535"));
        assertEquals(new ListenAddress("rtcd.example.com", 443), ListenAddress.parse("rtcd.example.com:443"));
        assertNull(ListenAddress.parse(":1").host());
    }

    @Test
    void rejectsBadAddressesNamingTheKeyAndValue() {
        for (String bad : new String[] {"", " ", "8045", "host:", "host:x", ":65536", ":-1", "::1:80", "[::1:80"}) {
            IllegalArgumentException e = assertThrows(
                    IllegalArgumentException.class, () -> new ApiConfig(bad, false, "", ""), "value " + bad);
            assertTrue(e.getMessage().contains("api.http.listen_address"), e.getMessage());
        }
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> new ApiConfig(":70000", false, "", ""));
        assertTrue(e.getMessage().contains("70000") && e.getMessage().contains("0..65535"), e.getMessage());
    }

    @Test
    void tlsNeedsBothFiles() {
        IllegalArgumentException cert =
                assertThrows(IllegalArgumentException.class, () -> new ApiConfig(":8045", true, "", "key.pem"));
        assertTrue(cert.getMessage().contains("api.http.tls.cert_file"), cert.getMessage());
        assertTrue(cert.getMessage().contains("api.http.tls.enable"), cert.getMessage());
        IllegalArgumentException key =
                assertThrows(IllegalArgumentException.class, () -> new ApiConfig(":8045", true, "cert.pem", null));
        assertTrue(key.getMessage().contains("api.http.tls.cert_key"), key.getMessage());
        ApiConfig ok = new ApiConfig(":8045", true, "cert.pem", "key.pem");
        assertTrue(ok.tlsEnable());
        assertEquals("127.0.0.1:0", ok.withListenAddress("127.0.0.1:0").listenAddress());
    }

    @Test
    void tlsFilesMayBeEmptyWhenTlsIsOff() {
        ApiConfig c = new ApiConfig("127.0.0.1:9000", false, null, null);
        assertEquals("", c.tlsCertFile());
    }
}
