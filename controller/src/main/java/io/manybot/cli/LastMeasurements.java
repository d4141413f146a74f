package io.manybot.cli;

import io.manybot.core.declaration.Goal;
import io.manybot.core.declaration.KeyResult;
import io.manybot.core.measure.MeasuredValue;
import io.manybot.local.state.StateStore;
import java.io.IOException;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The last value `manybot run` measured for each key result (from its state), and the last failed
 * attempt when it came after: what `goals` shows instead of the declared {@code current}.
 */
record LastMeasurements(Path directory, Map<String, MeasuredValue> lastValue, Map<String, MeasuredValue> lastFailure) {
    /** How many measurements of one key result are looked at for the last one with a value. */
    private static final int LOOK_BACK = 50;
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm'Z'").withZone(ZoneOffset.UTC);

    /** The measurements in the state at {@code directory}; none when there is no state there. */
    static LastMeasurements read(Path directory, List<Goal> goals) throws IOException {
        Map<String, MeasuredValue> values = new HashMap<>();
        Map<String, MeasuredValue> failures = new HashMap<>();
        if (StateStore.exists(directory)) {
            try (StateStore store = StateStore.open(directory)) {
                for (Goal goal : goals) {
                    for (KeyResult kr : goal.keyResults()) {
                        List<MeasuredValue> recent = store.measurements(goal.name(), kr.name(), LOOK_BACK);
                        recent.stream().filter(v -> v.value() != null).findFirst().ifPresent(v -> values.put(key(goal, kr), v));
                        if (!recent.isEmpty() && recent.get(0).value() == null) {
                            failures.put(key(goal, kr), recent.get(0));
                        }
                    }
                }
            }
        }
        return new LastMeasurements(directory, Map.copyOf(values), Map.copyOf(failures));
    }

    private static String key(Goal goal, KeyResult kr) {
        return goal.name() + "\u0000" + kr.name();
    }

    boolean any() {
        return !lastValue.isEmpty() || !lastFailure.isEmpty();
    }

    Optional<MeasuredValue> last(Goal goal, KeyResult kr) {
        return Optional.ofNullable(lastValue.get(key(goal, kr)));
    }

    /** Key result name → last measured value, for {@link io.manybot.core.goal.GoalEvaluator}. */
    Map<String, Double> values(Goal goal) {
        Map<String, Double> out = new HashMap<>();
        for (KeyResult kr : goal.keyResults()) {
            last(goal, kr).ifPresent(v -> out.put(kr.name(), v.value()));
        }
        return out;
    }

    /** " (measured 2026-12-06 06:40Z)", " (declared)", plus the last failure when it came after. */
    String describe(Goal goal, KeyResult kr) {
        Optional<MeasuredValue> value = last(goal, kr);
        String from = value.map(v -> " (measured " + WHEN.format(v.measuredAt()) + ")").orElse(any() ? " (declared)" : "");
        MeasuredValue failed = lastFailure.get(key(goal, kr));
        return failed == null ? from : from + " (last measurement failed: " + failed.failure() + ")";
    }
}
