package io.manybot.core.goal;

import java.time.Instant;
import java.util.List;

/**
 * A goal evaluated at a moment.
 *
 * @param progress the weighted mean progress of the key results whose value is known, or null
 * @param onTrack null when no key result has a known value; false when the goal is at risk
 * @param atRisk whether any key result is off track or overdue
 */
public record GoalEvaluation(
        String goal, Instant evaluatedAt, Double progress, Boolean onTrack, boolean atRisk, List<KeyResultEvaluation> keyResults) {

    public GoalEvaluation {
        keyResults = List.copyOf(keyResults);
    }
}
