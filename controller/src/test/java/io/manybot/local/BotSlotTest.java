package io.manybot.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.manybot.core.cycle.CycleOutcome;
import io.manybot.core.declaration.Bot;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** When a continuous bot runs next: adaptive sleep, backoff after failures, the circuit breaker, re-planning. */
class BotSlotTest {
    private static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");

    private static BotSlot slot() {
        Bot bot = new Bot("b", "g", List.of(), new Bot.Repository(null, "main", null), Bot.Mode.CONTINUOUS,
                new Bot.Schedule(Duration.ofMinutes(1), Duration.ofMinutes(10), true),
                new Bot.Executor(Bot.ExecutorType.COMMAND, List.of("true"), false, Map.of(), null, null), null, Bot.Limits.DEFAULT,
                List.of(), false, false, true, null);
        return new BotSlot(bot);
    }

    @Test
    void idleCyclesDoubleTheSleepUpToTheMaximumAndWorkShortensIt() {
        BotSlot slot = slot();
        slot.start();
        slot.finished(CycleOutcome.NO_CHANGE, NOW);
        assertEquals(NOW.plus(Duration.ofMinutes(2)), slot.nextDue);
        for (int i = 0; i < 5; i++) {
            slot.finished(CycleOutcome.NO_CHANGE, NOW);
        }
        assertEquals(NOW.plus(Duration.ofMinutes(10)), slot.nextDue, "capped at maxSleep");
        slot.finished(CycleOutcome.LANDED, NOW);
        assertEquals(NOW.plus(Duration.ofMinutes(1)), slot.nextDue, "work brings the next cycle closer");
        assertFalse(slot.due(NOW));
        assertTrue(slot.due(NOW.plus(Duration.ofMinutes(1))));
    }

    @Test
    void failuresBackOffThenOpenTheCircuitUntilResumed() {
        BotSlot slot = slot();
        assertTrue(slot.finished(CycleOutcome.FAILED, NOW));
        assertEquals(NOW.plusSeconds(5), slot.nextDue);
        slot.finished(CycleOutcome.TIMED_OUT, NOW);
        assertEquals(NOW.plusSeconds(10), slot.nextDue);
        assertFalse(slot.circuitOpen(NOW));
        slot.finished(CycleOutcome.FAILED, NOW);
        assertTrue(slot.circuitOpen(NOW));
        assertEquals("CircuitOpen", slot.idlePhase(NOW));
        slot.trigger("manual");
        assertFalse(slot.due(NOW), "an open circuit holds even a trigger");
        assertFalse(slot.circuitOpen(NOW.plus(io.manybot.core.schedule.CycleSchedule.BREAKER_OPEN)));
        slot.finished(CycleOutcome.NO_CHANGE, NOW);
        assertNull(slot.circuitOpenUntil, "a good cycle closes the circuit");
    }

    @Test
    void aSupersededCycleIsReplannedAtOnceAndDoesNotCount() {
        BotSlot slot = slot();
        slot.start();
        assertFalse(slot.finished(CycleOutcome.SUPERSEDED, NOW));
        assertTrue(slot.due(NOW));
        assertTrue(slot.start().startsWith("re-plan"));
    }
}
