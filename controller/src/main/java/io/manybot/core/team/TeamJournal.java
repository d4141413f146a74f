package io.manybot.core.team;

import java.util.List;

/**
 * Where a home keeps what its {@link TeamBoard} holds, told of every change as it happens (the local home writes each to its
 * SQLite file). Called under the board's lock, in the order of the changes. The default does nothing.
 */
public interface TeamJournal {
    TeamJournal NONE = new TeamJournal() {};

    /** {@code task} now waits in {@code bot}'s queue (new, or replacing a less urgent one of its id). */
    default void queued(String bot, TeamTask task) {}

    /** {@code tasks} left {@code bot}'s queue for a cycle of {@code bot}: they are in flight until settled. */
    default void taken(String bot, List<TeamTask> tasks) {}

    /** The cycle of {@code bot} that took task {@code taskId} is over with it. */
    default void settled(String bot, String taskId) {}

    /** {@code handoff} reached its parent's inbox. */
    default void delivered(Handoff handoff) {}

    /** {@code bot}'s plan read (and took out of its inbox) the handoffs {@code read}. */
    default void drained(String bot, List<Handoff> read) {}

    default void rewritten(Scratchpad pad) {}

    /** A directives priority ({@code key}: the bot and the task's id) was queued once. */
    default void fed(String key) {}
}
