package io.manybot.core.goal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.manybot.core.declaration.Goal;
import io.manybot.core.declaration.KeyResult;
import io.manybot.core.declaration.KeyResult.Direction;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GoalEvaluatorTest {
    static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    static final Instant DEADLINE = Instant.parse("2026-01-11T00:00:00Z");
    final GoalEvaluator evaluator = new GoalEvaluator();

    static KeyResult kr(String name, double baseline, double target, Direction direction, Double current) {
        return new KeyResult(name, null, baseline, target, "ms", direction, null, current, 1.0, null);
    }

    static Goal goal(KeyResult... krs) {
        return new Goal("g", "objective", null, null, START, DEADLINE, null, 0.9, List.of(krs));
    }

    static Instant day(int n) {
        return START.plusSeconds(86_400L * n);
    }

    @Test
    void aDecreaseIsHalfDoneHalfwayDown() {
        GoalEvaluation e = evaluator.evaluate(goal(kr("p99", 800, 500, Direction.DECREASE, 650.0)), Map.of(), day(5));
        KeyResultEvaluation p99 = e.keyResults().get(0);
        assertEquals(50.0, p99.progress(), 1e-9);
        assertEquals(50.0, p99.expected(), 1e-9);
        assertEquals(KeyResultState.ON_TRACK, p99.state());
        assertEquals(50.0, e.progress(), 1e-9);
        assertFalse(e.atRisk());
        assertEquals(Boolean.TRUE, e.onTrack());
    }

    @Test
    void progressIsClampedBothWays() {
        assertEquals(0.0, GoalEvaluator.progress(kr("a", 800, 500, Direction.DECREASE, null), 900), "worse than baseline");
        assertEquals(100.0, GoalEvaluator.progress(kr("a", 800, 500, Direction.DECREASE, null), 300), "beyond target");
        assertEquals(25.0, GoalEvaluator.progress(kr("a", 60, 100, Direction.INCREASE, null), 70), 1e-9);
        assertEquals(0.0, GoalEvaluator.progress(kr("a", 60, 100, Direction.INCREASE, null), 10));
    }

    @Test
    void aTargetEqualToTheBaselineIsMetOrNotWithoutDividingByZero() {
        assertEquals(100.0, GoalEvaluator.progress(kr("a", 0, 0, Direction.DECREASE, null), 0));
        assertEquals(0.0, GoalEvaluator.progress(kr("a", 0, 0, Direction.DECREASE, null), 3));
        assertEquals(100.0, GoalEvaluator.progress(kr("a", 5, 5, Direction.INCREASE, null), 7));
        assertEquals(100.0, GoalEvaluator.progress(kr("a", 5, 5, Direction.INCREASE, null), 5), "exactly at the target is met");
        assertEquals(0.0, GoalEvaluator.progress(kr("a", 5, 5, Direction.INCREASE, null), 4));
    }

    @Test
    void lagginProgressIsOffTrackAndPutsTheGoalAtRisk() {
        Goal goal = goal(kr("fast", 800, 500, Direction.DECREASE, 780.0), kr("cov", 60, 90, Direction.INCREASE, 89.0));
        GoalEvaluation e = evaluator.evaluate(goal, Map.of(), day(8));
        assertEquals(KeyResultState.OFF_TRACK, e.keyResults().get(0).state());
        assertEquals(KeyResultState.ON_TRACK, e.keyResults().get(1).state());
        assertTrue(e.atRisk());
        assertEquals(Boolean.FALSE, e.onTrack());
    }

    @Test
    void theThresholdGivesSlack() {
        // 45 % done at half time: 45 >= 50 * 0.9
        GoalEvaluation e = evaluator.evaluate(goal(kr("a", 0, 100, Direction.INCREASE, 45.0)), Map.of(), day(5));
        assertEquals(KeyResultState.ON_TRACK, e.keyResults().get(0).state());
        GoalEvaluation lagging = evaluator.evaluate(goal(kr("a", 0, 100, Direction.INCREASE, 44.0)), Map.of(), day(5));
        assertEquals(KeyResultState.OFF_TRACK, lagging.keyResults().get(0).state());
    }

    @Test
    void pastDeadlinesAreOverdueUnlessAchieved() {
        GoalEvaluation e = evaluator.evaluate(
                goal(kr("late", 0, 10, Direction.INCREASE, 9.0), kr("done", 0, 10, Direction.INCREASE, 10.0)), Map.of(), day(30));
        assertEquals(KeyResultState.OVERDUE, e.keyResults().get(0).state());
        assertEquals(100.0, e.keyResults().get(0).expected());
        assertEquals(KeyResultState.ACHIEVED, e.keyResults().get(1).state());
        assertTrue(e.atRisk());
    }

    @Test
    void beforeTheStartNothingIsExpected() {
        GoalEvaluation e = evaluator.evaluate(goal(kr("a", 0, 10, Direction.INCREASE, 0.0)), Map.of(), START.minusSeconds(3600));
        assertEquals(0.0, e.keyResults().get(0).expected());
        assertEquals(KeyResultState.NOT_STARTED, e.keyResults().get(0).state());
        assertFalse(e.atRisk());
    }

    @Test
    void unknownValuesAreUnknownNeverZero() {
        GoalEvaluation e = evaluator.evaluate(goal(kr("a", 0, 10, Direction.INCREASE, null), kr("b", 0, 10, Direction.INCREASE, Double.NaN)),
                Map.of(), day(5));
        assertNull(e.progress());
        assertNull(e.onTrack());
        assertFalse(e.atRisk());
        assertEquals(KeyResultState.UNKNOWN, e.keyResults().get(0).state());
        assertEquals(KeyResultState.UNKNOWN, e.keyResults().get(1).state());
        assertNull(e.keyResults().get(1).progress());
    }

    @Test
    void liveMeasurementsOverrideRecordedValuesAndWeightsCount() {
        KeyResult heavy = new KeyResult("heavy", null, 0, 100, "%", Direction.INCREASE, null, 0.0, 3.0, null);
        KeyResult light = new KeyResult("light", null, 0, 100, "%", Direction.INCREASE, null, 100.0, 1.0, null);
        GoalEvaluation e = evaluator.evaluate(goal(heavy, light), Map.of("heavy", 40.0), day(1));
        assertEquals(40.0, e.keyResults().get(0).current());
        assertEquals((40.0 * 3 + 100.0) / 4, e.progress(), 1e-9);
    }

    @Test
    void anEmptyTimeWindowExpectsEverything() {
        Goal instant = new Goal("g", "o", null, null, START, START, null, 0.9, List.of(kr("a", 0, 10, Direction.INCREASE, 5.0)));
        GoalEvaluation e = evaluator.evaluate(instant, Map.of(), START);
        assertEquals(100.0, e.keyResults().get(0).expected());
        assertEquals(KeyResultState.OVERDUE, e.keyResults().get(0).state());
    }
}
