package io.manybot.core.executor;

import io.manybot.core.cycle.Task;
import io.manybot.core.declaration.Bot;
import io.manybot.core.declaration.Goal;
import io.manybot.core.goal.GoalEvaluation;
import java.nio.file.Path;
import java.time.Duration;

/**
 * One task for an executor.
 *
 * @param checkout the isolated checkout the executor may change (and nothing outside it)
 * @param focus the current focus from the directives and the last reflection, or null
 * @param timeout how long the task may take in all
 */
public record ExecutionRequest(Bot bot, Goal goal, GoalEvaluation evaluation, Task task, Path checkout, String focus, Duration timeout) {}
