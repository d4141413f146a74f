package io.manybot.core.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.manybot.core.cycle.JudgeInput;
import io.manybot.core.cycle.JudgeVerdict;
import io.manybot.core.cycle.Task;
import io.manybot.core.cycle.TestRun;
import io.manybot.core.declaration.Bot;
import io.manybot.core.goal.GoalEvaluation;
import io.manybot.core.goal.KeyResultEvaluation;
import io.manybot.core.goal.KeyResultState;
import io.manybot.core.secret.SecretRedactor;
import io.manybot.core.team.KeyResultJudge;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The model's judge (against the scripted chat model, a TEST DOUBLE): its verdict, the diff and tasks it reads, and review when its answer cannot be used. */
class LlmJudgeTest {
    private static JudgeInput input(Bot bot) {
        GoalEvaluation before = new GoalEvaluation("calc-correct", Instant.now(), 40.0, false, true, List.of(
                new KeyResultEvaluation("failing-tests", 3.0, 40.0, 60.0, KeyResultState.OFF_TRACK, null)));
        GoalEvaluation after = new GoalEvaluation("calc-correct", Instant.now(), 80.0, true, false, List.of(
                new KeyResultEvaluation("failing-tests", 1.0, 80.0, 60.0, KeyResultState.ON_TRACK, null)));
        Task task = new Task("t1", Task.Kind.WORK, "Fix add() in calc.py", "add() subtracts", Task.State.COMPLETED, "done", List.of("calc.py"));
        return new JudgeInput(bot, TestBots.goal(), List.of(task), before, after, new TestRun(List.of("pytest"), 0, true, false, "ok", 5),
                List.of("calc.py"), List.of(), () -> "--- a/calc.py\n+++ b/calc.py\n-    return a - b\n+    return a + b\n");
    }

    private static Bot judged(Bot bot, boolean requireMove) {
        return bot.withTeam(new Bot.Team(null, new Bot.JudgePolicy(requireMove, Bot.JudgePolicy.OnReject.REJECT, 2, true), 0));
    }

    @Test
    void theModelsVerdictDecidesAndItReadsTheTasksKeyResultsAndDiff() throws Exception {
        ScriptedChatModel model = new ScriptedChatModel().answer("{\"verdict\": \"reject\", \"reason\": \"the diff also deletes a test\"}");
        Bot bot = judged(TestBots.bot(null, 5, null), false);
        JudgeVerdict verdict = new KeyResultJudge(new LlmJudge(model, new SecretRedactor(), new TokenBudget(), null)).judge(input(bot));
        assertEquals(JudgeVerdict.reject("the model: the diff also deletes a test"), verdict);
        String prompt = ScriptedChatModel.userText(model.requests().get(0));
        assertTrue(prompt.contains("- Fix add() in calc.py [calc.py] — done"), prompt);
        assertTrue(prompt.contains("+    return a + b"), prompt);
        assertTrue(prompt.contains("current 1"), prompt);

        ScriptedChatModel lands = new ScriptedChatModel().answer("{\"verdict\": \"land\", \"reason\": \"fixes add\"}");
        assertEquals(JudgeVerdict.Decision.LAND, new KeyResultJudge(new LlmJudge(lands, new SecretRedactor(), new TokenBudget(), null))
                .judge(input(judged(TestBots.bot(null, 5, null), true))).decision());
    }

    @Test
    void anUnreadableAnswerSendsTheChangeToReviewAndWithoutThePolicyTheModelIsNotAsked() throws Exception {
        ScriptedChatModel model = new ScriptedChatModel().answer("I think it is fine");
        JudgeVerdict verdict = new LlmJudge(model, new SecretRedactor(), new TokenBudget(), null).judge(input(judged(TestBots.bot(null, 5, null), false)));
        assertEquals(JudgeVerdict.Decision.REVIEW, verdict.decision());
        assertTrue(verdict.reason().startsWith("the model's judgement could not be used"), verdict.reason());

        ScriptedChatModel odd = new ScriptedChatModel().answer("{\"verdict\": \"maybe\", \"reason\": \"?\"}");
        assertEquals(JudgeVerdict.Decision.REVIEW, new LlmJudge(odd, new SecretRedactor(), new TokenBudget(), null)
                .judge(input(judged(TestBots.bot(null, 5, null), false))).decision());

        ScriptedChatModel unused = new ScriptedChatModel();
        JudgeVerdict plain = new KeyResultJudge(new LlmJudge(unused, new SecretRedactor(), new TokenBudget(), null)).judge(input(TestBots.bot(null, 5, null)));
        assertEquals(JudgeVerdict.Decision.LAND, plain.decision());
        assertTrue(unused.requests().isEmpty(), "no judge policy: the model is not asked");
    }
}
