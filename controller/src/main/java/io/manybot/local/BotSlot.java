package io.manybot.local;

import io.manybot.core.cycle.CycleOutcome;
import io.manybot.core.cycle.Reflection;
import io.manybot.core.declaration.Bot;
import java.time.Duration;
import java.time.Instant;

/**
 * The scheduling state of one bot in the local home: when its next cycle is due, why, how long it
 * sleeps (adaptive: short after work, doubling while idle), and its circuit breaker.
 * Touched only by the controller's loop thread.
 */
final class BotSlot {
    static final int BREAKER_THRESHOLD = 3;
    static final Duration FIRST_BACKOFF = Duration.ofSeconds(5);
    static final Duration BREAKER_OPEN = Duration.ofMinutes(10);

    final String name;
    Bot bot;
    boolean running;
    boolean paused;
    String pendingTrigger;
    Instant nextDue;
    Duration sleep;
    int consecutiveFailures;
    Instant circuitOpenUntil;
    int cyclesCounted;
    String lastSeenCommit;
    String lastCycleId;
    Instant lastCycleAt;
    Reflection lastReflection;
    /** The phase of the running cycle, set by the worker, read by the loop. */
    volatile String phase;
    io.manybot.core.goal.GoalEvaluation lastEvaluation;
    Instant createdAt;

    BotSlot(Bot bot) {
        this.name = bot.name();
        this.bot = bot;
        this.sleep = bot.schedule().minSleep();
    }

    boolean circuitOpen(Instant now) {
        return circuitOpenUntil != null && now.isBefore(circuitOpenUntil);
    }

    boolean continuous() {
        return bot.mode() == Bot.Mode.CONTINUOUS || bot.mode() == Bot.Mode.BOTH;
    }

    boolean triggered() {
        return bot.mode() == Bot.Mode.TRIGGERED || bot.mode() == Bot.Mode.BOTH;
    }

    /** Whether a cycle should start now (outside {@code --cycles} runs). */
    boolean due(Instant now) {
        if (running || paused || bot.suspend() || circuitOpen(now)) {
            return false;
        }
        return pendingTrigger != null || (continuous() && nextDue != null && !now.isBefore(nextDue));
    }

    void trigger(String reason) {
        if (pendingTrigger == null) {
            pendingTrigger = reason;
        }
    }

    /** Takes the reason for the cycle about to start. */
    String start() {
        String reason = pendingTrigger != null ? pendingTrigger : "schedule";
        pendingTrigger = null;
        running = true;
        return reason;
    }

    /** Updates sleep, backoff and breaker after a cycle; returns true when it counts toward --cycles. */
    boolean finished(CycleOutcome outcome, Instant now) {
        running = false;
        lastCycleAt = now;
        if (outcome == CycleOutcome.SUPERSEDED) {
            trigger("re-plan: the target branch moved");
            return false;
        }
        if (outcome != null && outcome.failure()) {
            consecutiveFailures++;
            long factor = 1L << Math.min(10, consecutiveFailures - 1);
            Duration backoff = FIRST_BACKOFF.multipliedBy(factor);
            nextDue = now.plus(backoff.compareTo(bot.schedule().maxSleep()) > 0 ? bot.schedule().maxSleep() : backoff);
            if (consecutiveFailures >= BREAKER_THRESHOLD) {
                circuitOpenUntil = now.plus(BREAKER_OPEN);
            }
            return true;
        }
        consecutiveFailures = 0;
        circuitOpenUntil = null;
        Bot.Schedule schedule = bot.schedule();
        if (outcome != null && outcome.productive() || !schedule.adaptive()) {
            sleep = schedule.minSleep();
        } else {
            Duration doubled = sleep.multipliedBy(2);
            sleep = doubled.compareTo(schedule.maxSleep()) > 0 ? schedule.maxSleep() : doubled;
        }
        nextDue = now.plus(sleep);
        return true;
    }

    /** The phase column of `manybot status` while idle. */
    String idlePhase(Instant now) {
        if (paused || bot.suspend()) {
            return "Paused";
        }
        if (circuitOpen(now)) {
            return "CircuitOpen";
        }
        return running ? "Running" : "Idle";
    }
}
