package io.manybot.core.cycle;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * What a cycle told its listener (each phase it entered, each event with its level), and a clock the
 * test moves: one second per reading, plus any jump the test asks for.
 */
class CycleRecorder implements CycleListener {
    final List<CyclePhase> phases = new ArrayList<>();
    final List<String> events = new ArrayList<>();
    private final Consumer<WorkCycle> onPhase;

    CycleRecorder() {
        this(cycle -> {});
    }

    /** Also runs {@code onPhase} with the cycle as it enters each phase (to act at a chosen moment). */
    CycleRecorder(Consumer<WorkCycle> onPhase) {
        this.onPhase = onPhase;
    }

    @Override
    public void phase(WorkCycle cycle) {
        phases.add(cycle.phase());
        onPhase.accept(cycle);
    }

    @Override
    public void event(WorkCycle cycle, String level, String message) {
        events.add(level + ": " + message);
    }

    /** The events starting with {@code prefix} (level included, e.g. "warn: tests"). */
    List<String> events(String prefix) {
        return events.stream().filter(event -> event.startsWith(prefix)).toList();
    }

    /** A clock that advances one second each time it is read, and jumps when told. */
    static final class TickingClock extends Clock {
        private Instant now;

        TickingClock(Instant start) {
            this.now = start;
        }

        synchronized void jump(Duration by) {
            now = now.plus(by);
        }

        @Override
        public synchronized Instant instant() {
            now = now.plusSeconds(1);
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException("UTC only");
        }
    }
}
