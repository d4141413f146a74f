package io.manybot.core.cycle;

/**
 * Decides, after execution and tests, what becomes of a cycle's changes: land them, send them to review, or reject them
 * (nothing lands; the reason is in the cycle). Called only when the tests passed (or there are none) and something is to
 * land or be proposed.
 */
public interface Judge {
    /** Lands whatever passed the tests: the behaviour of a bot without a judge policy. */
    Judge TESTS_ONLY = input -> JudgeVerdict.land("the tests are the only check");

    JudgeVerdict judge(JudgeInput input) throws InterruptedException;
}
