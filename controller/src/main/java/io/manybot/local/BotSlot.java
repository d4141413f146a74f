package io.manybot.local;

import io.manybot.core.schedule.CycleSchedule;

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
    final String name;
    Bot bot;
    boolean running;
    boolean paused;
    String pendingTrigger;
    /** The pending trigger last logged as held by a pause in the directives (logged once, not every tick). */
    String heldTrigger;
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
        return CycleSchedule.continuous(bot);
    }

    boolean triggered() {
        return CycleSchedule.triggered(bot);
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
        heldTrigger = null;
        running = true;
        return reason;
    }

    /** Updates sleep, backoff and breaker after a cycle ({@link CycleSchedule}); returns true when it counts toward --cycles. */
    boolean finished(CycleOutcome outcome, Instant now) {
        running = false;
        lastCycleAt = now;
        CycleSchedule.State after = CycleSchedule.after(bot,
                new CycleSchedule.State(sleep, nextDue, consecutiveFailures, circuitOpenUntil, false), outcome, now);
        if (after.replan()) {
            trigger("re-plan: the target branch moved");
            return false;
        }
        sleep = after.sleep();
        nextDue = after.nextDue();
        consecutiveFailures = after.consecutiveFailures();
        circuitOpenUntil = after.circuitOpenUntil();
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
