package io.manybot.core.executor.cli;

import io.manybot.core.cycle.TokenUsage;

/**
 * Counts the tokens a CLI's run has used so far from its output, one line at a time as it arrives, so that
 * {@code limits.tokensPerCycle} can stop the run as soon as the CLI reports passing it. One meter per run.
 */
public interface UsageMeter {
    /** Reads one line of the CLI's output; the run's usage so far. */
    TokenUsage line(String line);

    /**
     * For a CLI whose every usage report is one self-contained line adding to the run's total (Codex's
     * {@code turn.completed}, OpenCode's {@code step_finish}, Aider's "Tokens:" lines): the sum of what
     * {@link AgentCli#parse} reads from each line alone.
     */
    static UsageMeter additive(AgentCli cli) {
        return new UsageMeter() {
            private TokenUsage total = TokenUsage.NONE;

            @Override
            public TokenUsage line(String line) {
                if (line.isBlank()) {
                    return total;
                }
                total = total.plus(cli.parse(null, line).tokens());
                return total;
            }
        };
    }
}
