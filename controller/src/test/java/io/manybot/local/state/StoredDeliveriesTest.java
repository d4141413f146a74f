package io.manybot.local.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.manybot.core.event.DeliveryLog;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The webhook delivery log kept in the state's SQLite file: shared by processes, outliving them, expiring. */
class StoredDeliveriesTest {
    @TempDir
    Path state;

    @Test
    void aKeyRecordedByOneProcessIsADuplicateForAnotherAndAfterARestart() throws Exception {
        try (StateStore first = StateStore.open(state); StateStore second = StateStore.open(state)) {
            DeliveryLog a = new DeliveryLog(new StoredDeliveries(first));
            DeliveryLog b = new DeliveryLog(new StoredDeliveries(second));
            assertEquals(Set.of(), a.recordAll(List.of("github:id:1", "github:body:aa")));
            assertTrue(b.contains("github:id:1"));
            assertEquals(Set.of("github:body:aa"), b.seen(List.of("github:id:2", "github:body:aa")));
            assertEquals(Set.of("github:body:aa"), b.recordAll(List.of("github:id:2", "github:body:aa")));
            assertTrue(a.contains("github:id:2"), "the new id was recorded with the replayed body");
        }
        try (StateStore reopened = StateStore.open(state)) {
            DeliveryLog restarted = new DeliveryLog(new StoredDeliveries(reopened));
            assertFalse(restarted.record("github:id:1"));
            assertTrue(restarted.record("github:id:3"));
        }
    }

    @Test
    void keysOlderThanTheRetentionAreForgotten() throws Exception {
        Instant start = Instant.parse("2026-12-01T10:00:00Z");
        try (StateStore store = StateStore.open(state)) {
            DeliveryLog then = new DeliveryLog(100, Duration.ofHours(1), Clock.fixed(start, ZoneOffset.UTC), new StoredDeliveries(store));
            assertTrue(then.record("github:id:old"));
            DeliveryLog later = new DeliveryLog(100, Duration.ofHours(1), Clock.fixed(start.plus(Duration.ofMinutes(61)), ZoneOffset.UTC),
                    new StoredDeliveries(store));
            assertFalse(later.contains("github:id:old"));
            assertTrue(later.record("github:id:old"), "expired, so new again");
        }
    }

    @Test
    void ofConcurrentRecordsOfOneKeyInTwoProcessesExactlyOneWins() throws Exception {
        try (StateStore first = StateStore.open(state); StateStore second = StateStore.open(state)) {
            List<DeliveryLog> logs = List.of(new DeliveryLog(new StoredDeliveries(first)), new DeliveryLog(new StoredDeliveries(second)));
            ExecutorService threads = Executors.newFixedThreadPool(4);
            try {
                for (int key = 0; key < 20; key++) {
                    String k = "github:body:" + key;
                    List<Future<Boolean>> results = new ArrayList<>();
                    for (int t = 0; t < 4; t++) {
                        DeliveryLog log = logs.get(t % 2);
                        results.add(threads.submit(() -> log.record(k)));
                    }
                    int wins = 0;
                    for (Future<Boolean> result : results) {
                        wins += result.get() ? 1 : 0;
                    }
                    assertEquals(1, wins, k);
                }
            } finally {
                threads.shutdown();
            }
        }
    }
}
