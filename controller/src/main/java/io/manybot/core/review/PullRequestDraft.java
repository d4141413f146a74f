package io.manybot.core.review;

import java.util.List;

/**
 * What a pull (merge) request for a proposal branch should say and whom it asks.
 *
 * @param head the proposal branch ({@code manybot/proposals/<bot>/<cycle>})
 * @param base the branch it would merge into
 * @param reviewers logins of people to request a review from
 * @param teamReviewers teams ({@code org/team}) to request a review from
 * @param labels labels to set (Prow OWNERS {@code labels} of the proposed paths)
 * @param paths the proposed paths (what a later proposal supersedes)
 */
public record PullRequestDraft(
        String title, String body, String head, String base, List<String> reviewers, List<String> teamReviewers, List<String> labels,
        List<String> paths) {

    public PullRequestDraft {
        reviewers = List.copyOf(reviewers);
        teamReviewers = List.copyOf(teamReviewers);
        labels = List.copyOf(labels);
        paths = List.copyOf(paths);
    }
}
