package io.manybot.core.process;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A command to run: argv (no shell), in a directory, with exactly {@code environment} (nothing is
 * inherited), a timeout, and a cap on the captured output (stdout and stderr merged).
 */
public record ProcessSpec(List<String> argv, Path directory, Map<String, String> environment, Duration timeout, int outputLimitBytes) {

    public static final int DEFAULT_OUTPUT_LIMIT = 256 * 1024;

    public ProcessSpec {
        argv = List.copyOf(argv);
        environment = Map.copyOf(environment);
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("empty command");
        }
    }
}
