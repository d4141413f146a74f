package io.manybot.core.goal;

/** Where a key result stands at a given moment. */
public enum KeyResultState {
    /** The target is reached (in the key result's direction). */
    ACHIEVED,
    /** Progress keeps pace with the time elapsed (within the goal's threshold). */
    ON_TRACK,
    /** Progress lags the time elapsed. */
    OFF_TRACK,
    /** The deadline has passed without reaching the target. */
    OVERDUE,
    /** The goal has not started yet. */
    NOT_STARTED,
    /** No value is known (never measured, or the measurement failed). */
    UNKNOWN;

    public boolean atRisk() {
        return this == OFF_TRACK || this == OVERDUE;
    }
}
