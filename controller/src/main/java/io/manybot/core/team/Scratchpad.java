package io.manybot.core.team;

import java.time.Instant;

/**
 * A bot's working notes: rewritten as a whole by its reflector after every cycle (never appended to), and compressed to its
 * size budget when the rewrite is longer.
 *
 * @param compressed whether the rewrite was over budget and had to be compressed
 */
public record Scratchpad(String bot, String text, String cycleId, Instant rewrittenAt, boolean compressed) {

    public static Scratchpad empty(String bot) {
        return new Scratchpad(bot, "", null, null, false);
    }
}
