package io.manybot.core.declaration;

import java.time.Duration;
import java.util.List;

/**
 * How a key result is measured: a command (argv, no shell) or a script (run by {@code sh -c}) in a
 * checkout. The value is the last number printed, unless {@code regex} (its first group, or the whole
 * match) or {@code jsonPointer} (into JSON output) picks it.
 */
public record Measurement(List<String> command, String script, String regex, String jsonPointer, Duration timeout) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(5);

    public Measurement {
        command = command == null ? List.of() : List.copyOf(command);
    }
}
