package io.manybot.core.workspace;

/**
 * Where a cycle for {@code branch} lands.
 *
 * @param ref the full ref written, {@code refs/heads/<branch>} or {@code refs/heads/manybot/<branch>}
 * @param redirected true when the branch is checked out in the source's working tree, so the cycle
 *     lands on {@code refs/heads/manybot/<branch>} instead of moving the user's branch
 */
public record LandingTarget(String branch, String ref, boolean redirected) {}
