package io.manybot.metrics;

import io.manybot.testing.SettableClock;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The per-minute window of the activations gauges, on a clock the test moves (no wall clock). */
class LastMinuteTest {
    static final Instant START = Instant.parse("2026-11-24T12:00:00Z");

    @Test
    void countsWhatHappenedInTheLast60SecondsAndForgetsWhatAgedOut() {
        SettableClock clock = new SettableClock(START);
        LastMinute window = new LastMinute(clock);
        assertEquals(0.0, window.count());
        window.record(null);
        clock.advance(Duration.ofSeconds(30));
        window.record(null);
        window.record(START.plusSeconds(10));
        assertEquals(3.0, window.count());
        clock.advance(Duration.ofSeconds(30)); // the first is exactly 60 s old: still in the window
        assertEquals(3.0, window.count());
        clock.advance(Duration.ofMillis(1));
        assertEquals(2.0, window.count(), "60 s and a millisecond old: gone");
        clock.advance(Duration.ofSeconds(10));
        assertEquals(1.0, window.count());
        clock.advance(Duration.ofSeconds(20));
        assertEquals(0.0, window.count());
        window.record(START.minusSeconds(1));
        assertEquals(0.0, window.count(), "an instant recorded late but older than the window does not count");
    }
}
