package io.manybot.core.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
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

    /** A clock the test moves. */
    static final class MovingClock extends Clock {
        private Instant now = Instant.parse("2024-05-16T10:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneId getZone() {
            return ZoneId.of("UTC");
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

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
        MovingClock clock = new MovingClock();
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
}
