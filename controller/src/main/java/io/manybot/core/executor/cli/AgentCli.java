package io.manybot.core.executor.cli;

import io.manybot.core.declaration.Bot;

/**
 * One coding-agent CLI: how to invoke it non-interactively for a task, how to read what it printed,
 * and how to install it. One small class per CLI.
 */
public interface AgentCli {

    /** The executor type, as written in a Manybot ({@code claude-code}, {@code codex}, …). */
    String type();

    /** The executable looked up on the PATH when the executor does not name one in {@code command}. */
    String executable();

    /** The exact command that installs the pinned version this build is tested with. */
    String installCommand();

    /** The environment variable the CLI reads its API key from (the key never goes on the command line). */
    String apiKeyVariable();

    /** The variable for the key of this model's provider (a CLI speaking to several providers reads several). */
    default String apiKeyVariable(Bot.Model model) {
        return apiKeyVariable();
    }

    /** The model providers ({@code executor.model.provider}) this CLI talks to. */
    java.util.List<String> providers();

    /** The argv, environment and configuration files of one run. */
    CliInvocation invocation(CliRun run);

    /** Reads what the CLI printed (its structured output) into steps, the final message and token usage. */
    CliReport parse(String taskId, String output);

    /** A meter of this CLI's token usage during one run, read from its output as it arrives. */
    default UsageMeter meter() {
        return UsageMeter.additive(this);
    }

    /** The CLI for an executor type, or null when the type is not an agent CLI. */
    static AgentCli of(Bot.ExecutorType type) {
        return switch (type) {
            case CLAUDE_CODE -> new ClaudeCodeCli();
            case CODEX -> new CodexCli();
            case GEMINI -> new GeminiCli();
            case OPENCODE -> new OpenCodeCli();
            case AIDER -> new AiderCli();
            case GOOSE -> new GooseCli();
            default -> null;
        };
    }
}
