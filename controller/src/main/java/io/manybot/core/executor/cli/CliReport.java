package io.manybot.core.executor.cli;

import io.manybot.core.cycle.ExecutedStep;
import io.manybot.core.cycle.TokenUsage;
import java.util.List;
import java.util.Set;

/**
 * What a CLI's structured output said.
 *
 * @param steps tool calls (kind {@code tool}) in the order made
 * @param filesTouched paths the agent's edit tools named (as it gave them)
 * @param finalMessage the agent's last message, or null
 * @param tokens the usage it reported
 * @param error the error it reported (an API error, a turn limit), or null
 */
public record CliReport(List<ExecutedStep> steps, Set<String> filesTouched, String finalMessage, TokenUsage tokens, String error) {
    public CliReport {
        steps = List.copyOf(steps);
        filesTouched = Set.copyOf(filesTouched);
        tokens = tokens == null ? TokenUsage.NONE : tokens;
    }
}
