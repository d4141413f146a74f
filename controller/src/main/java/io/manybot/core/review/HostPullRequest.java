package io.manybot.core.review;

/**
 * A pull (merge) request as the host answered.
 *
 * @param state {@code open}, {@code closed} or {@code merged}
 */
public record HostPullRequest(int number, String url, String state, String head) {}
