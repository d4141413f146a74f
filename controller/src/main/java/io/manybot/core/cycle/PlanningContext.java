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
 */
public record PlanningContext(
        Bot bot, Goal goal, GoalEvaluation evaluation, List<MeasuredValue> measurements, List<Task> reviewTasks,
        Reflection previous, String focus, int maxTasks) {

    public PlanningContext {
        measurements = List.copyOf(measurements);
        reviewTasks = List.copyOf(reviewTasks);
    }
}
