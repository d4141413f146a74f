package io.manybot.core.cycle;

import io.manybot.core.declaration.Bot;
import io.manybot.core.declaration.Goal;
import io.manybot.core.goal.GoalEvaluation;
import java.util.List;
import java.util.function.Supplier;

/**
 * What a judge sees: the bot, its goal before and after the change (measured in the changed checkout), the tasks and what
 * came of them, the tests, the paths to land and to propose, and the diff (computed when asked).
 *
 * @param tests the test run, or null when the bot declares no tests
 * @param ownershipProposals the proposed paths that are ownership files or declarations (the home's declarations directory
 *     among them), which bots change only through review
 */
public record JudgeInput(Bot bot, Goal goal, List<Task> tasks, GoalEvaluation before, GoalEvaluation after, TestRun tests,
        List<String> writes, List<String> proposals, List<String> ownershipProposals, Supplier<String> diff) {

    public JudgeInput {
        tasks = List.copyOf(tasks);
        writes = List.copyOf(writes);
        proposals = List.copyOf(proposals);
        ownershipProposals = List.copyOf(ownershipProposals);
    }

    /** With the ownership files of the default declarations directory ({@code .manybot/}). */
    public JudgeInput(Bot bot, Goal goal, List<Task> tasks, GoalEvaluation before, GoalEvaluation after, TestRun tests,
            List<String> writes, List<String> proposals, Supplier<String> diff) {
        this(bot, goal, tasks, before, after, tests, writes, proposals,
                proposals.stream().filter(io.manybot.core.ownership.OwnershipIndex::isOwnershipFile).toList(), diff);
    }
}
