package io.manybot.core.review;

import java.util.List;
import java.util.Optional;

/**
 * The pull requests of one repository on one host: the port the host adapters implement
 * ({@code io.manybot.core.review.github}, {@code .gitlab}). Each call is one or a few REST requests; a refusal is a
 * {@link HostRefusal} (never carrying the token).
 */
public interface PullRequests extends AutoCloseable {

    /** The open pull request whose head is {@code head}, if any. */
    Optional<HostPullRequest> findOpen(String head) throws HostRefusal;

    /** The pull request {@code number} as the host knows it now. */
    HostPullRequest get(int number) throws HostRefusal;

    /** Opens a pull request from {@code draft.head()} into {@code draft.base()} with its title and body. */
    HostPullRequest open(PullRequestDraft draft) throws HostRefusal;

    /** Sets the title and body of pull request {@code number}. */
    HostPullRequest update(int number, PullRequestDraft draft) throws HostRefusal;

    /** Asks these people and teams ({@code org/team}) to review; the host ignores those asked already. */
    void requestReviewers(int number, List<String> reviewers, List<String> teams) throws HostRefusal;

    /** Adds labels (the host keeps the ones set already). */
    void addLabels(int number, List<String> labels) throws HostRefusal;

    /** Comments on and closes pull request {@code number}. */
    void close(int number, String comment) throws HostRefusal;

    /** Releases the client's connections (GitLab's Jersey client); nothing for clients that keep none. */
    @Override
    default void close() {}
}
