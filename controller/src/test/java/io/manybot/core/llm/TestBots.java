package io.manybot.core.llm;

import io.manybot.core.agents.BotAgentsFactory;
import io.manybot.core.cycle.Task;
import io.manybot.core.declaration.Bot;
import io.manybot.core.declaration.Goal;
import io.manybot.core.executor.ExecutionRequest;
import io.manybot.core.process.ProcessRunner;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Declarations, requests and the production test-command runner for the llm tests. */
final class TestBots {
    private TestBots() {}

    static Bot.Model openAiModel(String apiKeyEnv) {
        return new Bot.Model("openai", "gpt-4o-mini", null, apiKeyEnv, null, 0.0, 1000);
    }

    static Bot bot(List<String> testCommand, int toolIterations, Long tokensPerCycle) {
        Bot.Executor executor = new Bot.Executor(Bot.ExecutorType.LLM, List.of(), false, Map.of(), Duration.ofMinutes(5),
                openAiModel("MANYBOT_TEST_KEY"));
        Bot.TestCommand tests = testCommand == null ? null : new Bot.TestCommand(testCommand, Duration.ofSeconds(30));
        Bot.Limits limits = new Bot.Limits(3, 20, Duration.ofMinutes(30), toolIterations, tokensPerCycle);
        return new Bot("calc-bot", "calc-correct", List.of("calc/"), new Bot.Repository(null, "main", null), Bot.Mode.CONTINUOUS,
                Bot.Schedule.DEFAULT, executor, tests, limits, List.of(), false, false, true, null);
    }

    static Goal goal() {
        return new Goal("calc-correct", "The calculator adds correctly", "Users rely on it", Goal.TimeHorizon.WEEKLY,
                Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-12-31T00:00:00Z"), null, 0.9, List.of());
    }

    static Task task() {
        return new Task("t1", Task.Kind.WORK, "Fix add() in calc.py", "add() subtracts", Task.State.IN_PROGRESS, null);
    }

    static ExecutionRequest request(Bot bot, Path checkout, Duration timeout) {
        return new ExecutionRequest(bot, goal(), null, task(), checkout, "correctness first", timeout);
    }

    /** Runs the tools' test commands as the controller does: the production ProcessRunner, restricted environment, output cap. */
    static final TestCommandRunner RUNNER = BotAgentsFactory.testCommands(new ProcessRunner(), Map.of());
}
