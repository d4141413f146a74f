package io.manybot.core.llm;

import io.manybot.core.process.ProcessResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Runs the bot's test command for the agent's {@code runTests} tool. The controller implements it with
 * its process runner (restricted environment, output cap); tests may run the command directly.
 */
@FunctionalInterface
public interface TestCommandRunner {

    ProcessResult run(List<String> argv, Path checkout, Duration timeout) throws InterruptedException;
}
