package io.manybot.core.goal;

import io.manybot.core.declaration.Goal;
import io.manybot.core.declaration.KeyResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Evaluates goals: progress of each key result from baseline toward target (clamped to 0–100 %,
 * right for both directions: "p99 from 800 ms to 500 ms" is half done at 650 ms), compared with the
 * share of time elapsed between the goal's start and the key result's deadline.
 */
public final class GoalEvaluator {

    /**
     * Evaluates {@code goal} at {@code now}. A key result's value is taken from {@code measured}
     * (live measurements, by key result name) or else from its recorded {@code current} value.
     */
    public GoalEvaluation evaluate(Goal goal, Map<String, Double> measured, Instant now) {
        List<KeyResultEvaluation> results = new ArrayList<>();
        double weighted = 0;
        double weights = 0;
        boolean atRisk = false;
        for (KeyResult kr : goal.keyResults()) {
            Double value = measured.containsKey(kr.name()) ? measured.get(kr.name()) : kr.current();
            KeyResultEvaluation evaluation = evaluate(goal, kr, value, now);
            results.add(evaluation);
            if (evaluation.progress() != null) {
                weighted += evaluation.progress() * kr.weight();
                weights += kr.weight();
            }
            atRisk |= evaluation.state().atRisk();
        }
        Double progress = weights > 0 ? weighted / weights : null;
        Boolean onTrack = progress == null ? null : !atRisk;
        return new GoalEvaluation(goal.name(), now, progress, onTrack, atRisk, results);
    }

    KeyResultEvaluation evaluate(Goal goal, KeyResult kr, Double value, Instant now) {
        Instant deadline = kr.deadline() != null ? kr.deadline() : goal.deadline();
        double expected = expected(goal.start(), deadline, now);
        if (value == null || value.isNaN() || value.isInfinite()) {
            return new KeyResultEvaluation(kr.name(), null, null, expected, KeyResultState.UNKNOWN, deadline);
        }
        double progress = progress(kr, value);
        KeyResultState state;
        if (progress >= 100.0) {
            state = KeyResultState.ACHIEVED;
        } else if (!now.isBefore(deadline)) {
            state = KeyResultState.OVERDUE;
        } else if (now.isBefore(goal.start())) {
            state = KeyResultState.NOT_STARTED;
        } else {
            state = progress >= expected * goal.onTrackThreshold() ? KeyResultState.ON_TRACK : KeyResultState.OFF_TRACK;
        }
        return new KeyResultEvaluation(kr.name(), value, progress, expected, state, deadline);
    }

    /** 0–100: how far {@code value} has moved from the baseline toward the target. */
    public static double progress(KeyResult kr, double value) {
        double span = kr.target() - kr.baseline();
        if (span == 0) {
            boolean met = kr.direction() == KeyResult.Direction.INCREASE ? value >= kr.target() : value <= kr.target();
            return met ? 100.0 : 0.0;
        }
        double share = (value - kr.baseline()) / span * 100.0;
        return Math.max(0.0, Math.min(100.0, share));
    }

    /** 0–100: the share of [start, deadline) elapsed at {@code now}; 100 when the window is empty. */
    static double expected(Instant start, Instant deadline, Instant now) {
        if (!deadline.isAfter(start)) {
            return 100.0;
        }
        if (!now.isAfter(start)) {
            return 0.0;
        }
        if (!now.isBefore(deadline)) {
            return 100.0;
        }
        double elapsed = now.toEpochMilli() - start.toEpochMilli();
        double total = deadline.toEpochMilli() - start.toEpochMilli();
        return elapsed / total * 100.0;
    }
}
