package io.manybot.core.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.manybot.core.cycle.ChangedFile;
import io.manybot.core.cycle.CycleOutcome;
import io.manybot.core.cycle.CyclePhase;
import io.manybot.core.cycle.ExecutedStep;
import io.manybot.core.cycle.Landing;
import io.manybot.core.cycle.Reflection;
import io.manybot.core.cycle.Task;
import io.manybot.core.cycle.TestRun;
import io.manybot.core.cycle.WorkCycle;
import io.manybot.core.goal.GoalEvaluation;
import io.manybot.core.measure.MeasuredValue;
import io.manybot.core.ownership.Decision;
import io.manybot.core.secret.SecretRedactor;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LlmReflectorTest {

    private static WorkCycle cycle() {
        Instant now = Instant.parse("2026-05-01T10:00:00Z");
        List<ExecutedStep> steps = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            steps.add(new ExecutedStep("t1", "tool", "readFile calc/f" + i + ".py", null, true, "x".repeat(5000), 3));
        }
        steps.add(new ExecutedStep("t1", "tool", "writeFile calc/add.py", null, true, "replaced calc/add.py (40 bytes)", 2));
        return new WorkCycle("c7", "calc-bot", "calc-correct", "schedule", CyclePhase.REFLECT, CycleOutcome.PROPOSED, now,
                now.plusSeconds(90), "abc1234", "v1",
                new GoalEvaluation("calc-correct", now, 40.0, false, true, List.of()),
                new GoalEvaluation("calc-correct", now, 60.0, true, false, List.of()),
                List.of(), List.of(new MeasuredValue("calc-correct", "failing-tests", 2.0, null, now, 5, "abc1234"),
                        new MeasuredValue("calc-correct", "coverage", null, "no coverage report", now, 5, "abc1234")),
                List.of(new Task("t1", Task.Kind.WORK, "Fix add()", "it subtracts", Task.State.COMPLETED, "Fixed add()\nTests pass"),
                        new Task("t2", Task.Kind.WORK, "Fix docs", "stale", Task.State.FAILED, "model error")),
                steps,
                List.of(new ChangedFile("calc/add.py", ChangedFile.Change.MODIFIED, Decision.REVIEW, "owned by alice", "OWNERS:3:1",
                        List.of("alice"), ChangedFile.Disposition.PROPOSED)),
                new TestRun(List.of("make", "test"), 0, true, false, "ok", 100),
                new Landing("refs/heads/main", null, "manybot/proposals/calc-bot/c7", "def5678", List.of("alice"), false),
                null, List.of(), null);
    }

    @Test
    void scriptedModelStructuredAnswerBecomesReflection() throws Exception {
        ScriptedChatModel model = new ScriptedChatModel().answer("""
                {"outcomes": ["add() fixed, waiting for alice's review", " "],
                 "lessons": ["docs tasks need the docs owner"],
                 "nextFocus": "Get the proposal reviewed"}""");

        Reflection reflection = new LlmReflector(model, new SecretRedactor()).reflect(cycle());

        assertEquals(new Reflection(List.of("add() fixed, waiting for alice's review"), List.of("docs tasks need the docs owner"),
                "Get the proposal reviewed"), reflection);

        String shown = ScriptedChatModel.userText(model.requests().get(0));
        assertTrue(shown.startsWith("Cycle c7 of bot calc-bot for goal calc-correct\nTrigger: schedule\nOutcome: PROPOSED"), shown);
        assertTrue(shown.contains("Goal progress: before 40%, after 60%"), shown);
        assertTrue(shown.contains("- key result coverage after: unknown (no coverage report)"), shown);
        assertTrue(shown.contains("- t1 [WORK, COMPLETED] Fix add() — result: Fixed add() Tests pass"), shown);
        assertTrue(shown.contains("Steps: 41 (the last 30 shown)"), shown);
        assertTrue(shown.contains("- t1 tool writeFile calc/add.py: ok"), shown);
        assertFalse(shown.contains("readFile calc/f5.py"), "older steps are left out");
        assertFalse(shown.contains("xxxxxxxxxx"), "step outputs are left out");
        assertTrue(shown.contains("- calc/add.py MODIFIED: REVIEW → PROPOSED (owned by alice)"), shown);
        assertTrue(shown.contains("Tests: passed, exit 0"), shown);
        assertTrue(shown.contains("Landed: nothing on refs/heads/main; proposal branch manybot/proposals/calc-bot/c7"), shown);
        assertTrue(shown.length() < 6000, "compact: " + shown.length() + " characters");
    }

    @Test
    void scriptedModelGarbageAnswerGivesFactualReflectionSayingWhy() throws Exception {
        Reflection reflection = new LlmReflector(new ScriptedChatModel().answer("Went fine I guess"), new SecretRedactor())
                .reflect(cycle());

        assertEquals(List.of("Cycle c7 ended PROPOSED", "1 of 2 tasks completed; 1 files changed", "Tests passed"),
                reflection.outcomes());
        assertEquals(List.of("The model's reflection could not be used: the answer is not the requested JSON; "
                + "it begins: \"Went fine I guess\""), reflection.lessons());
        assertNull(reflection.nextFocus());
    }

    @Test
    void scriptedModelFailureOrEmptyAnswerStillGivesFactualReflection() throws Exception {
        Reflection failed = new LlmReflector(new ScriptedChatModel().fail(new IllegalStateException("HTTP 429")), new SecretRedactor())
                .reflect(cycle());
        assertEquals(List.of("The model's reflection could not be used: the model failed: IllegalStateException: HTTP 429"),
                failed.lessons());

        Reflection empty = new LlmReflector(new ScriptedChatModel().answer("{\"outcomes\": [], \"lessons\": []}"), new SecretRedactor())
                .reflect(cycle());
        assertEquals("Cycle c7 ended PROPOSED", empty.outcomes().get(0));
        assertTrue(empty.lessons().get(0).contains("the answer holds no outcomes, lessons or focus"), empty.lessons().toString());
    }
}
