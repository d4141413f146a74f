package io.manybot.core.process;

/** {@link ProcessRunnerTest#assertGone} for tests of other packages. */
public final class ProcessRunnerTestAccess {
    private ProcessRunnerTestAccess() {}

    /** Gone, or a zombie waiting for a reaper: either way no longer running (waits up to 5 s for it). */
    public static void assertGone(long pid) throws Exception {
        ProcessRunnerTest.assertGone(pid);
    }
}
