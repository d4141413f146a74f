package io.manybot.core.cycle;

import io.manybot.core.declaration.Bot;
import io.manybot.core.declaration.Goal;
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
        BooleanSupplier stopRequested) {}
