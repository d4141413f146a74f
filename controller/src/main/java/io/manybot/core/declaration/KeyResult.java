package io.manybot.core.declaration;

import java.time.Instant;

/**
 * A measurable outcome of a goal: from {@code baseline} toward {@code target} in a direction.
 *
 * @param deadline this key result's own deadline, or null for the goal's
 * @param current the last recorded value, or null when none is known
 * @param measurement how to measure it, or null when values are only recorded by hand
 */
public record KeyResult(
        String name,
        String description,
        double baseline,
        double target,
        String unit,
        Direction direction,
        Instant deadline,
        Double current,
        double weight,
        Measurement measurement) {

    public enum Direction { INCREASE, DECREASE }
}
