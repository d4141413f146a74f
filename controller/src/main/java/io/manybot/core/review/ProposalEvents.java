package io.manybot.core.review;

import io.manybot.core.event.RepositoryEvent;
import java.time.Instant;
import java.util.Optional;

/**
 * The loop closes: a {@code pull_request} / {@code merge_request} webhook (merged, closed, reopened) or a submitted
 * {@code pull_request_review} (changes requested, approved) about a proposal branch updates that proposal's state.
 */
public final class ProposalEvents {
    static final String PROPOSALS = "manybot/proposals/";

    private ProposalEvents() {}

    /** The bot whose proposal branch {@code branch} is ({@code manybot/proposals/<bot>/<cycle>}), if it is one. */
    public static Optional<String> botOf(String branch) {
        if (branch == null || !branch.startsWith(PROPOSALS)) {
            return Optional.empty();
        }
        String rest = branch.substring(PROPOSALS.length());
        int slash = rest.indexOf('/');
        return slash <= 0 ? Optional.empty() : Optional.of(rest.substring(0, slash));
    }

    /** What the event did to a proposal, for the home's events and its answer. */
    public record Applied(Proposal before, Proposal after, String event) {}

    /**
     * Applies {@code event} to the proposal of its head branch, if Manybot keeps one: the new state is saved and returned;
     * empty when the branch is no proposal, none is kept, or the event changes nothing (new commits, a comment).
     */
    public static Optional<Applied> apply(RepositoryEvent.PullRequest event, ProposalRecords records, Instant now) {
        String branch = event.headBranch();
        Optional<String> bot = botOf(branch);
        if (bot.isEmpty()) {
            return Optional.empty();
        }
        Optional<Proposal> known = records.find(bot.get(), branch);
        if (known.isEmpty()) {
            return Optional.empty();
        }
        Proposal before = known.get();
        ProposalState next = switch (event.action()) {
            case "closed" -> event.merged() ? ProposalState.MERGED
                    : before.state() == ProposalState.SUPERSEDED ? ProposalState.SUPERSEDED : ProposalState.CLOSED;
            case "reopened", "opened", "ready_for_review" -> ProposalState.OPEN;
            case "changes_requested" -> ProposalState.CHANGES_REQUESTED;
            case "approved" -> before.state() == ProposalState.CHANGES_REQUESTED ? ProposalState.OPEN : before.state();
            default -> before.state();
        };
        boolean learnsNumber = before.number() == null && event.number() > 0;
        if (next == before.state() && !learnsNumber) {
            return Optional.empty();
        }
        String by = event.sender() == null ? "" : " by " + event.sender();
        String reason = switch (next) {
            case MERGED -> "merged" + by;
            case CLOSED -> "closed without merging" + by;
            case CHANGES_REQUESTED -> "changes requested" + by;
            case OPEN -> before.state() == ProposalState.OPEN ? null : event.action().replace('_', ' ') + by;
            default -> before.reason();
        };
        Integer number = before.number() != null ? before.number() : Integer.valueOf(event.number());
        Proposal after = new Proposal(before.bot(), before.branch(), before.cycleId(), before.host(), number, before.url(), next, reason,
                before.draft(), before.createdAt(), before.openedAt(), now);
        records.save(after);
        String name = (event.provider() == io.manybot.core.event.Provider.GITLAB ? "merge request" : "pull request") + " #" + number;
        return Optional.of(new Applied(before, after, name + " for " + branch + " (bot " + after.bot() + "): "
                + (reason == null ? next.id() : next.id() + ", " + reason)));
    }
}
