package io.manybot.core.llm;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.service.AiServices;
import io.manybot.core.cycle.Judge;
import io.manybot.core.cycle.JudgeInput;
import io.manybot.core.cycle.JudgeVerdict;
import io.manybot.core.cycle.Task;
import io.manybot.core.secret.SecretRedactor;
import java.util.Locale;

/**
 * The model's judge of an {@code llm} bot ({@code spec.team.judge.llm: true}): shows the model the tasks, the key results
 * before and after, the tests and the diff, and asks whether the change does what the tasks asked — land, review or reject,
 * with a reason. An answer that cannot be read, or a model that fails, sends the change to review (a person decides),
 * saying why.
 */
public final class LlmJudge implements Judge {
    static final int REASON_LIMIT_CHARS = 500;

    private final ChatModel model;
    private final SecretRedactor redactor;
    private final TokenBudget budget;
    private final Long tokenLimit;

    public LlmJudge(ChatModel model, SecretRedactor redactor, TokenBudget budget, Long tokenLimit) {
        this.model = model;
        this.redactor = redactor;
        this.budget = budget;
        this.tokenLimit = tokenLimit;
    }

    /** The structured answer the model is asked for: {@code verdict} is land, review or reject. */
    public record JudgeAnswer(String verdict, String reason) {}

    interface JudgingAgent {
        JudgeAnswer judge(String change);
    }

    @Override
    public JudgeVerdict judge(JudgeInput input) throws InterruptedException {
        MeteredChatModel metered = new MeteredChatModel(model, 0, budget, tokenLimit, null);
        JudgingAgent agent = AiServices.builder(JudgingAgent.class)
                .chatModel(metered)
                .systemMessage("You are the judge of " + input.bot().name() + ", an autonomous coding bot. Read the tasks it was given "
                        + "and the change it made, and answer only with the requested JSON: verdict \"land\" when the change does what "
                        + "the tasks asked and nothing harmful, \"review\" when a person should look first, \"reject\" when it does not "
                        + "do what was asked or does harm; reason: one or two sentences.")
                .build();
        JudgeAnswer answer;
        try {
            answer = agent.judge(prompt(input, redactor));
        } catch (RuntimeException e) {
            AgentStopped stopped = AgentStopped.find(e);
            if (stopped != null && stopped.reason() == AgentStopped.Reason.INTERRUPTED) {
                throw new InterruptedException("interrupted while judging");
            }
            answer = StructuredAnswers.read(metered.lastText(), JudgeAnswer.class);
            if (answer == null) {
                return JudgeVerdict.review("the model's judgement could not be used ("
                        + (metered.lastText() == null ? "the model failed: " + LlmText.describe(e, redactor)
                                : StructuredAnswers.whyUnreadable(metered.lastText(), redactor)) + "); a person decides");
            }
        }
        String verdict = answer == null || answer.verdict() == null ? "" : answer.verdict().strip().toLowerCase(Locale.ROOT);
        String reason = answer == null || answer.reason() == null || answer.reason().isBlank() ? "(the model gave no reason)"
                : WorkspaceTools.cut(redactor.redact(answer.reason().strip().replaceAll("\\s*\\R\\s*", " ")), REASON_LIMIT_CHARS);
        return switch (verdict) {
            case "land" -> JudgeVerdict.land("the model: " + reason);
            case "reject" -> JudgeVerdict.reject("the model: " + reason);
            case "review" -> JudgeVerdict.review("the model: " + reason);
            default -> JudgeVerdict.review("the model answered verdict '" + WorkspaceTools.cut(verdict, 40)
                    + "', not land, review or reject; a person decides");
        };
    }

    static String prompt(JudgeInput input, SecretRedactor redactor) {
        StringBuilder text = new StringBuilder("Judge the change of bot ").append(input.bot().name()).append(".\n\n");
        text.append("Tasks:\n");
        for (Task task : input.tasks()) {
            if (task.state() == Task.State.ARCHIVED) {
                continue;
            }
            text.append("- ").append(task.title());
            if (!task.paths().isEmpty()) {
                text.append(" [").append(String.join(", ", task.paths())).append("]");
            }
            if (task.result() != null) {
                text.append(" — ").append(WorkspaceTools.cut(task.result(), 300));
            }
            text.append("\n");
        }
        text.append("\nBefore the change:\n").append(LlmText.goal(input.goal(), input.before())).append("\n");
        text.append("\nAfter the change (measured in the changed checkout):\n").append(LlmText.goal(input.goal(), input.after())).append("\n");
        text.append("\nTests: ").append(input.tests() == null ? "none declared" : input.tests().passed() ? "passed" : "failed").append("\n");
        text.append("To land: ").append(input.writes().isEmpty() ? "nothing" : String.join(", ", input.writes())).append("\n");
        text.append("To propose: ").append(input.proposals().isEmpty() ? "nothing" : String.join(", ", input.proposals())).append("\n");
        text.append("\nThe diff:\n").append(redactor.redact(input.diff().get()));
        return text.toString();
    }
}
