package io.manybot.core.process;

import java.time.Duration;

/**
 * How a command ended.
 *
 * @param exitCode the exit code, or -1 when it timed out or could not start
 * @param output stdout and stderr merged, cut to the spec's limit (head and tail kept)
 * @param truncated whether output was cut
 * @param failure why it could not start, or null
 */
public record ProcessResult(int exitCode, String output, boolean timedOut, boolean truncated, Duration duration, String failure) {

    public boolean succeeded() {
        return exitCode == 0 && !timedOut && failure == null;
    }

    /** One line for a person: "exit 0 in 1.2 s", "timed out after 30 s", "could not start: …". */
    public String describe() {
        if (failure != null) {
            return "could not start: " + failure;
        }
        if (timedOut) {
            return "timed out after " + duration.toMillis() + " ms";
        }
        return "exit " + exitCode + " in " + duration.toMillis() + " ms";
    }
}
