package io.manybot.core.declaration;

import java.time.Instant;
import java.util.List;

/**
 * A Goal: an objective with measurable key results.
 *
 * @param onTrackThreshold a key result is on track when its progress reaches this share of the
 *     progress expected from the time elapsed
 */
public record Goal(
        String name,
        String objective,
        String rationale,
        TimeHorizon timeHorizon,
        Instant start,
        Instant deadline,
        String parent,
        double onTrackThreshold,
        List<KeyResult> keyResults) {

    public static final double DEFAULT_ON_TRACK_THRESHOLD = 0.9;

    public Goal {
        keyResults = List.copyOf(keyResults);
    }

    public enum TimeHorizon { DAILY, WEEKLY, MONTHLY, QUARTERLY, YEARLY }
}
