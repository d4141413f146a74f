package io.manybot.core.landing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A test-only hook that holds a landing in the middle of its rebase, so that a test can kill the process there
 * ({@code kill -9}) and prove that the change still lands exactly once after a restart. It is on only when the
 * environment variable {@value #VARIABLE} names a directory: after the merge and before the retest and the
 * compare-and-swap, the landing writes {@code <cycle>.rebasing} there (the test's positive witness) and waits until
 * {@code <cycle>.release} appears. Unset (always, outside such tests) it does nothing.
 */
final class RebaseHold {
    static final String VARIABLE = "MANYBOT_TEST_HOLD_REBASE";
    static final RebaseHold NONE = new RebaseHold(null);

    private final Path directory;

    RebaseHold(Path directory) {
        this.directory = directory;
    }

    static RebaseHold fromEnvironment() {
        String value = System.getenv(VARIABLE);
        return value == null || value.isBlank() ? NONE : new RebaseHold(Path.of(value));
    }

    /** Holds the landing of {@code cycleId} when the hook is on. */
    void reached(String cycleId) throws IOException, InterruptedException {
        if (directory == null) {
            return;
        }
        Files.createDirectories(directory);
        Files.writeString(directory.resolve(cycleId + ".rebasing"), "held in the rebase of cycle " + cycleId + "\n");
        Path release = directory.resolve(cycleId + ".release");
        while (!Files.exists(release)) {
            Thread.sleep(50);
        }
    }
}
