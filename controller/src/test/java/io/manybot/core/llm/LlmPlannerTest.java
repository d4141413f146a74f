package io.manybot.core.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.manybot.core.cycle.PlanningContext;
import io.manybot.core.cycle.Reflection;
import io.manybot.core.cycle.Task;
import io.manybot.core.goal.GoalEvaluation;
import io.manybot.core.goal.KeyResultEvaluation;
import io.manybot.core.goal.KeyResultState;
import io.manybot.core.measure.MeasuredValue;
import io.manybot.core.secret.SecretRedactor;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class LlmPlannerTest {
    private static final Task REVIEW = new Task("r1", Task.Kind.REVIEW, "Review commit 1a2b3c4 in calc/",
            "alice changed calc/ops.py", Task.State.PLANNED, null);

    private static PlanningContext context(int maxTasks) {
        GoalEvaluation evaluation = new GoalEvaluation("calc-correct", Instant.now(), 40.0, false, true, List.of(
                new KeyResultEvaluation("failing-tests", 3.0, 40.0, 60.0, KeyResultState.OFF_TRACK, null)));
        List<MeasuredValue> measurements = List.of(
                new MeasuredValue("calc-correct", "failing-tests", 3.0, null, Instant.now(), 10, "abc"),
                new MeasuredValue("calc-correct", "coverage", null, "exit 2: no coverage data", Instant.now(), 10, "abc"));
        Reflection previous = new Reflection(List.of("landed a fix to sub()"), List.of("run the tests before landing"), "add()");
        return new PlanningContext(TestBots.bot(null, 5, null), TestBots.goal(), evaluation, measurements, List.of(REVIEW),
                previous, "correctness first", maxTasks);
    }

    @Test
    void scriptedModelStructuredAnswerBecomesPlannedWorkTasksThenReviewTasks() throws Exception {
        ScriptedChatModel model = new ScriptedChatModel().answer("""
                {"tasks": [
                  {"title": "Fix add() in calc.py", "rationale": "failing-tests is off track; add() subtracts"},
                  {"title": "  ", "rationale": "blank titles are skipped"},
                  {"title": "Add a test for add()", "rationale": "keep it fixed"},
                  {"title": "Third task", "rationale": "over the limit"}
                ]}""");

        List<Task> tasks = new LlmPlanner(model, new SecretRedactor()).plan(context(2));

        assertEquals(List.of(
                new Task("t1", Task.Kind.WORK, "Fix add() in calc.py", "failing-tests is off track; add() subtracts", Task.State.PLANNED, null),
                new Task("t2", Task.Kind.WORK, "Add a test for add()", "keep it fixed", Task.State.PLANNED, null),
                REVIEW), tasks);

        String prompt = ScriptedChatModel.userText(model.requests().get(0));
        assertTrue(prompt.contains("Plan the next work cycle of bot calc-bot"), prompt);
        assertTrue(prompt.contains("Goal calc-correct: The calculator adds correctly"), prompt);
        assertTrue(prompt.contains("- key result failing-tests: current 3, progress 40%, expected by now 60%, off track"), prompt);
        assertTrue(prompt.contains("- coverage: exit 2: no coverage data"), prompt);
        assertTrue(prompt.contains("- lesson: run the tests before landing"), prompt);
        assertTrue(prompt.contains("Focus set for this bot: correctness first"), prompt);
        assertTrue(prompt.contains("- Review commit 1a2b3c4 in calc/ (alice changed calc/ops.py)"), prompt);
        assertTrue(prompt.contains("Choose at most 2 tasks"), prompt);
        // langchain4j asks for the JSON shape of PlanAnswer.
        assertTrue(prompt.contains("\"tasks\"") && prompt.contains("\"rationale\""), prompt);
    }

    @Test
    void scriptedModelAnswerInMarkdownFenceIsStillRead() throws Exception {
        ScriptedChatModel model = new ScriptedChatModel().answer("""
                Here is the plan:
                ```json
                {"tasks": [{"title": "Fix add()", "rationale": "it subtracts"}]}
                ```""");

        List<Task> tasks = new LlmPlanner(model, new SecretRedactor()).plan(context(3));

        assertEquals(2, tasks.size());
        assertEquals("Fix add()", tasks.get(0).title());
        assertEquals("t1", tasks.get(0).id());
    }

    @Test
    void scriptedModelGarbageAnswerGivesOneFallbackTaskSayingWhy() throws Exception {
        ScriptedChatModel model = new ScriptedChatModel().answer("I would fix the calculator, probably.");

        List<Task> tasks = new LlmPlanner(model, new SecretRedactor()).plan(context(3));

        assertEquals(2, tasks.size());
        Task fallback = tasks.get(0);
        assertEquals("t1", fallback.id());
        assertEquals(Task.Kind.WORK, fallback.kind());
        assertEquals(Task.State.PLANNED, fallback.state());
        assertEquals("Work toward the goal: The calculator adds correctly (focus: correctness first)", fallback.title());
        assertTrue(fallback.rationale().startsWith("The plan could not be read ("), fallback.rationale());
        assertTrue(fallback.rationale().length() > "The plan could not be read ()".length() + 10, fallback.rationale());
        assertEquals(REVIEW, tasks.get(1));
    }

    @Test
    void scriptedModelAnswerWithoutTaskListGivesFallbackAndEmptyListGivesNoWork() throws Exception {
        List<Task> noList = new LlmPlanner(new ScriptedChatModel().answer("{\"plan\": \"none\"}"), new SecretRedactor())
                .plan(context(3));
        assertEquals(2, noList.size());
        assertTrue(noList.get(0).rationale().startsWith("The plan could not be read"), noList.get(0).rationale());

        List<Task> empty = new LlmPlanner(new ScriptedChatModel().answer("{\"tasks\": []}"), new SecretRedactor()).plan(context(3));
        assertEquals(List.of(REVIEW), empty);
    }

    @Test
    void scriptedModelTaskIdsDoNotCollideWithReviewTaskIds() throws Exception {
        Task review = new Task("t1", Task.Kind.REVIEW, "Review", "someone changed calc/", Task.State.PLANNED, null);
        PlanningContext context = new PlanningContext(TestBots.bot(null, 5, null), TestBots.goal(), null, List.of(), List.of(review),
                null, null, 2);
        List<Task> tasks = new LlmPlanner(new ScriptedChatModel().answer(
                "{\"tasks\": [{\"title\": \"A\", \"rationale\": \"a\"}, {\"title\": \"B\", \"rationale\": \"b\"}]}"),
                new SecretRedactor()).plan(context);
        assertEquals(List.of("t2", "t3", "t1"), tasks.stream().map(Task::id).toList());
        List<Task> fallback = new LlmPlanner(new ScriptedChatModel().answer("?"), new SecretRedactor()).plan(context);
        assertEquals(List.of("t2", "t1"), fallback.stream().map(Task::id).toList());
    }

    @Test
    void scriptedModelFailureIsThrownRedactedAndNoTasksAskedWhenLimitIsZero() throws Exception {
        ModelException error = assertThrows(ModelException.class, () -> new LlmPlanner(
                new ScriptedChatModel().fail(new IllegalStateException("HTTP 500")), new SecretRedactor()).plan(context(3)));
        assertEquals("the planning model failed: IllegalStateException: HTTP 500", error.getMessage());

        ScriptedChatModel unused = new ScriptedChatModel();
        assertEquals(List.of(REVIEW), new LlmPlanner(unused, new SecretRedactor()).plan(context(0)));
        assertEquals(0, unused.requests().size());
    }
}
