package io.manybot.core.llm;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.service.AiServices;
import io.manybot.core.cycle.ChangedFile;
import io.manybot.core.cycle.ExecutedStep;
import io.manybot.core.cycle.Reflection;
import io.manybot.core.cycle.Reflector;
import io.manybot.core.cycle.Task;
import io.manybot.core.cycle.WorkCycle;
import io.manybot.core.goal.GoalEvaluation;
import io.manybot.core.measure.MeasuredValue;
import io.manybot.core.secret.SecretRedactor;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.BiFunction;

/**
 * The reflector of {@code llm} bots: shows the model a compact text of the finished cycle
 * ({@link #summarize}) and asks for outcomes, lessons and the next focus as structured output.
 * Reflection never fails a cycle: an unreadable answer or a model failure gives a factual reflection
 * whose lesson says why the model's could not be used.
 */
public final class LlmReflector implements Reflector {
    static final int ITEM_LIMIT = 10;
    static final int ITEM_LIMIT_CHARS = 500;
    static final int STEPS_SHOWN = 30;

    private final ChatModel model;
    private final SecretRedactor redactor;
    private final TokenBudget budget;
    private final Long tokenLimit;

    public LlmReflector(ChatModel model, SecretRedactor redactor) {
        this(model, redactor, new TokenBudget(), null);
    }

    /**
     * Counting what it spends in the cycle's budget; when the budget has reached {@code tokenLimit}
     * (the bot's {@code limits.tokensPerCycle}, null for none) the reflection is the factual one.
     */
    public LlmReflector(ChatModel model, SecretRedactor redactor, TokenBudget budget, Long tokenLimit) {
        this.model = model;
        this.redactor = redactor;
        this.budget = budget;
        this.tokenLimit = tokenLimit;
    }

    /** The structured answer the model is asked for. */
    public record ReflectionAnswer(List<String> outcomes, List<String> lessons, String nextFocus) {}

    interface ReflectingAgent {
        ReflectionAnswer reflect(String cycle);
    }

    @Override
    public Reflection reflect(WorkCycle cycle) throws InterruptedException {
        MeteredChatModel metered = new MeteredChatModel(model, 0, budget, tokenLimit, null);
        ReflectingAgent agent = AiServices.builder(ReflectingAgent.class)
                .chatModel(metered)
                .systemMessage("You are the reflector of " + cycle.bot() + ", an autonomous coding bot. "
                        + "Read the record of its last work cycle and answer only with the requested JSON: the outcomes "
                        + "(what happened, factually), lessons (what to do differently or keep doing) and the next focus "
                        + "(one sentence for the next plan).")
                .build();
        ReflectionAnswer answer;
        String why;
        try {
            answer = agent.reflect(summarize(cycle, redactor));
            why = "the answer holds no outcomes, lessons or focus";
        } catch (RuntimeException e) {
            AgentStopped stopped = AgentStopped.find(e);
            if (stopped != null && stopped.reason() == AgentStopped.Reason.INTERRUPTED) {
                throw new InterruptedException("interrupted while reflecting");
            }
            answer = StructuredAnswers.read(metered.lastText(), ReflectionAnswer.class);
            why = stopped != null && stopped.reason() == AgentStopped.Reason.TOKENS ? stopped.getMessage()
                    : metered.lastText() == null
                    ? "the model failed: " + LlmText.describe(e, redactor)
                    : StructuredAnswers.whyUnreadable(metered.lastText(), redactor);
        }
        if (answer != null) {
            List<String> outcomes = items(answer.outcomes());
            List<String> lessons = items(answer.lessons());
            String focus = answer.nextFocus() == null || answer.nextFocus().isBlank() ? null : item(answer.nextFocus());
            if (!outcomes.isEmpty() || !lessons.isEmpty() || focus != null) {
                return new Reflection(outcomes, lessons, focus);
            }
        }
        return factual(cycle, why);
    }

    private List<String> items(List<String> raw) {
        if (raw == null) {
            return List.of();
        }
        return raw.stream().filter(Objects::nonNull).filter(s -> !s.isBlank()).limit(ITEM_LIMIT).map(this::item).toList();
    }

    private String item(String text) {
        return WorkspaceTools.cut(redactor.redact(text.strip()), ITEM_LIMIT_CHARS);
    }

    /** What the record says, without a model. */
    private Reflection factual(WorkCycle cycle, String why) {
        List<String> outcomes = new ArrayList<>();
        outcomes.add("Cycle " + cycle.id() + " ended " + (cycle.outcome() == null ? "without an outcome" : cycle.outcome()));
        long completed = cycle.tasks().stream().filter(t -> t.state() == Task.State.COMPLETED).count();
        outcomes.add(completed + " of " + cycle.tasks().size() + " tasks completed; " + cycle.changes().size() + " files changed");
        if (cycle.tests() != null) {
            outcomes.add("Tests " + (cycle.tests().passed() ? "passed" : "failed"));
        }
        return new Reflection(outcomes, List.of(redactor.redact("The model's reflection could not be used: " + why)), null);
    }

    /** The cycle in a few dozen lines: what the model needs to reflect, not the whole record. */
    public static String summarize(WorkCycle cycle, SecretRedactor redactor) {
        // Redact before cutting: a cut through a secret would leave a piece no redactor recognises.
        BiFunction<String, Integer, String> clip = (value, limit) -> WorkspaceTools.cut(redactor.redact(value), limit);
        StringBuilder text = new StringBuilder();
        text.append("Cycle ").append(cycle.id()).append(" of bot ").append(cycle.bot()).append(" for goal ").append(cycle.goal())
                .append("\nTrigger: ").append(cycle.trigger())
                .append("\nOutcome: ").append(cycle.outcome() == null ? "none" : cycle.outcome());
        if (cycle.error() != null) {
            text.append("\nError: ").append(clip.apply(cycle.error(), 500));
        }
        text.append("\nGoal progress: before ").append(progress(cycle.before())).append(", after ").append(progress(cycle.after()));
        for (MeasuredValue m : cycle.measurementsAfter()) {
            text.append("\n- key result ").append(m.keyResult()).append(" after: ")
                    .append(m.known() ? LlmText.number(m.value()) : "unknown (" + clip.apply(m.failure(), 200) + ")");
        }
        text.append("\nTasks:");
        if (cycle.tasks().isEmpty()) {
            text.append(" none");
        }
        for (Task task : cycle.tasks()) {
            text.append("\n- ").append(task.id()).append(" [").append(task.kind()).append(", ").append(task.state()).append("] ")
                    .append(clip.apply(task.title(), 200));
            if (task.result() != null) {
                text.append(" — result: ").append(clip.apply(task.result().replaceAll("\\s*\\R\\s*", " "), 300));
            }
        }
        List<ExecutedStep> steps = cycle.steps();
        text.append("\nSteps: ").append(steps.size());
        int from = Math.max(0, steps.size() - STEPS_SHOWN);
        if (from > 0) {
            text.append(" (the last ").append(STEPS_SHOWN).append(" shown)");
        }
        for (ExecutedStep step : steps.subList(from, steps.size())) {
            text.append("\n- ").append(step.task()).append(" ").append(step.kind()).append(" ")
                    .append(clip.apply(step.description(), 150)).append(": ").append(step.succeeded() ? "ok" : "failed");
        }
        text.append("\nChanged files:");
        if (cycle.changes().isEmpty()) {
            text.append(" none");
        }
        for (ChangedFile change : cycle.changes()) {
            text.append("\n- ").append(change.path()).append(" ").append(change.change()).append(": ").append(change.decision())
                    .append(" → ").append(change.disposition());
            if (change.reason() != null) {
                text.append(" (").append(clip.apply(change.reason(), 200)).append(")");
            }
        }
        if (cycle.tests() != null) {
            text.append("\nTests: ").append(cycle.tests().passed() ? "passed" : "failed")
                    .append(cycle.tests().timedOut() ? " (timed out)" : "")
                    .append(cycle.tests().exitCode() == null ? "" : ", exit " + cycle.tests().exitCode());
            if (!cycle.tests().passed() && cycle.tests().output() != null) {
                text.append("\nTest output (end):\n").append(WorkspaceTools.tail(redactor.redact(cycle.tests().output()), 800));
            }
        }
        if (cycle.landing() != null) {
            text.append("\nLanded: ").append(cycle.landing().commit() == null ? "nothing on " : "commit " + cycle.landing().commit() + " on ")
                    .append(cycle.landing().targetRef());
            if (cycle.landing().proposalBranch() != null) {
                text.append("; proposal branch ").append(cycle.landing().proposalBranch());
            }
        }
        return redactor.redact(text.toString());
    }

    private static String progress(GoalEvaluation evaluation) {
        return evaluation == null ? "unknown" : LlmText.percent(evaluation.progress());
    }
}
