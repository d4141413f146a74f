package io.manybot.core.schedule;

import io.manybot.core.cycle.CycleOutcome;
import io.manybot.core.declaration.Bot;
import java.time.Duration;
import java.time.Instant;

/**
 * When a bot's next cycle is due after one ends, in both homes: adaptive sleep (the minimum after
 * work, doubling while idle, up to the maximum), backoff after failures (5 s, doubling, capped at the
 * maximum sleep) and the circuit breaker (open for 10 minutes after 3 failures in a row). A superseded
 * cycle (someone else's commit won the race) asks for a new one at once.
 */
public final class CycleSchedule {
    public static final int BREAKER_THRESHOLD = 3;
    public static final Duration FIRST_BACKOFF = Duration.ofSeconds(5);
    public static final Duration BREAKER_OPEN = Duration.ofMinutes(10);

    private CycleSchedule() {}

    /**
     * Where a bot stands between cycles.
     *
     * @param sleep the current adaptive sleep
     * @param nextDue when a continuous bot's next cycle is due; null before the first
     * @param circuitOpenUntil null when the breaker is closed
     * @param replan true when the next cycle should start at once (the last was superseded)
     */
    public record State(Duration sleep, Instant nextDue, int consecutiveFailures, Instant circuitOpenUntil, boolean replan) {
        public static State initial(Bot bot) {
            return new State(bot.schedule().minSleep(), null, 0, null, false);
        }

        public boolean circuitOpen(Instant now) {
            return circuitOpenUntil != null && now.isBefore(circuitOpenUntil);
        }
    }

    /** The state after a cycle of {@code bot} ended with {@code outcome} at {@code now}. */
    public static State after(Bot bot, State state, CycleOutcome outcome, Instant now) {
        Bot.Schedule schedule = bot.schedule();
        if (outcome == CycleOutcome.SUPERSEDED) {
            return new State(state.sleep(), state.nextDue(), state.consecutiveFailures(), state.circuitOpenUntil(), true);
        }
        if (outcome != null && outcome.failure()) {
            int failures = state.consecutiveFailures() + 1;
            Duration backoff = FIRST_BACKOFF.multipliedBy(1L << Math.min(10, failures - 1));
            Instant next = now.plus(backoff.compareTo(schedule.maxSleep()) > 0 ? schedule.maxSleep() : backoff);
            Instant open = failures >= BREAKER_THRESHOLD ? now.plus(BREAKER_OPEN) : state.circuitOpenUntil();
            return new State(state.sleep(), next, failures, open, false);
        }
        Duration sleep;
        if (outcome != null && outcome.productive() || !schedule.adaptive()) {
            sleep = schedule.minSleep();
        } else {
            Duration doubled = state.sleep().multipliedBy(2);
            sleep = doubled.compareTo(schedule.maxSleep()) > 0 ? schedule.maxSleep() : doubled;
        }
        return new State(sleep, now.plus(sleep), 0, null, false);
    }

    public static boolean continuous(Bot bot) {
        return bot.mode() == Bot.Mode.CONTINUOUS || bot.mode() == Bot.Mode.BOTH;
    }

    public static boolean triggered(Bot bot) {
        return bot.mode() == Bot.Mode.TRIGGERED || bot.mode() == Bot.Mode.BOTH;
    }
}
