package io.manybot.core.llm;

import io.manybot.core.cycle.Task;
import io.manybot.core.declaration.Bot;
import io.manybot.core.declaration.Goal;
import io.manybot.core.executor.ExecutionRequest;
import io.manybot.core.process.ProcessResult;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Declarations, requests and a plain test-command runner for the llm tests. */
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

    /** Runs the real command with ProcessBuilder (PATH only in the environment), like the controller's runner. */
    static final TestCommandRunner PROCESS_BUILDER = (argv, checkout, timeout) -> {
        long started = System.nanoTime();
        ProcessBuilder builder = new ProcessBuilder(argv).directory(checkout.toFile()).redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            return new ProcessResult(-1, "", false, false, Duration.ofNanos(System.nanoTime() - started), e.getMessage());
        }
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        Thread reader = new Thread(() -> {
            try (InputStream in = process.getInputStream()) {
                in.transferTo(output);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        reader.start();
        try {
            boolean ended = process.waitFor(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS);
            if (!ended) {
                process.destroyForcibly().waitFor();
            }
            reader.join(5000);
            String text = output.toString(StandardCharsets.UTF_8);
            return new ProcessResult(ended ? process.exitValue() : -1, text, !ended, false,
                    Duration.ofNanos(System.nanoTime() - started), null);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            throw e;
        }
    };
}
