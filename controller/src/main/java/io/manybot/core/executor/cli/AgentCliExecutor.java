package io.manybot.core.executor.cli;

import io.manybot.core.cycle.ExecutedStep;
import io.manybot.core.cycle.Task;
import io.manybot.core.cycle.TokenUsage;
import io.manybot.core.declaration.Bot;
import io.manybot.core.executor.Commands;
import io.manybot.core.executor.ExecutionRequest;
import io.manybot.core.executor.ExecutionResult;
import io.manybot.core.executor.TaskExecutor;
import io.manybot.core.process.OutputWatch;
import io.manybot.core.process.ProcessResult;
import io.manybot.core.process.ProcessRunner;
import io.manybot.core.process.ProcessSpec;
import io.manybot.core.secret.SecretException;
import io.manybot.core.secret.SecretRedactor;
import io.manybot.core.secret.Secrets;
import io.manybot.core.workspace.Directories;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs an agent CLI ({@link AgentCli}) non-interactively for each task in the cycle's isolated checkout: the
 * prompt built from the cycle ({@link AgentPrompt}), the bot's model and turn limit, its key in the CLI's
 * environment only (never on the command line; registered with the redactor so no output, step or state
 * carries it), a throw-away HOME deleted after the run, the confinement of the home, a timeout that kills the
 * process tree and a cap on the output. The CLI's structured output becomes the task's steps (each tool call,
 * the run itself, the final message) and its token usage the task's tokens. One instance per cycle:
 * {@code limits.tokensPerCycle} counts every task of the cycle.
 */
public final class AgentCliExecutor implements TaskExecutor {
    /** When neither the executor nor the cycle gives a timeout. */
    static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(30);
    static final int STEP_OUTPUT_CHARS = 4000;

    private final AgentCli cli;
    private final ProcessRunner runner;
    private final Map<String, String> processEnvironment;
    private final SecretRedactor redactor;
    private final Confinement confinement;
    private final McpConfig mcp;
    private final int outputLimitBytes;
    private TokenUsage spent = TokenUsage.NONE;

    /**
     * @param processEnvironment this process's environment: where {@code apiKeyEnv} and the PATH are looked up
     */
    public AgentCliExecutor(AgentCli cli, ProcessRunner runner, Map<String, String> processEnvironment, SecretRedactor redactor,
            Confinement confinement, McpConfig mcp, int outputLimitBytes) {
        this.cli = cli;
        this.runner = runner;
        this.processEnvironment = Map.copyOf(processEnvironment);
        this.redactor = redactor;
        this.confinement = confinement;
        this.mcp = mcp == null ? McpConfig.NONE : mcp;
        this.outputLimitBytes = outputLimitBytes;
    }

    /** The tokens this cycle's tasks have spent so far. */
    public synchronized TokenUsage spent() {
        return spent;
    }

    @Override
    public ExecutionResult execute(ExecutionRequest request) throws InterruptedException {
        Bot bot = request.bot();
        Task task = request.task();
        String taskId = task == null ? null : task.id();
        Bot.Executor executor = bot.executor();
        Bot.Limits limits = bot.limits() == null ? Bot.Limits.DEFAULT : bot.limits();
        Long tokenLimit = limits.tokensPerCycle();
        if (tokenLimit != null && spent().total() >= tokenLimit) {
            return failed(taskId, "not run: the cycle's token budget is spent (" + spent().total() + " tokens used, the limit is "
                    + tokenLimit + ")");
        }
        String declared = executor.command().isEmpty() ? cli.executable() : executor.command().get(0);
        String executable = CliInstallations.find(declared, path());
        if (executable == null) {
            return failed(taskId, cli.type() + ": the CLI '" + declared + "' is not installed (not found on the PATH); install it with: "
                    + cli.installCommand());
        }
        String key;
        try {
            key = apiKey(executor.model());
        } catch (SecretException e) {
            return failed(taskId, cli.type() + ": " + e.getMessage());
        }
        Path home;
        try {
            home = Files.createTempDirectory("manybot-" + cli.type() + "-home-");
        } catch (IOException e) {
            return failed(taskId, cli.type() + ": cannot make a throw-away HOME: " + e.getMessage());
        }
        try {
            return run(request, taskId, executable, key, home, limits);
        } finally {
            try {
                Directories.delete(home);
            } catch (IOException e) {
                // a leftover temporary directory holds no secret (keys are never written); nothing more to do
            }
        }
    }

    private ExecutionResult run(ExecutionRequest request, String taskId, String executable, String key, Path home, Bot.Limits limits)
            throws InterruptedException {
        Bot bot = request.bot();
        String prompt = AgentPrompt.build(request);
        int turns = limits.toolIterations() > 0 ? limits.toolIterations() : Bot.Limits.DEFAULT.toolIterations();
        CliInvocation invocation = cli.invocation(new CliRun(executable, prompt, request.checkout(), home, bot.executor().model(), turns, mcp));
        try {
            for (Map.Entry<String, String> file : invocation.homeFiles().entrySet()) {
                Path target = home.resolve(file.getKey());
                Files.createDirectories(target.getParent());
                Files.writeString(target, file.getValue(), StandardCharsets.UTF_8);
            }
            Files.createDirectories(home.resolve(".config"));
        } catch (IOException e) {
            return failed(taskId, cli.type() + ": cannot write its configuration: " + e.getMessage());
        }
        Map<String, String> declared = new LinkedHashMap<>(bot.executor().env());
        declared.putAll(invocation.environment());
        declared.put("HOME", home.toString());
        declared.put("XDG_CONFIG_HOME", home.resolve(".config").toString());
        // a CLI may want its temporary files apart from its HOME (codex refuses helpers under the temporary directory)
        declared.put("TMPDIR", invocation.environment().getOrDefault("TMPDIR", home.toString()));
        try {
            Files.createDirectories(Path.of(declared.get("TMPDIR")));
        } catch (IOException e) {
            return failed(taskId, cli.type() + ": cannot make its temporary directory: " + e.getMessage());
        }
        if (key != null) {
            declared.put(cli.apiKeyVariable(bot.executor().model()), key);
        }
        Duration timeout = shorter(bot.executor().timeout(), request.timeout());
        List<String> argv = confinement.wrap(invocation.argv(), request.checkout(), home);
        TokenWatch watch = new TokenWatch(cli.meter(), spent(), limits.tokensPerCycle());
        ProcessResult result = runner.run(new ProcessSpec(argv, request.checkout(), ProcessRunner.restrictedEnvironment(declared),
                timeout, outputLimitBytes), watch);

        CliReport parsed = cli.parse(taskId, result.output());
        // a run stopped (or its output cut) before its closing report counts what it streamed
        TokenUsage used = parsed.tokens().total() >= watch.used().total() ? parsed.tokens() : watch.used();
        CliReport report = new CliReport(parsed.steps(), parsed.filesTouched(), parsed.finalMessage(), used, parsed.error());
        synchronized (this) {
            spent = spent.plus(report.tokens());
        }
        List<ExecutedStep> steps = new ArrayList<>();
        for (ExecutedStep step : report.steps()) {
            steps.add(new ExecutedStep(step.task(), step.kind(), redact(step.description()), step.exitCode(), step.succeeded(),
                    redact(step.output()), step.millis()));
        }
        List<String> outside = Escapes.outside(request.checkout(), report.filesTouched());
        List<String> links = Escapes.removeLinksLeaving(request.checkout());
        String display = Commands.display(invocation.argv().stream().map(arg -> arg.equals(prompt) ? "<prompt>" : arg).toList());
        String why = watch.stopped() ? watch.reason() : reason(result, report, timeout, outside, links, limits.tokensPerCycle());
        Long tokenLimit = limits.tokensPerCycle();
        String endsCycle = watch.stopped() ? why
                : tokenLimit != null && spent().total() > tokenLimit ? "token limit reached: " + spent().total()
                        + " tokens used in this cycle, the limit is " + tokenLimit + " (" + cli.type() + " reported it when its run ended)"
                : null;
        boolean ok = why == null;
        steps.add(new ExecutedStep(taskId, "command", redact(display), result.failure() != null || result.timedOut() ? null : result.exitCode(),
                ok, redact(tail(result.output())) + "\n[" + confinement.description() + "]", result.duration().toMillis()));
        String message = report.finalMessage() == null ? "(no final message)" : report.finalMessage().strip();
        steps.add(new ExecutedStep(taskId, "model", cli.type() + " final message (" + report.tokens().total() + " tokens)", null, ok,
                redact(cut(message)), 0));
        String summary = ok ? cut(message) : why;
        return new ExecutionResult(ok, steps, redact(cli.type() + ": " + summary), report.tokens(),
                endsCycle == null ? null : redact(cli.type() + ": " + endsCycle + "; nothing of this cycle lands"));
    }

    /** Stops the CLI as soon as its streamed usage takes the cycle past {@code limits.tokensPerCycle}. */
    private static final class TokenWatch implements OutputWatch {
        private final UsageMeter meter;
        private final TokenUsage before;
        private final Long limit;
        private volatile TokenUsage used = TokenUsage.NONE;
        private volatile boolean stopped;

        TokenWatch(UsageMeter meter, TokenUsage before, Long limit) {
            this.meter = meter;
            this.before = before;
            this.limit = limit;
        }

        @Override
        public boolean stop(String line) {
            used = meter.line(line);
            if (limit != null && before.total() + used.total() > limit) {
                stopped = true;
            }
            return stopped;
        }

        TokenUsage used() {
            return used;
        }

        boolean stopped() {
            return stopped;
        }

        String reason() {
            return "token limit reached while it ran: " + (before.total() + used.total()) + " tokens used in this cycle, the limit is "
                    + limit + "; its process tree was killed";
        }
    }

    private String reason(ProcessResult result, CliReport report, Duration timeout, List<String> outside, List<String> links, Long tokenLimit) {
        if (result.failure() != null) {
            return "could not start: " + result.failure();
        }
        if (result.timedOut()) {
            return "timed out after " + Commands.seconds(timeout) + "; the process tree was killed" + (result.truncated() ? " (output cut)" : "");
        }
        if (!outside.isEmpty()) {
            return "refused: the agent wrote outside the checkout: " + String.join(", ", outside);
        }
        if (!links.isEmpty()) {
            return "refused: the agent made symbolic links leaving the checkout (removed): " + String.join(", ", links);
        }
        if (report.error() != null) {
            return "failed: " + report.error();
        }
        if (result.exitCode() != 0) {
            return "exit " + result.exitCode();
        }
        if (tokenLimit != null && spent().total() > tokenLimit) {
            return "token limit reached: " + spent().total() + " tokens used in this cycle, the limit is " + tokenLimit;
        }
        return null;
    }

    private String apiKey(Bot.Model model) {
        if (model != null && (model.apiKeyEnv() != null || model.apiKeyFile() != null)) {
            return Secrets.resolveApiKey(model, processEnvironment, redactor);
        }
        String fallback = processEnvironment.get(cli.apiKeyVariable(model));
        if (fallback == null || fallback.isBlank()) {
            throw new SecretException("no API key: declare executor.model.apiKeyEnv or apiKeyFile, or set " + cli.apiKeyVariable(model)
                    + " in Manybot's environment");
        }
        redactor.register(fallback.trim());
        return fallback.trim();
    }

    private String path() {
        return processEnvironment.getOrDefault("PATH", System.getenv("PATH"));
    }

    private ExecutionResult failed(String taskId, String why) {
        String text = redact(why);
        return new ExecutionResult(false, List.of(new ExecutedStep(taskId, "command", cli.type(), null, false, text, 0)), text);
    }

    private String redact(String text) {
        return text == null ? null : redactor.redact(text);
    }

    static String tail(String output) {
        return output.length() <= STEP_OUTPUT_CHARS ? output : "…" + output.substring(output.length() - STEP_OUTPUT_CHARS);
    }

    static String cut(String text) {
        return text.length() <= STEP_OUTPUT_CHARS ? text : text.substring(0, STEP_OUTPUT_CHARS) + "…";
    }

    static Duration shorter(Duration a, Duration b) {
        if (a == null) {
            return b != null ? b : DEFAULT_TIMEOUT;
        }
        return b == null || a.compareTo(b) <= 0 ? a : b;
    }
}
