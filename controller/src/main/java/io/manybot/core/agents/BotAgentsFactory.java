package io.manybot.core.agents;

import io.manybot.core.cycle.BotAgents;
import io.manybot.core.cycle.FactualPlanner;
import io.manybot.core.cycle.FactualReflector;
import io.manybot.core.declaration.Bot;
import io.manybot.core.executor.CommandExecutor;
import io.manybot.core.executor.cli.AgentCli;
import io.manybot.core.executor.cli.AgentCliExecutor;
import io.manybot.core.executor.cli.Confinement;
import io.manybot.core.executor.cli.McpConfig;
import io.manybot.core.llm.LlmAgents;
import io.manybot.core.llm.TestCommandRunner;
import io.manybot.core.process.ProcessSpec;
import io.manybot.core.process.ProcessRunner;
import io.manybot.core.secret.BotSecrets;
import io.manybot.core.secret.SecretKeyRefs;
import io.manybot.core.secret.SecretRedactor;
import java.util.Map;

/**
 * Who plans, acts and reflects for a bot: command bots get the factual planner and reflector and
 * the command executor; LLM bots get a model from their provider configuration (the API key from an
 * environment variable or file, registered with the redactor so it never reaches logs or state); agent-CLI bots
 * (claude-code, codex, opencode, gemini, aider, goose) get the factual planner and reflector and their CLI, confined as the home says.
 */
public final class BotAgentsFactory {
    private final ProcessRunner processes;
    private final Map<String, String> environment;
    private final Map<String, String> processEnvironment;
    private final SecretRedactor redactor;
    private final java.util.function.Supplier<Confinement> confinement;

    public BotAgentsFactory(ProcessRunner processes, Map<String, String> environment, Map<String, String> processEnvironment, SecretRedactor redactor) {
        this(processes, environment, processEnvironment, redactor, Confinement.none("no confinement was set up for agent CLIs"));
    }

    /** @param confinement how agent CLIs are confined: bubblewrap in the local home, the runner pod in the cluster */
    public BotAgentsFactory(ProcessRunner processes, Map<String, String> environment, Map<String, String> processEnvironment, SecretRedactor redactor,
            Confinement confinement) {
        this(processes, environment, processEnvironment, redactor, () -> confinement);
    }

    /** @param confinement asked when the first agent-CLI bot's agents are made (finding it out may run a process) */
    public BotAgentsFactory(ProcessRunner processes, Map<String, String> environment, Map<String, String> processEnvironment, SecretRedactor redactor,
            java.util.function.Supplier<Confinement> confinement) {
        this.confinement = confinement;
        this.processes = processes;
        this.environment = environment;
        this.processEnvironment = processEnvironment;
        this.redactor = redactor;
    }

    /**
     * How an LLM bot's tools run its test command: through {@code processes} with the restricted
     * environment (plus {@code environment}) and the default output cap, as every command runs.
     */
    public static TestCommandRunner testCommands(ProcessRunner processes, Map<String, String> environment) {
        return (argv, checkout, timeout) -> processes.run(new ProcessSpec(argv, checkout, ProcessRunner.restrictedEnvironment(environment),
                timeout, ProcessSpec.DEFAULT_OUTPUT_LIMIT));
    }

    /** The bot's agents in the local home (its MCP servers' Secret references are refused: {@link SecretKeyRefs#LOCAL}). */
    public BotAgents forBot(Bot bot) {
        return forBot(bot, SecretKeyRefs.LOCAL);
    }

    /**
     * The bot's agents; its configured secrets ({@link BotSecrets}) are registered with the redactor first, and its MCP
     * servers' Secret references are read through {@code secrets} (the cluster home: the bot's namespace).
     */
    public BotAgents forBot(Bot bot, SecretKeyRefs secrets) {
        BotSecrets.register(bot, processEnvironment, redactor);
        BotAgents agents = agents(bot, secrets);
        return agents.judge() == io.manybot.core.cycle.Judge.TESTS_ONLY ? agents.withJudge(new io.manybot.core.team.KeyResultJudge()) : agents;
    }

    private BotAgents agents(Bot bot, SecretKeyRefs secrets) {
        return switch (bot.executor().type()) {
            case COMMAND -> new BotAgents(new FactualPlanner(), new CommandExecutor(processes), new FactualReflector());
            case LLM -> LlmAgents.forBot(bot, processEnvironment, secrets, testCommands(processes, environment), redactor);
            default -> {
                AgentCli cli = AgentCli.of(bot.executor().type());
                if (cli == null) {
                    throw new IllegalArgumentException("executor type " + bot.executor().type().name().toLowerCase(java.util.Locale.ROOT)
                            .replace('_', '-') + " is not available yet in this build");
                }
                McpConfig mcp = McpConfig.resolve(bot.mcpServers(), processEnvironment, secrets, redactor);
                yield new BotAgents(new FactualPlanner(), new AgentCliExecutor(cli, processes, processEnvironment, redactor, confinement.get(),
                        mcp, ProcessSpec.DEFAULT_OUTPUT_LIMIT), new FactualReflector());
            }
        };
    }
}
