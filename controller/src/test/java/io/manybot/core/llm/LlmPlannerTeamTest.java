package io.manybot.core.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.manybot.core.cycle.PlanningContext;
import io.manybot.core.cycle.Task;
import io.manybot.core.cycle.TeamBrief;
import io.manybot.core.goal.GoalEvaluation;
import io.manybot.core.goal.KeyResultEvaluation;
import io.manybot.core.goal.KeyResultState;
import io.manybot.core.secret.SecretRedactor;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The LLM planner in a team (against the scripted chat model, a TEST DOUBLE): it reads the handoffs, queue and scratchpad, and its tasks name paths. */
class LlmPlannerTeamTest {
    @Test
    void thePromptHoldsTheTeamAndTheAnswersPathsReachTheTasks() throws Exception {
        ScriptedChatModel model = new ScriptedChatModel().answer("""
                {"tasks": [
                  {"title": "Fix add()", "rationale": "off track", "paths": ["calc/ops.py", "../outside", " "]},
                  {"title": "Document it", "rationale": "keep it known"}
                ]}""");
        GoalEvaluation evaluation = new GoalEvaluation("calc-correct", Instant.now(), 40.0, false, true, List.of(
                new KeyResultEvaluation("failing-tests", 3.0, 40.0, 60.0, KeyResultState.OFF_TRACK, null)));
        TeamBrief brief = new TeamBrief(List.of("ops-bot on \"Fix sub()\": landed — exit 0; key results: failing-tests 4 → 3"),
                List.of(new Task("lead-1/p2", Task.Kind.WORK, "Fix mul()", null, Task.State.PLANNED, null, List.of("calc/mul.py"))),
                "## Lessons\n- run the tests first\n", List.of("ops-bot", "docs-bot"));
        PlanningContext context = new PlanningContext(TestBots.bot(null, 5, null), TestBots.goal(), evaluation, List.of(), List.of(), null,
                null, 3, brief);

        List<Task> tasks = new LlmPlanner(model, new SecretRedactor()).plan(context);

        assertEquals(List.of("calc/ops.py"), tasks.get(0).paths(), "a path leaving the repository is left out");
        assertEquals(List.of(), tasks.get(1).paths());
        String prompt = ScriptedChatModel.userText(model.requests().get(0));
        assertTrue(prompt.contains("The bot leads a team: ops-bot, docs-bot."), prompt);
        assertTrue(prompt.contains("- ops-bot on \"Fix sub()\": landed — exit 0; key results: failing-tests 4 → 3"), prompt);
        assertTrue(prompt.contains("these queued tasks are already planned; do not repeat them:\n- Fix mul()"), prompt);
        assertTrue(prompt.contains("The bot's scratchpad:\n## Lessons\n- run the tests first"), prompt);
    }

    @Test
    void aSpecialistInTheAnswerIsProposedInATeamAndArchivedSayingWhyOtherwise() throws Exception {
        String answer = """
                {"tasks": [
                  {"title": "Fix add()", "rationale": "off track", "paths": ["calc/ops.py"], "specialist": null},
                  {"title": "", "rationale": "api/ keeps coming back", "paths": [],
                   "specialist": {"name": "api-bot", "objective": "Fewer bugs", "keyResults": ["bugs from 4 to 0"], "owns": ["api/"]}},
                  {"title": "Delegate docs", "rationale": "", "specialist": {"owns": ["docs/"]}}
                ]}""";
        PlanningContext context = new PlanningContext(TestBots.bot(null, 5, null), TestBots.goal(), null, List.of(), List.of(), null,
                null, 3, new TeamBrief(List.of(), List.of(), "", List.of("ops-bot")));

        ScriptedChatModel inTeam = new ScriptedChatModel().answer(answer);
        io.manybot.core.team.specialist.SpecialistPlanner.Plan plan = new LlmPlanner(inTeam, new SecretRedactor()).planWithSpecialists(context);
        assertEquals(3, plan.tasks().size());
        assertEquals(Task.State.PLANNED, plan.tasks().get(0).state());
        Task proposing = plan.tasks().get(1);
        assertEquals("Propose specialist api-bot for api/", proposing.title(), "the specialist's title when the answer gives none");
        assertEquals(List.of("api"), proposing.paths());
        assertEquals(Task.State.PLANNED, proposing.state());
        assertEquals("api-bot", plan.specialists().get(proposing.id()).name());
        assertEquals(List.of("bugs from 4 to 0"), plan.specialists().get(proposing.id()).keyResults());
        Task nameless = plan.tasks().get(2);
        assertEquals(Task.State.ARCHIVED, nameless.state());
        assertEquals("not proposed: the specialist has no \"name\"", nameless.result());
        assertEquals(1, plan.specialists().size());
        assertTrue(ScriptedChatModel.userText(inTeam.requests().get(0)).contains("a specialist working for it"));

        ScriptedChatModel alone = new ScriptedChatModel().answer(answer);
        List<Task> tasks = new LlmPlanner(alone, new SecretRedactor()).plan(context);
        assertEquals(Task.State.ARCHIVED, tasks.get(1).state());
        assertTrue(tasks.get(1).result().startsWith("not proposed: a specialist is proposed by a bot in a team"), tasks.get(1).result());
        assertTrue(!ScriptedChatModel.userText(alone.requests().get(0)).contains("a specialist working for it"),
                "a bot planning alone is not offered specialists");
    }
}
