package io.manybot.local.state;

import java.time.Instant;

/**
 * What the local controller knows about one bot, as {@code manybot status} shows it.
 *
 * @param mode continuous, triggered or both (lower case)
 * @param paused set by {@code manybot pause} / {@code resume} ({@link StateStore#requestControl}); saving a
 *     bot never changes it for a bot already stored
 * @param phase what the bot is doing now (e.g. "Idle", "Sense", "Execute"), or null
 * @param progress the goal's progress 0–100 at the last evaluation, or null when unknown
 * @param atRisk whether the goal was at risk at the last evaluation, or null when unknown
 * @param createdAt when the bot was first stored; kept when the bot is saved again
 * @param circuitOpenUntil the circuit breaker is open until then (no cycles), or null
 * @param message a short note for people (the last error, why it waits), or null
 */
public record BotState(
        String name,
        String mode,
        String goal,
        boolean paused,
        String phase,
        Double progress,
        Boolean atRisk,
        String lastCycleId,
        Instant lastCycleAt,
        Instant createdAt,
        int consecutiveFailures,
        Instant circuitOpenUntil,
        Instant nextCycleAt,
        String lastSeenCommit,
        String message) {

    /** A bot seen for the first time. */
    public static BotState created(String name, String mode, String goal, Instant now) {
        return new BotState(name, mode, goal, false, "Idle", null, null, null, null, now, 0, null, null, null, null);
    }

    /** Whether the circuit breaker keeps the bot from running at {@code now}. */
    public boolean circuitOpen(Instant now) {
        return circuitOpenUntil != null && circuitOpenUntil.isAfter(now);
    }
}
