package io.manybot.core.executor;

import io.manybot.core.cycle.ExecutedStep;
import java.util.List;

/** What an executor did for one task. */
public record ExecutionResult(boolean succeeded, List<ExecutedStep> steps, String summary) {

    public ExecutionResult {
        steps = List.copyOf(steps);
    }
}
