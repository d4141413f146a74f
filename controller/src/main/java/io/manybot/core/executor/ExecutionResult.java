package io.manybot.core.executor;

import io.manybot.core.cycle.ExecutedStep;
import io.manybot.core.cycle.TokenUsage;
import java.util.List;

/**
 * What an executor did for one task, and the tokens its model provider reported for it.
 *
 * @param endsCycle when not null, the cycle must end here, FAILED with this reason, and nothing of it lands (the
 *     cycle's token limit was passed)
 */
public record ExecutionResult(boolean succeeded, List<ExecutedStep> steps, String summary, TokenUsage tokens, String endsCycle) {

    public ExecutionResult {
        steps = List.copyOf(steps);
        tokens = tokens == null ? TokenUsage.NONE : tokens;
    }

    public ExecutionResult(boolean succeeded, List<ExecutedStep> steps, String summary, TokenUsage tokens) {
        this(succeeded, steps, summary, tokens, null);
    }

    public ExecutionResult(boolean succeeded, List<ExecutedStep> steps, String summary) {
        this(succeeded, steps, summary, TokenUsage.NONE);
    }
}
