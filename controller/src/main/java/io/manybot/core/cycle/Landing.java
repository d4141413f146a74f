package io.manybot.core.cycle;

import java.util.List;

/**
 * Where a cycle's changes went.
 *
 * @param targetRef the ref written changes land on (e.g. refs/heads/main)
 * @param commit the commit landed on it, or null
 * @param proposalBranch the branch holding changes that need review, or null
 * @param alreadyLanded true when a restarted cycle found its own commit already there
 */
public record Landing(
        String targetRef, String commit, String proposalBranch, String proposalCommit, List<String> reviewers, boolean alreadyLanded) {

    public Landing {
        reviewers = List.copyOf(reviewers);
    }
}
