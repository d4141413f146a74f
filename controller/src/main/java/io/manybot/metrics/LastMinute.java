package io.manybot.metrics;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * How many things happened in the last 60 seconds (for a per-minute gauge, such as cycles started):
 * the instants of the last minute, older ones dropped as they age out. Thread-safe.
 */
public final class LastMinute {
    private final Deque<Instant> recent = new ArrayDeque<>();
    private final Clock clock;

    public LastMinute(Clock clock) {
        this.clock = clock;
    }

    /** Something happened at {@code at} (null: now). */
    public synchronized void record(Instant at) {
        recent.addLast(at == null ? clock.instant() : at);
    }

    /** How many of the recorded instants are within the last 60 seconds. */
    public synchronized double count() {
        Instant since = clock.instant().minusSeconds(60);
        while (!recent.isEmpty() && recent.peekFirst().isBefore(since)) {
            recent.removeFirst();
        }
        return recent.stream().filter(at -> !at.isBefore(since)).count();
    }
}
