package io.manybot.core.measure;

import java.time.Instant;

/**
 * One measurement of a key result. Exactly one of {@code value} and {@code failure} is set: a
 * measurement that failed or printed nothing readable leaves the value unknown, never zero.
 *
 * @param commit the commit measured: the base before the cycle, the commit it would land after
 */
public record MeasuredValue(String goal, String keyResult, Double value, String failure, Instant measuredAt, long millis, String commit) {

    public boolean known() {
        return value != null;
    }
}
