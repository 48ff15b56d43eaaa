package io.rtcd.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void writesCompactObjectsInInsertionOrder() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("s", "a\"b\\c\n\u0001é");
        m.put("n", 42L);
        m.put("i", -7);
        m.put("l", List.of("x", "y"));
        m.put("o", Map.of("k", "v"));
        m.put("e", List.of());
        assertEquals(
                "{\"s\":\"a\\\"b\\\\c\\n\\u0001é\",\"n\":42,\"i\":-7,\"l\":[\"x\",\"y\"],\"o\":{\"k\":\"v\"},\"e\":[]}",
                JsonWriter.write(m));
    }

    @Test
    void writerRejectsUnsupportedValues() {
        assertThrows(IllegalArgumentException.class, () -> JsonWriter.write(Map.of("b", true)));
        assertThrows(IllegalArgumentException.class, () -> JsonWriter.write(Map.of("l", List.of(1))));
    }

    @Test
    void roundTripsWhatTheWriterWrites() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("sub", "user\t\"1\"\u2028");
        m.put("exp", 1_767_225_600L);
        m.put("perms", List.of("a", "b"));
        m.put("nested", Map.of("x", "y"));
        assertEquals(m, JsonReader.parseObject(JsonWriter.write(m)));
    }

    @Test
    void readsWhitespaceEscapesAndNumbers() {
        Map<String, Object> m = JsonReader.parseObject(
                " {\n \"a\" : \"\\u0041\\/\\b\\f\\r\\t\" , \"n\":-0, \"d\": 1.5e2, \"z\":[ ] ,\"o\":{}}\t");
        assertEquals("A/\b\f\r\t", m.get("a"));
        assertEquals(0L, m.get("n"));
        assertEquals(150.0, m.get("d"));
        assertEquals(List.of(), m.get("z"));
        assertEquals(Map.of(), m.get("o"));
    }

    @Test
    void rejectsAnythingOutsideTheSubset() {
        for (String bad : List.of(
                "",
                "[]",
                "\"s\"",
                "{",
                "{\"a\":true}",
                "{\"a\":null}",
                "{\"a\":[1]}",
                "{\"a\":[[\"x\"]]}",
                "{\"a\":\"x\",\"a\":\"y\"}",
                "{\"a\":\"x\"} trailing",
                "{\"a\":\"x\",}",
                "{a:\"x\"}",
                "{\"a\":01}",
                "{\"a\":1.}",
                "{\"a\":-}",
                "{\"a\":99999999999999999999}",
                "{\"a\":\"raw\ncontrol\"}",
                "{\"a\":\"\\x\"}",
                "{\"a\":\"\\u12\"}",
                "{\"a\":{\"b\":{\"c\":{\"d\":{}}}}}")) {
            assertThrows(IllegalArgumentException.class, () -> JsonReader.parseObject(bad), bad);
        }
    }
}
