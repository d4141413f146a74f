package io.manybot.core.agents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.manybot.core.cycle.BotAgents;
import io.manybot.core.cycle.FactualPlanner;
import io.manybot.core.cycle.FactualReflector;
import io.manybot.core.declaration.Bot;
import io.manybot.core.executor.CommandExecutor;
import io.manybot.core.llm.LlmPlanner;
import io.manybot.core.llm.LlmReflector;
import io.manybot.core.llm.LlmTaskExecutor;
import io.manybot.core.llm.TestCommandRunner;
import io.manybot.core.process.ProcessResult;
import io.manybot.core.process.ProcessRunner;
import io.manybot.core.process.ProcessSpec;
import io.manybot.core.secret.SecretException;
import io.manybot.core.secret.SecretRedactor;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who works for a bot: a command bot gets the factual planner and reflector and the command
 * executor; an llm bot gets the LLM planner, executor and reflector with its API key taken from the
 * process environment and registered with the redactor; the llm tools' test commands run through the
 * production {@link ProcessRunner} (restricted environment, output cap), real subprocesses.
 */
class BotAgentsFactoryTest {
    static final String KEY = "sk-" + "wiringtest0123456789abcdefABCDEF";

    @TempDir
    Path checkout;

    private final SecretRedactor redactor = new SecretRedactor();
    private final BotAgentsFactory factory = new BotAgentsFactory(new ProcessRunner(), Map.of("DECLARED", "yes"),
            Map.of("WIRING_TEST_KEY", KEY), redactor);

    static Bot bot(Bot.ExecutorType type, Bot.Model model) {
        Bot.Executor executor = new Bot.Executor(type, type == Bot.ExecutorType.COMMAND ? List.of("true") : List.of(), false, Map.of(),
                Duration.ofMinutes(5), model);
        return new Bot("wired", "some-goal", List.of("src/**"), new Bot.Repository(null, "main", null), Bot.Mode.TRIGGERED,
                Bot.Schedule.DEFAULT, executor, null, Bot.Limits.DEFAULT, List.of(), false, false, true, null);
    }

    @Test
    void aCommandBotGetsTheFactualAgentsAndTheCommandExecutor() {
        BotAgents agents = factory.forBot(bot(Bot.ExecutorType.COMMAND, null));
        assertInstanceOf(FactualPlanner.class, agents.planner());
        assertInstanceOf(CommandExecutor.class, agents.executor());
        assertInstanceOf(FactualReflector.class, agents.reflector());
    }

    @Test
    void anLlmBotGetsTheLlmAgentsWithItsKeyFromTheEnvironmentMaskedEverywhere() {
        BotAgents agents = factory.forBot(bot(Bot.ExecutorType.LLM,
                new Bot.Model("openai", "gpt-4o-mini", "http://127.0.0.1:9/v1", "WIRING_TEST_KEY", null, 0.0, 100)));
        assertInstanceOf(LlmPlanner.class, agents.planner());
        assertInstanceOf(LlmTaskExecutor.class, agents.executor());
        assertInstanceOf(LlmReflector.class, agents.reflector());
        assertFalse(redactor.redact("key " + KEY).contains(KEY), "the key is registered with the redactor");

        IllegalArgumentException noModel = assertThrows(IllegalArgumentException.class, () -> factory.forBot(bot(Bot.ExecutorType.LLM, null)));
        assertTrue(noModel.getMessage().contains("executor.model"), noModel.getMessage());
        SecretException noKey = assertThrows(SecretException.class, () -> factory.forBot(bot(Bot.ExecutorType.LLM,
                new Bot.Model("openai", "gpt-4o-mini", null, "NOT_SET_ANYWHERE_KEY", null, 0.0, 100))));
        assertTrue(noKey.getMessage().contains("NOT_SET_ANYWHERE_KEY"), noKey.getMessage());
    }

    @Test
    void theLlmToolsTestCommandsRunRestrictedAndCapped() throws Exception {
        TestCommandRunner tests = BotAgentsFactory.testCommands(new ProcessRunner(), Map.of("DECLARED", "yes"));
        ProcessResult environment = tests.run(List.of("sh", "-c", "env"), checkout, Duration.ofSeconds(60));
        assertEquals(0, environment.exitCode(), environment.output());
        List<String> names = environment.output().lines().map(line -> line.substring(0, line.indexOf('='))).toList();
        assertTrue(names.contains("DECLARED"), names.toString());
        for (String name : names) {
            assertTrue(name.equals("DECLARED") || name.equals("PWD") || name.equals("SHLVL") || name.equals("_")
                    || ProcessRunner.INHERITED_VARIABLES.contains(name), "only the restricted environment: " + name);
        }
        ProcessResult flood = tests.run(List.of("sh", "-c", "head -c " + (ProcessSpec.DEFAULT_OUTPUT_LIMIT * 2) + " /dev/zero | tr '\\0' x"),
                checkout, Duration.ofSeconds(60));
        assertTrue(flood.truncated(), "the output is capped");
        assertTrue(flood.output().length() <= ProcessSpec.DEFAULT_OUTPUT_LIMIT + 1024, "capped at the limit: " + flood.output().length());
    }
}
