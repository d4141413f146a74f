package io.manybot.core.cycle;

import io.manybot.core.declaration.Bot;
import io.manybot.core.declaration.Goal;
import io.manybot.core.landing.Publisher;
import io.manybot.core.workspace.SourceRepository;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;

/**
 * One cycle to run.
 *
 * @param checkout where the isolated checkout goes (must not exist yet)
 * @param lastSeenCommit the commit the bot's previous cycle started from, or null on its first
 * @param focus the directives' focus for the bot, or null
 * @param previous the previous cycle's reflection, or null
 * @param stopRequested true once shutdown asks cycles to stop at the next phase boundary
 * @param publisher makes a landing on {@code source} count where the team works: pushes it when {@code source} is a
 *     mirror of a remote; {@link Publisher#NONE} when {@code source} is the repository of record
 */
public record CycleRequest(
        String cycleId,
        Bot bot,
        Goal goal,
        String trigger,
        SourceRepository source,
        Path checkout,
        BotAgents agents,
        String lastSeenCommit,
        String focus,
        Reflection previous,
        String directivesVersion,
        BooleanSupplier stopRequested,
        Publisher publisher) {

    public CycleRequest {
        publisher = publisher == null ? Publisher.NONE : publisher;
    }

    /** A cycle on the repository of record: its landings need no publishing. */
    public CycleRequest(String cycleId, Bot bot, Goal goal, String trigger, SourceRepository source, Path checkout, BotAgents agents,
            String lastSeenCommit, String focus, Reflection previous, String directivesVersion, BooleanSupplier stopRequested) {
        this(cycleId, bot, goal, trigger, source, checkout, agents, lastSeenCommit, focus, previous, directivesVersion, stopRequested,
                Publisher.NONE);
    }
}
