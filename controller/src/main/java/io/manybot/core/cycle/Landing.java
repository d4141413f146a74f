package io.manybot.core.cycle;

import java.util.List;

/**
 * Where a cycle's changes went, and how they got there.
 *
 * @param targetRef the ref written changes land on (e.g. refs/heads/main)
 * @param commit the commit landed on it, or null
 * @param proposalBranch the branch holding changes that need review, or null
 * @param alreadyLanded true when a restarted cycle found its own commit already there
 * @param rebasedOver 0 when the commit landed directly on the commit the cycle started from; else how many commits
 *     the target had gained since the cycle's base when its change was rebased onto the new tip (and landed there,
 *     unless {@link #conflicts} or the retest stopped it)
 * @param retested whether the bot's tests ran again on the rebased tree (per the bot's {@code landing.retest})
 * @param conflicts the paths on which the rebase onto the new tip conflicted (the cycle is then SUPERSEDED and
 *     re-planned); empty otherwise
 */
public record Landing(
        String targetRef, String commit, String proposalBranch, String proposalCommit, List<String> reviewers, boolean alreadyLanded,
        int rebasedOver, boolean retested, List<String> conflicts) {

    public Landing {
        reviewers = List.copyOf(reviewers);
        conflicts = conflicts == null ? List.of() : List.copyOf(conflicts);
    }

    /** A landing without a rebase. */
    public Landing(String targetRef, String commit, String proposalBranch, String proposalCommit, List<String> reviewers,
            boolean alreadyLanded) {
        this(targetRef, commit, proposalBranch, proposalCommit, reviewers, alreadyLanded, 0, false, List.of());
    }

    /** How the commit landed: "direct", "rebased", "conflict", or null when no commit landed and nothing conflicted. */
    public String how() {
        if (!conflicts.isEmpty()) {
            return "conflict";
        }
        if (commit == null) {
            return null;
        }
        return rebasedOver > 0 ? "rebased" : "direct";
    }

    /** One line for status and result: "direct", "rebased over 3 commits, retested", "conflict on a.txt, b.txt". */
    public String describe() {
        String how = how();
        if (how == null) {
            return rebasedOver > 0 ? "rebased over " + commits(rebasedOver) + (retested ? ", retested" : "") + "; not landed" : "not landed";
        }
        return switch (how) {
            case "conflict" -> "conflict on " + String.join(", ", conflicts) + " (rebase over " + commits(rebasedOver) + ")";
            case "rebased" -> "rebased over " + commits(rebasedOver) + (retested ? ", retested" : ", not retested");
            default -> "direct";
        };
    }

    /** {@link #describe()} once the cycle landed or got to rebasing onto a moved target; null when there is nothing to say. */
    public String summary() {
        return how() == null && rebasedOver == 0 ? null : describe();
    }

    private static String commits(int n) {
        return n + (n == 1 ? " commit" : " commits");
    }
}
