package io.manybot.core.review;

import io.manybot.core.cycle.PullRequestLink;
import java.time.Instant;

/**
 * A bot's proposal branch and its pull request, as the home keeps it (local: SQLite; cluster: the WorkCycle's status).
 *
 * @param host {@code github}/{@code gitlab}, or null when no review host is configured
 * @param number the pull request's number, or null while none is open
 * @param draft what the pull request says (kept so that a waiting proposal can be opened later, without its cycle)
 * @param openedAt when its pull request was opened (what {@code limits.proposalsPerHour} counts), or null
 */
public record Proposal(
        String bot, String branch, String cycleId, String host, Integer number, String url, ProposalState state, String reason,
        PullRequestDraft draft, Instant createdAt, Instant openedAt, Instant updatedAt) {

    public Proposal with(ProposalState newState, String newReason, Instant now) {
        return new Proposal(bot, branch, cycleId, host, number, url, newState, newReason, draft, createdAt, openedAt, now);
    }

    Proposal opened(HostPullRequest pr, Instant now) {
        return new Proposal(bot, branch, cycleId, host, pr.number(), pr.url(), ProposalState.OPEN, null, draft, createdAt,
                openedAt == null ? now : openedAt, now);
    }

    Proposal withDraft(PullRequestDraft newDraft, String newCycleId) {
        return new Proposal(bot, branch, newCycleId, host, number, url, state, reason, newDraft, createdAt, openedAt, updatedAt);
    }

    /** What a cycle record and status show of it. */
    public PullRequestLink link() {
        return new PullRequestLink(host, number, url, state.id(), reason);
    }
}
