package io.manybot.core.process;

/**
 * Reads a command's output line by line as it arrives (stdout and stderr merged, each line without its end) and may
 * ask for the command to be stopped: {@link ProcessRunner} then kills its process tree, as at a timeout. Called on the
 * thread reading the output; a line longer than {@link #MAX_LINE_BYTES} is not given to it (the output keeps it).
 */
@FunctionalInterface
public interface OutputWatch {
    int MAX_LINE_BYTES = 1024 * 1024;

    OutputWatch NONE = line -> false;

    /** True to stop the command now. */
    boolean stop(String line);
}
