package io.manybot.core.cycle;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.manybot.core.declaration.Bot;
import io.manybot.core.declaration.Goal;
import io.manybot.core.declaration.KeyResult;
import io.manybot.core.goal.GoalEvaluation;
import io.manybot.core.goal.KeyResultEvaluation;
import io.manybot.core.goal.KeyResultState;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the command bots' planner decides to do, and the rationale it gives. */
class FactualPlannerTest {
    private static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");
    private static final Goal GOAL = new Goal("fast", "Make it fast", "speed", Goal.TimeHorizon.MONTHLY,
            Instant.parse("2026-11-01T00:00:00Z"), Instant.parse("2026-12-31T00:00:00Z"), null, Goal.DEFAULT_ON_TRACK_THRESHOLD,
            List.of(keyResult("p99", 400, 120.5, "ms"), keyResult("errors", 10, 0, null), keyResult("coverage", 50, 80, "%")));
    private static final Task REVIEW = new Task("r1", Task.Kind.REVIEW, "Review 1a2b3c4 by alice: tweak", "changes 1 path(s)",
            Task.State.CREATED, null);

    private final FactualPlanner planner = new FactualPlanner();

    @Test
    void anOpenGoalGetsOneWorkTaskRunningTheCommandWithTheFactsThatJustifyIt() {
        List<Task> tasks = planner.plan(context(List.of(
                new KeyResultEvaluation("p99", 250.25, 53.4, 40, KeyResultState.ON_TRACK, NOW),
                new KeyResultEvaluation("errors", null, null, 40, KeyResultState.UNKNOWN, NOW),
                new KeyResultEvaluation("coverage", 80.0, 100.0, 40, KeyResultState.ACHIEVED, NOW),
                new KeyResultEvaluation("p99", 300.0, 30.0, 60, KeyResultState.OFF_TRACK, NOW)), List.of(REVIEW), null, 3));

        assertEquals(2, tasks.size(), tasks::toString);
        Task work = tasks.get(0);
        assertEquals(new Task("t1", Task.Kind.WORK, "Run `python3 tools/speed.py --all`",
                "p99 is 250.25 ms, target 120.5 ms (progress 53%, on track); errors is unknown (target 0); "
                        + "p99 is 300 ms, target 120.5 ms (progress 30%, off track)", Task.State.PLANNED, null), work);
        assertEquals(REVIEW.with(Task.State.PLANNED, null), tasks.get(1), "review tasks pass through, planned");
    }

    @Test
    void theFocusOfTheDirectivesIsPartOfTheRationale() {
        List<Task> tasks = planner.plan(context(List.of(
                new KeyResultEvaluation("coverage", 60.0, 33.3, 40, KeyResultState.OFF_TRACK, NOW)), List.of(), "the parser", 1));
        assertEquals("coverage is 60 %, target 80 % (progress 33%, off track); focus: the parser", tasks.get(0).rationale());
    }

    @Test
    void anAchievedGoalOrNoRoomForWorkLeavesOnlyTheReviews() {
        List<KeyResultEvaluation> achieved = List.of(new KeyResultEvaluation("coverage", 80.0, 100.0, 40, KeyResultState.ACHIEVED, NOW));
        assertEquals(List.of(REVIEW.with(Task.State.PLANNED, null)), planner.plan(context(achieved, List.of(REVIEW), null, 3)));
        assertEquals(List.of(), planner.plan(context(achieved, List.of(), null, 3)));

        List<KeyResultEvaluation> open = List.of(new KeyResultEvaluation("errors", 3.0, 70.0, 40, KeyResultState.ON_TRACK, NOW));
        assertEquals(List.of(REVIEW.with(Task.State.PLANNED, null)), planner.plan(context(open, List.of(REVIEW), null, 0)),
                "no work task when the bot may plan none");
        assertEquals(1, planner.plan(context(open, List.of(), null, 1)).size());
    }

    @Test
    void numbersReadAsPeopleWriteThem() {
        assertEquals("3", FactualPlanner.number(3.0));
        assertEquals("-2", FactualPlanner.number(-2.0));
        assertEquals("0.5", FactualPlanner.number(0.5));
        assertEquals("120.25", FactualPlanner.number(120.25));
    }

    private static PlanningContext context(List<KeyResultEvaluation> keyResults, List<Task> reviews, String focus, int maxTasks) {
        Bot bot = CycleFixture.bot("unused", null, false);
        Bot speedBot = new Bot(bot.name(), bot.goal(), bot.owns(), bot.repository(), bot.mode(), bot.schedule(),
                new Bot.Executor(Bot.ExecutorType.COMMAND, List.of("python3", "tools/speed.py", "--all"), false, java.util.Map.of(),
                        java.time.Duration.ofSeconds(30), null),
                null, bot.limits(), List.of(), false, false, true, null);
        GoalEvaluation evaluation = new GoalEvaluation("fast", NOW, null, null, false, keyResults);
        return new PlanningContext(speedBot, GOAL, evaluation, List.of(), reviews, null, focus, maxTasks);
    }

    private static KeyResult keyResult(String name, double baseline, double target, String unit) {
        return new KeyResult(name, name, baseline, target, unit, baseline > target ? KeyResult.Direction.DECREASE : KeyResult.Direction.INCREASE,
                null, null, 1.0, null);
    }
}
