package io.manybot.testing;

import java.io.StringWriter;
import java.time.Duration;

/** Waiting for a condition a running home reaches (never a timing assertion: the limit only ends a hung test). */
public final class Await {
    private Await() {}

    /** A condition that may throw (an HTTP call, a CLI run). */
    public interface Check {
        boolean test() throws Exception;
    }

    /** Waits up to 90 s for {@code check}; on timeout fails with the controller's terminal output. */
    public static void until(Check check, StringWriter terminal) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            if (check.test()) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("timed out; terminal:\n" + terminal);
    }
}
