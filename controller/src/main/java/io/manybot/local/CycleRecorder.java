package io.manybot.local;

import io.manybot.core.cycle.CycleListener;
import io.manybot.core.cycle.CyclePhase;
import io.manybot.core.cycle.WorkCycle;
import io.manybot.core.secret.SecretRedactor;
import io.manybot.local.state.StateStore;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/**
 * Persists a cycle at every phase boundary (so a crash loses nothing that happened before it),
 * keeps its events in the state store, and shows live progress in the terminal.
 */
final class CycleRecorder implements CycleListener {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);
    private final StateStore store;
    private final PrintWriter out;
    private final Clock clock;
    private final SecretRedactor redactor;
    private final Map<String, BotSlot> slots;

    CycleRecorder(StateStore store, PrintWriter out, Clock clock, SecretRedactor redactor, Map<String, BotSlot> slots) {
        this.store = store;
        this.out = out;
        this.clock = clock;
        this.redactor = redactor;
        this.slots = slots;
    }

    @Override
    public void phase(WorkCycle cycle) {
        BotSlot slot = slots.get(cycle.bot());
        if (slot != null) {
            slot.phase = cycle.phase() == CyclePhase.DONE ? null : cycle.phase().name();
        }
        synchronized (store) {
            store.saveCycle(cycle);
            // phase changes as events, in order: followed by the HTTP API's event stream, audit log and metrics
            store.event(cycle.bot(), cycle.id(), "info", "phase " + cycle.phase().name()
                    + (cycle.phase() == CyclePhase.DONE && cycle.outcome() != null ? " " + cycle.outcome().name() : ""));
            if (cycle.phase() == CyclePhase.DONE) {
                store.recordMeasurements(cycle.measurementsBefore());
                store.recordMeasurements(cycle.measurementsAfter());
            }
        }
        String line = cycle.phase() == CyclePhase.DONE ? "done: " + cycle.outcome() + (cycle.error() == null ? "" : " — " + cycle.error())
                : cycle.phase().name().toLowerCase(java.util.Locale.ROOT);
        print(cycle, line);
    }

    @Override
    public void event(WorkCycle cycle, String level, String message) {
        String safe = redactor.redact(message);
        synchronized (store) {
            store.event(cycle.bot(), cycle.id(), level, safe);
        }
        print(cycle, "  " + safe.replace("\n", "\n" + " ".repeat(8 + 14 + 2)));
    }

    /** An event outside any cycle (declaration problems, control requests). */
    void event(String bot, String level, String message) {
        String safe = redactor.redact(message);
        synchronized (store) {
            store.event(bot, null, level, safe);
        }
        synchronized (out) {
            out.printf("%s  %-12s  %s%n", TIME.format(clock.instant()), bot == null ? "manybot" : bot, safe);
        }
    }

    private void print(WorkCycle cycle, String text) {
        synchronized (out) {
            out.printf("%s  %-12s  %s%n", TIME.format(clock.instant()), cycle.bot(), text);
        }
    }
}
