package io.manybot.core.event;

/**
 * One {@code @manybot <verb> [bot]} command found in a comment.
 *
 * @param bot the bot named (lower case), or null when none was
 * @param line the 1-based line of the comment it is on
 */
public record ChatCommand(Verb verb, String bot, int line) {

    public enum Verb {
        /** Run a cycle now. */
        TRIGGER,
        /** Stop starting cycles until resumed. */
        PAUSE,
        RESUME,
        /** Answer with the bot's status. */
        STATUS
    }

    @Override
    public String toString() {
        return "@manybot " + verb.name().toLowerCase(java.util.Locale.ROOT) + (bot == null ? "" : " " + bot);
    }
}
