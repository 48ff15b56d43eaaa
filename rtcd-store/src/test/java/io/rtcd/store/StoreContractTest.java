package io.rtcd.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The {@link KvStore} contract (rtcd {@code service/store} semantics), run against every implementation. */
class StoreContractTest {

    @TempDir
    Path dir;

    private final List<KvStore> opened = new ArrayList<>();

    static Stream<Arguments> stores() {
        Function<Path, KvStore> memory = dir -> new InMemoryStore();
        Function<Path, KvStore> mapdb = dir -> {
            MapDbStore s = new MapDbStore(new StoreConfig(dir.resolve("sub").resolve("rtcd.db")));
            s.start();
            return s;
        };
        return Stream.of(Arguments.of(Named.of("InMemoryStore", memory)), Arguments.of(Named.of("MapDbStore", mapdb)));
    }

    private KvStore open(Function<Path, KvStore> factory) {
        KvStore s = factory.apply(dir);
        opened.add(s);
        return s;
    }

    @AfterEach
    void closeAll() {
        opened.forEach(KvStore::close);
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @MethodSource("stores")
    void putThenGetReturnsValue(Function<Path, KvStore> factory) {
        KvStore s = open(factory);
        s.put("client1", b("hash1"));
        assertArrayEquals(b("hash1"), s.get("client1").orElseThrow());
        assertTrue(s.get("other").isEmpty());
    }

    @ParameterizedTest
    @MethodSource("stores")
    void putOnExistingKeyConflictsAndKeepsOriginal(Function<Path, KvStore> factory) {
        KvStore s = open(factory);
        s.put("k", b("first"));
        KeyConflictException e = assertThrows(KeyConflictException.class, () -> s.put("k", b("second")));
        assertTrue(e.getMessage().contains("k"), e.getMessage());
        assertArrayEquals(b("first"), s.get("k").orElseThrow());
    }

    @ParameterizedTest
    @MethodSource("stores")
    void setInsertsAndOverwrites(Function<Path, KvStore> factory) {
        KvStore s = open(factory);
        s.set("k", b("one"));
        assertArrayEquals(b("one"), s.get("k").orElseThrow());
        s.set("k", b("two"));
        assertArrayEquals(b("two"), s.get("k").orElseThrow());
    }

    @ParameterizedTest
    @MethodSource("stores")
    void deleteReportsWhetherKeyExisted(Function<Path, KvStore> factory) {
        KvStore s = open(factory);
        s.put("k", b("v"));
        assertTrue(s.delete("k"));
        assertTrue(s.get("k").isEmpty());
        assertFalse(s.delete("k"));
        s.put("k", b("again"));
        assertArrayEquals(b("again"), s.get("k").orElseThrow());
    }

    @ParameterizedTest
    @MethodSource("stores")
    void scanReturnsOnlyPrefixedKeysSorted(Function<Path, KvStore> factory) {
        KvStore s = open(factory);
        for (String k : List.of("b", "ab", "a", "abc", "aa", "abd", "ab\uffff", "ac", "B")) {
            s.put(k, b("v-" + k));
        }
        SortedMap<String, byte[]> ab = s.scan("ab");
        assertEquals(List.of("ab", "abc", "abd", "ab\uffff"), List.copyOf(ab.keySet()));
        assertArrayEquals(b("v-abc"), ab.get("abc"));
        assertEquals(
                List.of("a", "aa", "ab", "abc", "abd", "ab\uffff", "ac"),
                List.copyOf(s.scan("a").keySet()));
        assertEquals(
                List.of("B", "a", "aa", "ab", "abc", "abd", "ab\uffff", "ac", "b"),
                List.copyOf(s.scan("").keySet()));
        assertTrue(s.scan("zz").isEmpty());
        assertThrows(NullPointerException.class, () -> s.scan(null));
    }

    @ParameterizedTest
    @MethodSource("stores")
    void valuesAreCopiedInAndOut(Function<Path, KvStore> factory) {
        KvStore s = open(factory);
        byte[] in = b("abc");
        s.put("k", in);
        in[0] = 'X';
        byte[] out = s.get("k").orElseThrow();
        out[1] = 'Y';
        s.scan("k").get("k")[2] = 'Z';
        assertArrayEquals(b("abc"), s.get("k").orElseThrow());
    }

    @ParameterizedTest
    @MethodSource("stores")
    void emptyOrNullKeyIsRejectedOnEveryOperation(Function<Path, KvStore> factory) {
        KvStore s = open(factory);
        for (String key : new String[] {null, ""}) {
            assertThrows(EmptyKeyException.class, () -> s.get(key));
            assertThrows(EmptyKeyException.class, () -> s.put(key, b("v")));
            assertThrows(EmptyKeyException.class, () -> s.set(key, b("v")));
            assertThrows(EmptyKeyException.class, () -> s.delete(key));
        }
        assertTrue(s.scan("").isEmpty(), "nothing may have been written");
        assertThrows(NullPointerException.class, () -> s.put("k", null));
        assertThrows(NullPointerException.class, () -> s.set("k", null));
    }

    @ParameterizedTest
    @MethodSource("stores")
    void closeIsIdempotentAndLaterOperationsFail(Function<Path, KvStore> factory) {
        KvStore s = open(factory);
        s.put("k", b("v"));
        s.close();
        s.close();
        StoreException e = assertThrows(StoreException.class, () -> s.get("k"));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
        assertThrows(StoreException.class, () -> s.put("k2", b("v")));
        assertThrows(StoreException.class, () -> s.set("k", b("v")));
        assertThrows(StoreException.class, () -> s.delete("k"));
        assertThrows(StoreException.class, () -> s.scan(""));
    }

    @ParameterizedTest
    @MethodSource("stores")
    void concurrentPutIfAbsentHasExactlyOneWinnerPerKey(Function<Path, KvStore> factory) throws Exception {
        KvStore s = open(factory);
        int threads = 4;
        int keys = 25;
        AtomicInteger wins = new AtomicInteger();
        AtomicInteger conflicts = new AtomicInteger();
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                futures.add(pool.submit(() -> {
                    go.await();
                    for (int k = 0; k < keys; k++) {
                        try {
                            s.put("key" + k, b("t" + id));
                            wins.incrementAndGet();
                        } catch (KeyConflictException expected) {
                            conflicts.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : futures) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(keys, wins.get());
        assertEquals(keys * (threads - 1), conflicts.get());
        assertEquals(keys, s.scan("key").size());
    }
}
