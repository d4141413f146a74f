package io.manybot.local.state;

import java.time.Instant;

/**
 * One line of a bot's log.
 *
 * @param seq increases with every event (use it to follow the log)
 * @param bot the bot, or null for the controller itself
 * @param cycleId the cycle it belongs to, or null
 * @param level info, warn or error
 */
public record Event(long seq, Instant at, String bot, String cycleId, String level, String message) {}
