package io.rtcd.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class StoreConfigTest {

    @Test
    void defaultsPointAtDataDirectory() {
        assertEquals(Path.of("data", "rtcd.db"), StoreConfig.defaults().dataPath());
    }

    @Test
    void nullPathIsRejectedNamingTheKey() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new StoreConfig(null));
        assertTrue(e.getMessage().contains("store.data_source"), e.getMessage());
    }

    @Test
    void emptyPathIsRejectedNamingTheKey() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new StoreConfig(Path.of("")));
        assertTrue(e.getMessage().contains("store.data_source"), e.getMessage());
    }

    @Test
    void rootPathIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new StoreConfig(Path.of("/")));
        assertTrue(e.getMessage().contains("store.data_source"), e.getMessage());
    }
}
