package io.manybot.core.cycle;

import io.manybot.core.goal.GoalEvaluation;
import io.manybot.core.measure.MeasuredValue;
import java.time.Instant;
import java.util.List;

/**
 * The record of one work cycle of one bot: what it saw, planned, did, what ownership allowed, what
 * the tests said, what landed where, and what it learned.
 *
 * @param trigger why it ran (e.g. "start", "schedule", "commit 1a2b3c4", "manual")
 * @param baseCommit the commit the cycle started from
 * @param outcome null while running
 * @param error why it failed, or null
 * @param tokens what the executors' model providers reported, {@link TokenUsage#NONE} when nothing
 */
public record WorkCycle(
        String id,
        String bot,
        String goal,
        String trigger,
        CyclePhase phase,
        CycleOutcome outcome,
        Instant startedAt,
        Instant finishedAt,
        String baseCommit,
        String directivesVersion,
        GoalEvaluation before,
        GoalEvaluation after,
        List<MeasuredValue> measurementsBefore,
        List<MeasuredValue> measurementsAfter,
        List<Task> tasks,
        List<ExecutedStep> steps,
        List<ChangedFile> changes,
        TestRun tests,
        Landing landing,
        Reflection reflection,
        List<PhaseTiming> timings,
        String error,
        TokenUsage tokens) {

    public WorkCycle {
        measurementsBefore = List.copyOf(measurementsBefore);
        measurementsAfter = List.copyOf(measurementsAfter);
        tasks = List.copyOf(tasks);
        steps = List.copyOf(steps);
        changes = List.copyOf(changes);
        timings = List.copyOf(timings);
        tokens = tokens == null ? TokenUsage.NONE : tokens;
    }

    /** A record without token usage (command bots, records written before tokens were kept). */
    public WorkCycle(String id, String bot, String goal, String trigger, CyclePhase phase, CycleOutcome outcome, Instant startedAt,
            Instant finishedAt, String baseCommit, String directivesVersion, GoalEvaluation before, GoalEvaluation after,
            List<MeasuredValue> measurementsBefore, List<MeasuredValue> measurementsAfter, List<Task> tasks, List<ExecutedStep> steps,
            List<ChangedFile> changes, TestRun tests, Landing landing, Reflection reflection, List<PhaseTiming> timings, String error) {
        this(id, bot, goal, trigger, phase, outcome, startedAt, finishedAt, baseCommit, directivesVersion, before, after,
                measurementsBefore, measurementsAfter, tasks, steps, changes, tests, landing, reflection, timings, error, TokenUsage.NONE);
    }

    /** This record with another landing (the home's pull request for its proposal branch). */
    public WorkCycle withLanding(Landing newLanding) {
        return new WorkCycle(id, bot, goal, trigger, phase, outcome, startedAt, finishedAt, baseCommit, directivesVersion, before, after,
                measurementsBefore, measurementsAfter, tasks, steps, changes, tests, newLanding, reflection, timings, error, tokens);
    }

    /** A cycle that has just started. */
    public static WorkCycle started(String id, String bot, String goal, String trigger, Instant now) {
        return new WorkCycle(id, bot, goal, trigger, CyclePhase.SENSE, null, now, null, null, null, null, null,
                List.of(), List.of(), List.of(), List.of(), List.of(), null, null, null, List.of(), null);
    }
}
