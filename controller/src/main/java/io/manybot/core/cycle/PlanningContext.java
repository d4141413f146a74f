package io.manybot.core.cycle;

import io.manybot.core.declaration.Bot;
import io.manybot.core.declaration.Goal;
import io.manybot.core.goal.GoalEvaluation;
import io.manybot.core.measure.MeasuredValue;
import java.util.List;

/**
 * What a planner sees.
 *
 * @param reviewTasks review tasks already found (external commits in owned paths)
 * @param previous the last cycle's reflection, or null
 * @param focus the directives' focus for this bot, or null
 * @param maxTasks at most this many work tasks
 * @param team what the bot's team brought it: its children's handoffs, the tasks queued for it, its scratchpad
 *     ({@link TeamBrief#NONE} for a bot that works alone)
 */
public record PlanningContext(
        Bot bot, Goal goal, GoalEvaluation evaluation, List<MeasuredValue> measurements, List<Task> reviewTasks,
        Reflection previous, String focus, int maxTasks, TeamBrief team) {

    public PlanningContext {
        measurements = List.copyOf(measurements);
        reviewTasks = List.copyOf(reviewTasks);
        team = team == null ? TeamBrief.NONE : team;
    }

    /** What a bot that works alone sees. */
    public PlanningContext(Bot bot, Goal goal, GoalEvaluation evaluation, List<MeasuredValue> measurements, List<Task> reviewTasks,
            Reflection previous, String focus, int maxTasks) {
        this(bot, goal, evaluation, measurements, reviewTasks, previous, focus, maxTasks, TeamBrief.NONE);
    }

    public PlanningContext withTeam(TeamBrief brief) {
        return new PlanningContext(bot, goal, evaluation, measurements, reviewTasks, previous, focus, maxTasks, brief);
    }

    public PlanningContext withMaxTasks(int max) {
        return new PlanningContext(bot, goal, evaluation, measurements, reviewTasks, previous, focus, max, team);
    }
}
