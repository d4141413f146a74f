package io.manybot.core.executor;

import io.manybot.core.cycle.ExecutedStep;
import io.manybot.core.cycle.TokenUsage;
import java.util.List;

/** What an executor did for one task, and the tokens its model provider reported for it. */
public record ExecutionResult(boolean succeeded, List<ExecutedStep> steps, String summary, TokenUsage tokens) {

    public ExecutionResult {
        steps = List.copyOf(steps);
        tokens = tokens == null ? TokenUsage.NONE : tokens;
    }

    public ExecutionResult(boolean succeeded, List<ExecutedStep> steps, String summary) {
        this(succeeded, steps, summary, TokenUsage.NONE);
    }
}
