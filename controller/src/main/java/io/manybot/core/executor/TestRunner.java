package io.manybot.core.executor;

import io.manybot.core.cycle.TestRun;
import io.manybot.core.declaration.Bot;
import io.manybot.core.process.ProcessResult;
import io.manybot.core.process.ProcessRunner;
import io.manybot.core.process.ProcessSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/** Runs a bot's test command (argv, no shell) in a checkout. */
public final class TestRunner {

    /** The timeout when the test command gives none. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(30);

    private TestRunner() {}

    /**
     * Runs {@code tests} in {@code checkout} with the restricted environment plus {@code environment}.
     * Failing to start, a non-zero exit and a timeout are a failed run (not an exception); the output
     * says why. The caller decides what "no test command" means: {@code tests} must not be null.
     */
    public static TestRun runTests(ProcessRunner runner, Bot.TestCommand tests, Path checkout, Map<String, String> environment)
            throws InterruptedException {
        Objects.requireNonNull(tests, "tests");
        Duration timeout = tests.timeout() != null ? tests.timeout() : DEFAULT_TIMEOUT;
        if (tests.command().isEmpty()) {
            return new TestRun(tests.command(), null, false, false, "no test command", 0);
        }
        ProcessResult result = runner.run(new ProcessSpec(tests.command(), checkout,
                ProcessRunner.restrictedEnvironment(environment), timeout, ProcessSpec.DEFAULT_OUTPUT_LIMIT));
        String output = result.output();
        if (result.failure() != null) {
            output = "could not start: " + result.failure();
        } else if (result.timedOut()) {
            output = output + (output.isEmpty() || output.endsWith("\n") ? "" : "\n") + "[timed out after " + Commands.seconds(timeout) + "]";
        }
        Integer exit = result.failure() != null || result.timedOut() ? null : result.exitCode();
        return new TestRun(tests.command(), exit, result.succeeded(), result.timedOut(), output, result.duration().toMillis());
    }
}
