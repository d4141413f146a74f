package io.manybot.core.executor.cli;

import java.util.List;
import java.util.Map;

/**
 * How a CLI is started for one run: argv (never a secret in it), the variables it needs on top of the
 * restricted environment (the API key is added by the executor), and files to write into the
 * throw-away HOME first (relative path → content).
 */
public record CliInvocation(List<String> argv, Map<String, String> environment, Map<String, String> homeFiles) {
    public CliInvocation {
        argv = List.copyOf(argv);
        environment = Map.copyOf(environment);
        homeFiles = Map.copyOf(homeFiles);
    }
}
