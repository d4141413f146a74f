package io.manybot.core.goal;

import java.time.Instant;

/**
 * One key result evaluated at a moment.
 *
 * @param current the value used, or null when unknown
 * @param progress 0–100 % from baseline toward target, or null when unknown
 * @param expected 0–100 %: the share of the key result's time that has elapsed
 */
public record KeyResultEvaluation(
        String name, Double current, Double progress, double expected, KeyResultState state, Instant deadline) {}
