package io.manybot.core.executor;

import io.manybot.core.cycle.ExecutedStep;
import io.manybot.core.declaration.Bot;
import io.manybot.core.process.ProcessResult;
import io.manybot.core.process.ProcessRunner;
import io.manybot.core.process.ProcessSpec;
import java.time.Duration;
import java.util.List;

/**
 * The {@code command} executor: runs the bot's command in the task's checkout. The command is argv
 * (no shell) unless the executor asks for {@code shell: true}, then it is joined with spaces and run by
 * {@code sh -c}. The environment is the restricted one ({@link ProcessRunner#restrictedEnvironment})
 * plus the executor's {@code env}; the timeout is the shorter of the executor's and the request's;
 * the output is captured and capped.
 */
public final class CommandExecutor implements TaskExecutor {

    private final ProcessRunner runner;
    private final int outputLimitBytes;

    public CommandExecutor(ProcessRunner runner) {
        this(runner, ProcessSpec.DEFAULT_OUTPUT_LIMIT);
    }

    public CommandExecutor(ProcessRunner runner, int outputLimitBytes) {
        this.runner = runner;
        this.outputLimitBytes = outputLimitBytes;
    }

    @Override
    public ExecutionResult execute(ExecutionRequest request) throws InterruptedException {
        Bot.Executor executor = request.bot().executor();
        String taskId = request.task() == null ? null : request.task().id();
        if (executor == null || executor.command().isEmpty()) {
            return new ExecutionResult(false, List.of(), "no command declared for bot " + request.bot().name());
        }
        List<String> argv = argv(executor);
        Duration timeout = shorter(executor.timeout(), request.timeout());
        ProcessResult result = runner.run(new ProcessSpec(argv, request.checkout(),
                ProcessRunner.restrictedEnvironment(withTask(executor.env(), request.task())), timeout, outputLimitBytes));
        String description = Commands.display(argv);
        Integer exit = result.failure() != null || result.timedOut() ? null : result.exitCode();
        String output = result.failure() != null ? "could not start: " + result.failure() : result.output();
        ExecutedStep step = new ExecutedStep(taskId, "command", description, exit, result.succeeded(), output,
                result.duration().toMillis());
        return new ExecutionResult(result.succeeded(), List.of(step), summary(description, result, timeout));
    }

    /**
     * The executor's variables plus the task's: {@code MANYBOT_TASK_ID}, {@code MANYBOT_TASK_TITLE} and, when it names paths,
     * {@code MANYBOT_TASK_PATHS} (one per line), so that a command can work on what its task is about.
     */
    static java.util.Map<String, String> withTask(java.util.Map<String, String> env, io.manybot.core.cycle.Task task) {
        if (task == null) {
            return env;
        }
        java.util.Map<String, String> all = new java.util.LinkedHashMap<>(env);
        all.put("MANYBOT_TASK_ID", task.id());
        all.put("MANYBOT_TASK_TITLE", task.title());
        if (!task.paths().isEmpty()) {
            all.put("MANYBOT_TASK_PATHS", String.join("\n", task.paths()));
        }
        return all;
    }

    /** The argv actually run: the command, or {@code sh -c "<command joined>"} when the executor asks for a shell. */
    public static List<String> argv(Bot.Executor executor) {
        return executor.shell() ? List.of("sh", "-c", String.join(" ", executor.command())) : executor.command();
    }

    static Duration shorter(Duration a, Duration b) {
        if (a == null) {
            return b != null ? b : Bot.Limits.DEFAULT.cycleTimeout();
        }
        return b == null || a.compareTo(b) <= 0 ? a : b;
    }

    private static String summary(String description, ProcessResult result, Duration timeout) {
        if (result.failure() != null) {
            return description + ": could not start: " + result.failure();
        }
        if (result.timedOut()) {
            return description + ": timed out after " + Commands.seconds(timeout);
        }
        return description + ": exit " + result.exitCode() + " in " + Commands.seconds(result.duration())
                + (result.truncated() ? " (output cut)" : "");
    }
}
