package io.manybot.core.agents;

import io.manybot.core.cycle.BotAgents;
import io.manybot.core.cycle.FactualPlanner;
import io.manybot.core.cycle.FactualReflector;
import io.manybot.core.declaration.Bot;
import io.manybot.core.executor.CommandExecutor;
import io.manybot.core.llm.LlmAgents;
import io.manybot.core.llm.TestCommandRunner;
import io.manybot.core.process.ProcessSpec;
import io.manybot.core.process.ProcessRunner;
import io.manybot.core.secret.SecretRedactor;
import java.util.Map;

/**
 * Who plans, acts and reflects for a bot: command bots get the factual planner and reflector and
 * the command executor; LLM bots get a model from their provider configuration (the API key from an
 * environment variable or file, registered with the redactor so it never reaches logs or state).
 */
public final class BotAgentsFactory {
    private final ProcessRunner processes;
    private final Map<String, String> environment;
    private final Map<String, String> processEnvironment;
    private final SecretRedactor redactor;

    public BotAgentsFactory(ProcessRunner processes, Map<String, String> environment, Map<String, String> processEnvironment, SecretRedactor redactor) {
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

    public BotAgents forBot(Bot bot) {
        return switch (bot.executor().type()) {
            case COMMAND -> new BotAgents(new FactualPlanner(), new CommandExecutor(processes), new FactualReflector());
            case LLM -> LlmAgents.forBot(bot, processEnvironment, testCommands(processes, environment), redactor);
            default -> throw new IllegalArgumentException("executor type " + bot.executor().type().name().toLowerCase(java.util.Locale.ROOT)
                    + " is not available yet in this build (command and llm are)");
        };
    }
}
