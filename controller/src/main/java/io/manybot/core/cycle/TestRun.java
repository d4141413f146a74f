package io.manybot.core.cycle;

import java.util.List;

/** The bot's test command run on the gated changes. */
public record TestRun(List<String> command, Integer exitCode, boolean passed, boolean timedOut, String output, long millis) {}
