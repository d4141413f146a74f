package io.manybot.core.llm;

import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.service.AiServices;
import dev.langchain4j.service.tool.ToolErrorHandlerResult;
import io.manybot.core.cycle.ExecutedStep;
import io.manybot.core.cycle.Task;
import io.manybot.core.declaration.Bot;
import io.manybot.core.executor.ExecutionRequest;
import io.manybot.core.executor.ExecutionResult;
import io.manybot.core.executor.cli.McpConfig;
import io.manybot.core.executor.TaskExecutor;
import io.manybot.core.secret.SecretRedactor;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The {@code llm} executor: a langchain4j tool-using agent ({@link AiServices}) working on one task in
 * the checkout through {@link WorkspaceTools} only.
 *
 * <p>Limits: at most {@code limits.toolIterations} tool-calling round trips; when
 * {@code limits.tokensPerCycle} is set, the tokens the whole cycle has spent (its {@link TokenBudget},
 * shared with the planner, the other tasks and the reflector); a task that starts with the budget spent
 * stops before its first model call; the request's timeout (else the
 * executor's, else {@link #DEFAULT_TIMEOUT}), after which the agent thread is interrupted. Hitting a
 * limit, and any model or network failure, gives a failed result with a redacted reason; only an
 * interrupt of the calling thread is thrown.
 *
 * <p>The result's steps are the tool calls followed by one {@code model} step holding the final answer
 * (or why there is none). Everything is passed through the {@link SecretRedactor}.
 */
public final class LlmTaskExecutor implements TaskExecutor {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(30);
    public static final int DEFAULT_TOOL_ITERATIONS = Bot.Limits.DEFAULT.toolIterations();
    /** How long a stopped agent thread is given to notice and end. */
    static final Duration STOP_GRACE = Duration.ofSeconds(10);
    private static final int SUMMARY_LIMIT_CHARS = 4000;

    private final ChatModel model;
    private final TestCommandRunner testRunner;
    private final SecretRedactor redactor;
    private final TokenBudget budget;
    private final McpConfig mcp;

    /** With a budget of its own: every task this executor runs counts toward one limit. */
    public LlmTaskExecutor(ChatModel model, TestCommandRunner testRunner, SecretRedactor redactor) {
        this(model, testRunner, redactor, new TokenBudget());
    }

    public LlmTaskExecutor(ChatModel model, TestCommandRunner testRunner, SecretRedactor redactor, TokenBudget budget) {
        this(model, testRunner, redactor, budget, McpConfig.NONE);
    }

    /** @param mcp the bot's MCP servers (resolved), whose tools the agent gets besides the workspace tools */
    public LlmTaskExecutor(ChatModel model, TestCommandRunner testRunner, SecretRedactor redactor, TokenBudget budget, McpConfig mcp) {
        this.mcp = mcp == null ? McpConfig.NONE : mcp;
        this.model = model;
        this.testRunner = testRunner;
        this.redactor = redactor;
        this.budget = budget;
    }

    /** The agent as langchain4j sees it: the task text in, the final answer out. */
    interface Agent {
        String work(String task);
    }

    @Override
    public ExecutionResult execute(ExecutionRequest request) throws InterruptedException {
        Bot bot = request.bot();
        Task task = request.task();
        Duration timeout = request.timeout() != null ? request.timeout()
                : bot.executor() != null && bot.executor().timeout() != null ? bot.executor().timeout()
                : DEFAULT_TIMEOUT;
        long started = System.nanoTime();
        Instant deadline = Instant.now().plus(timeout);
        Bot.Limits limits = bot.limits() == null ? Bot.Limits.DEFAULT : bot.limits();
        int iterations = limits.toolIterations() > 0 ? limits.toolIterations() : DEFAULT_TOOL_ITERATIONS;

        WorkspaceTools tools;
        try {
            tools = new WorkspaceTools(request.checkout(), task.id(), bot.tests(), testRunner, redactor, deadline);
        } catch (IOException e) {
            return failed(task, List.of(), "the checkout cannot be used: " + LlmText.describe(e, redactor), started, null);
        }
        MeteredChatModel metered = new MeteredChatModel(model, iterations, budget, limits.tokensPerCycle(), deadline);
        McpTools mcpTools;
        try {
            mcpTools = McpTools.open(mcp, request.checkout(), task.id(), redactor);
        } catch (RuntimeException e) {
            return failed(task, List.of(), "an MCP server could not be started: " + LlmText.describe(e, redactor), started, null);
        }
        try (mcpTools) {
            return run(request, task, tools, metered, mcpTools, iterations, timeout, deadline, started);
        }
    }

    private ExecutionResult run(ExecutionRequest request, Task task, WorkspaceTools tools, MeteredChatModel metered, McpTools mcpTools,
            int iterations, Duration timeout, Instant deadline, long started) throws InterruptedException {
        Bot bot = request.bot();
        AiServices<Agent> services = AiServices.builder(Agent.class);
        if (mcpTools.provider() != null) {
            services.toolProvider(mcpTools.provider());
        }
        Agent agent = services
                .chatModel(metered)
                .systemMessage(systemPrompt(request))
                .tools(tools)
                // The metered model stops the run first (typed, with a clear reason); this is a backstop.
                .maxToolCallingRoundTrips(iterations + 1)
                .hallucinatedToolNameStrategy(call -> ToolExecutionResultMessage.from(call, tools.rejected(call.name(),
                        "there is no tool named '" + call.name() + "'; use listFiles, readFile, writeFile, searchFiles or runTests")))
                // langchain4j's defaults throw (bad arguments) or log the arguments (tool failure); neither is wanted.
                .toolArgumentsErrorHandler((error, context) -> ToolErrorHandlerResult.text(tools.rejected(
                        context.toolExecutionRequest().name(), "invalid arguments: " + LlmText.describe(error, redactor))))
                .toolExecutionErrorHandler((error, context) -> ToolErrorHandlerResult.text(tools.rejected(
                        context.toolExecutionRequest().name(), "the tool failed: " + LlmText.describe(error, redactor))))
                .build();

        FutureTask<String> run = new FutureTask<>(() -> agent.work(taskPrompt(task)));
        Thread worker = new Thread(run, "manybot-llm-" + bot.name() + "-" + task.id());
        worker.setDaemon(true);
        worker.start();
        String answer;
        try {
            answer = run.get(Math.max(1, Duration.between(Instant.now(), deadline).toMillis()), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            stop(run, worker);
            throw e;
        } catch (TimeoutException e) {
            boolean ended = stop(run, worker);
            return failed(task, steps(tools, mcpTools), "timed out after " + timeout.toSeconds() + " s"
                    + (ended ? "" : "; the agent thread did not stop in time"), started, metered);
        } catch (CancellationException e) {
            return failed(task, steps(tools, mcpTools), "cancelled", started, metered);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            AgentStopped stopped = AgentStopped.find(cause);
            if (stopped != null && stopped.reason() == AgentStopped.Reason.INTERRUPTED && Thread.currentThread().isInterrupted()) {
                throw new InterruptedException("interrupted");
            }
            String reason = stopped != null
                    ? "stopped: " + stopped.getMessage()
                    : "model error: " + LlmText.describe(cause, redactor);
            return failed(task, steps(tools, mcpTools), reason, started, metered);
        }
        String text = answer == null || answer.isBlank() ? "(the model gave no summary)" : answer.strip();
        String redacted = WorkspaceTools.cut(redactor.redact(text), SUMMARY_LIMIT_CHARS);
        List<ExecutedStep> steps = new ArrayList<>(steps(tools, mcpTools));
        steps.add(new ExecutedStep(task.id(), "model", modelDescription("final answer", metered), null, true, redacted, millisSince(started)));
        return new ExecutionResult(true, steps, redacted);
    }

    /** The workspace tools' steps, then the MCP tools' steps. */
    private static List<ExecutedStep> steps(WorkspaceTools tools, McpTools mcpTools) {
        List<ExecutedStep> steps = new ArrayList<>(tools.steps());
        steps.addAll(mcpTools.steps());
        return steps;
    }

    /** Interrupts the agent and waits a little for it to end; true when it did. */
    private static boolean stop(FutureTask<String> run, Thread worker) {
        run.cancel(true);
        boolean interrupted = false;
        long end = System.nanoTime() + STOP_GRACE.toNanos();
        while (worker.isAlive()) {
            long left = end - System.nanoTime();
            if (left <= 0) {
                break;
            }
            try {
                worker.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return !worker.isAlive();
    }

    private ExecutionResult failed(Task task, List<ExecutedStep> toolSteps, String reason, long started, MeteredChatModel metered) {
        String redacted = redactor.redact(reason);
        List<ExecutedStep> steps = new ArrayList<>(toolSteps);
        steps.add(new ExecutedStep(task.id(), "model", modelDescription("no final answer", metered), null, false, redacted,
                millisSince(started)));
        return new ExecutionResult(false, steps, redacted);
    }

    private static String modelDescription(String what, MeteredChatModel metered) {
        if (metered == null) {
            return what;
        }
        return what + " (" + metered.calls() + " model calls, " + metered.roundTrips() + " tool rounds, "
                + metered.tokens() + " tokens)";
    }

    private static long millisSince(long started) {
        return (System.nanoTime() - started) / 1_000_000;
    }

    static String systemPrompt(ExecutionRequest request) {
        Bot bot = request.bot();
        StringBuilder text = new StringBuilder();
        text.append("You are ").append(bot.name()).append(", an autonomous coding bot working toward a goal in a git repository.\n\n");
        text.append(LlmText.goal(request.goal(), request.evaluation())).append("\n\n");
        if (!bot.owns().isEmpty()) {
            text.append("You own these paths (changes elsewhere may need review or be refused): ")
                    .append(String.join(", ", bot.owns())).append("\n");
        }
        if (request.focus() != null && !request.focus().isBlank()) {
            text.append("Current focus: ").append(request.focus().strip()).append("\n");
        }
        text.append("""

                Work only through the tools: listFiles, readFile, writeFile, searchFiles, runTests. Paths are relative to \
                the repository root; .git and anything outside the repository are off limits. Make small, focused changes \
                for the task you are given; run the tests when the repository has them. A tool answer starting with \
                'error:' means the call did nothing. When you are done, stop calling tools and answer with a short summary: \
                what you changed, why, and what the tests said.""");
        return text.toString();
    }

    static String taskPrompt(Task task) {
        StringBuilder text = new StringBuilder("Task ").append(task.id()).append(": ").append(task.title());
        if (task.rationale() != null && !task.rationale().isBlank()) {
            text.append("\nWhy: ").append(task.rationale().strip());
        }
        return text.toString();
    }
}
