package io.manybot.core.event;

import io.manybot.testing.SettableClock;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Remembering delivery ids: bounded in number and in time, and safe under concurrent deliveries. */
class WebhookDeliveryLogTest {

    @Test
    void recordsOnceAndReportsTheSecondTime() {
        DeliveryLog log = new DeliveryLog();
        assertTrue(log.record("github:a"));
        assertFalse(log.record("github:a"));
        assertTrue(log.contains("github:a"));
        assertFalse(log.contains("gitlab:a"));
        assertEquals(10_000, log.capacity());
    }

    @Test
    void oldestIdsAreForgottenBeyondTheCapacity() {
        DeliveryLog log = new DeliveryLog(3, Duration.ofDays(1), Clock.systemUTC());
        for (String id : List.of("a", "b", "c", "d")) {
            assertTrue(log.record(id));
        }
        assertEquals(3, log.size());
        assertFalse(log.contains("a"));
        assertTrue(log.contains("b") && log.contains("d"));
        assertTrue(log.record("a"), "a was forgotten, so it is new again");
    }

    @Test
    void idsExpireAfterTheRetention() {
        SettableClock clock = new SettableClock(Instant.parse("2024-05-16T10:00:00Z"));
        DeliveryLog log = new DeliveryLog(100, Duration.ofHours(1), clock);
        log.record("old");
        clock.advance(Duration.ofMinutes(45));
        log.record("newer");
        clock.advance(Duration.ofMinutes(20));
        assertFalse(log.contains("old"));
        assertTrue(log.contains("newer"));
        assertEquals(1, log.size());
    }

    @Test
    void longIdsAreKeptAsDigests() {
        DeliveryLog log = new DeliveryLog();
        String huge = "x".repeat(100_000);
        assertTrue(log.record(huge));
        assertFalse(log.record(huge));
        assertTrue(log.record(huge + "y"));
    }

    @Test
    void badSettingsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new DeliveryLog(0, Duration.ofDays(1), Clock.systemUTC()));
        assertThrows(IllegalArgumentException.class, () -> new DeliveryLog(10, Duration.ZERO, Clock.systemUTC()));
        assertThrows(IllegalArgumentException.class, () -> new DeliveryLog(10, Duration.ofSeconds(-1), Clock.systemUTC()));
        assertThrows(IllegalArgumentException.class, () -> new DeliveryLog(10, null, Clock.systemUTC()));
    }

    @Test
    void concurrentDeliveriesOfOneIdAreRecordedOnce() throws Exception {
        DeliveryLog log = new DeliveryLog();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            CountDownLatch start = new CountDownLatch(1);
            AtomicInteger firsts = new AtomicInteger();
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < 2_000; i++) {
                        if (log.record("github:" + i)) {
                            firsts.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : futures) {
                future.get(30, TimeUnit.SECONDS);
            }
            assertEquals(2_000, firsts.get());
        } finally {
            pool.shutdownNow();
        }
    }

    /** A journal held in memory, kept as the contract says: key → time recorded. */
    static class MemoryJournal implements DeliveryLog.Journal {
        final java.util.Map<String, Instant> recorded = new java.util.LinkedHashMap<>();
        final List<Instant> oldestAsked = new ArrayList<>();

        @Override
        public synchronized java.util.Set<String> record(List<String> keys, Instant at, Instant oldest) {
            oldestAsked.add(oldest);
            java.util.Set<String> known = seen(keys, oldest);
            for (String key : keys) {
                if (!known.contains(key)) {
                    recorded.put(key, at);
                }
            }
            return known;
        }

        @Override
        public synchronized java.util.Set<String> seen(List<String> keys, Instant oldest) {
            java.util.Set<String> known = new java.util.LinkedHashSet<>();
            for (String key : keys) {
                Instant at = recorded.get(key);
                if (at != null && !at.isBefore(oldest)) {
                    known.add(key);
                }
            }
            return known;
        }
    }

    @Test
    void aJournalRemembersDeliveriesAcrossARestart() {
        SettableClock clock = new SettableClock(Instant.parse("2024-05-16T10:00:00Z"));
        MemoryJournal journal = new MemoryJournal();
        DeliveryLog before = new DeliveryLog(100, Duration.ofHours(1), clock, journal);
        assertEquals(java.util.Set.of(), before.recordAll(List.of("github:id:1", "github:body:aa")));
        assertEquals(List.of("github:id:1", "github:body:aa"), List.copyOf(journal.recorded.keySet()));
        assertEquals(List.of(clock.instant().minus(Duration.ofHours(1))), journal.oldestAsked);

        DeliveryLog restarted = new DeliveryLog(100, Duration.ofHours(1), clock, journal);
        assertEquals(java.util.Set.of("github:id:1"), restarted.seen(List.of("github:id:1", "github:id:2")));
        assertTrue(restarted.contains("github:body:aa"));
        assertEquals(java.util.Set.of("github:body:aa"), restarted.recordAll(List.of("github:id:3", "github:body:aa")),
                "the journal answers for what this process never saw");
        assertTrue(restarted.contains("github:id:3"));

        clock.advance(Duration.ofMinutes(61));
        DeliveryLog later = new DeliveryLog(100, Duration.ofHours(1), clock, journal);
        assertFalse(later.contains("github:id:1"), "expired in the journal too");
        assertTrue(later.record("github:id:1"));
    }

    @Test
    void keysUpToTwoHundredCharactersAreKeptAsTheyAreAndLongerOnesAsDigests() {
        MemoryJournal journal = new MemoryJournal();
        DeliveryLog log = new DeliveryLog(100, Duration.ofHours(1), new SettableClock(Instant.parse("2024-05-16T10:00:00Z")), journal);
        String exact = "k".repeat(200);
        String longer = "k".repeat(201);
        log.recordAll(List.of("short", exact, longer));
        List<String> kept = List.copyOf(journal.recorded.keySet());
        assertEquals("short", kept.get(0));
        assertEquals(exact, kept.get(1));
        assertTrue(kept.get(2).matches("sha256:[0-9a-f]{64}"), kept.get(2));
        assertEquals(java.util.Set.of(longer, exact), log.seen(List.of(longer, exact, "k")));
    }

    @Test
    void theDefaultLogKeepsKeysThreeDays() {
        MemoryJournal journal = new MemoryJournal();
        DeliveryLog log = new DeliveryLog(journal);
        log.record("gitlab:id:x");
        assertEquals(Duration.ofDays(3), log.retention());
        Instant at = journal.recorded.get("gitlab:id:x");
        assertEquals(at.minus(Duration.ofDays(3)), journal.oldestAsked.get(0));
        assertEquals(DeliveryLog.DEFAULT_CAPACITY, log.capacity());
        assertEquals("DeliveryLog[capacity 10000, retention PT72H, " + journal + "]", log.toString());
        assertEquals("DeliveryLog[capacity 10000, retention PT72H]", new DeliveryLog().toString());
    }

    @Test
    void anExpiredKeyIsNewAgainWhenRecordedAndNoLongerCounted() {
        SettableClock clock = new SettableClock(Instant.parse("2024-05-16T10:00:00Z"));
        DeliveryLog log = new DeliveryLog(100, Duration.ofHours(1), clock);
        assertTrue(log.record("a"));
        assertTrue(log.record("b"));
        clock.advance(Duration.ofMinutes(60));
        assertTrue(log.record("a"), "expired after the retention, so new again");
        assertEquals(1, log.size(), "b expired too");
        clock.advance(Duration.ofMinutes(59));
        assertFalse(log.record("a"));
        clock.advance(Duration.ofMinutes(1));
        assertEquals(0, log.size(), "a key is kept for less than the retention, not longer");
    }

    @Test
    void aLogOfOneKeyForgetsTheFirstForTheSecond() {
        DeliveryLog log = new DeliveryLog(1, Duration.ofDays(1), new SettableClock(Instant.parse("2024-05-16T10:00:00Z")));
        assertTrue(log.record("a"));
        assertFalse(log.record("a"));
        assertTrue(log.record("b"));
        assertTrue(log.record("a"));
    }
}
