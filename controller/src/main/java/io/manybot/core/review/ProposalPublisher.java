package io.manybot.core.review;

import io.manybot.core.cycle.WorkCycle;
import io.manybot.core.declaration.Bot;
import io.manybot.core.secret.SecretRedactor;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Turns a cycle's proposal branch into a pull (merge) request, host-neutrally — both homes call it once the branch is
 * where the host sees it:
 *
 * <ul>
 *   <li>one pull request per proposal branch: a later cycle that proposes the same branch updates it (title, body,
 *       reviewers, labels); an open pull request for the branch found on the host is adopted, never duplicated;</li>
 *   <li>a new proposal touching paths an older open one proposes supersedes it: the older pull request is closed with a
 *       comment naming the newer one;</li>
 *   <li>{@code limits.openProposals} and {@code limits.proposalsPerHour}: past one, the proposal waits as a branch
 *       ({@link ProposalState#WAITING}) and is opened by a later {@link #retryWaiting} once the limit allows;</li>
 *   <li>401/403/404: the proposal stays a branch ({@link ProposalState#BRANCH_ONLY}) with the host's reason; a rate limit
 *       blocks every request to that host until its reset ({@link RateLimitBackoff}).</li>
 * </ul>
 * Every text it stores or sends passes the redactor, which holds the token.
 */
public final class ProposalPublisher {
    private final ProposalRecords records;
    private final RateLimitBackoff backoff;
    private final SecretRedactor redactor;
    private final Clock clock;

    /** A proposal after publishing, and what happened (one line each, for the home's events). */
    public record Published(Proposal proposal, List<String> events) {}

    public ProposalPublisher(ProposalRecords records, RateLimitBackoff backoff, SecretRedactor redactor, Clock clock) {
        this.records = records;
        this.backoff = backoff;
        this.redactor = redactor;
        this.clock = clock;
    }

    /** Publishes {@code cycle}'s proposal branch on {@code host}; empty when the cycle proposed nothing. */
    public Optional<Published> publish(Bot bot, WorkCycle cycle, ReviewTarget target, PullRequests host) {
        PullRequestDraft draft = PullRequestDrafts.of(cycle, redactor);
        if (draft == null) {
            return Optional.empty();
        }
        return Optional.of(publish(bot, draft, cycle.id(), target, host));
    }

    /**
     * Publishes a proposal branch that no cycle made (a meeting's OWNERS change: {@code origin} is its minutes' id) on
     * behalf of {@code bot}, whose limits apply; the draft's texts are redacted here.
     */
    public Published publish(Bot bot, PullRequestDraft unredacted, String origin, ReviewTarget target, PullRequests host) {
        PullRequestDraft draft = new PullRequestDraft(redactor.redact(unredacted.title()), redactor.redact(unredacted.body()),
                unredacted.head(), unredacted.base(), unredacted.reviewers(), unredacted.teamReviewers(), unredacted.labels(), unredacted.paths());
        Instant now = clock.instant();
        Proposal proposal = records.find(bot.name(), draft.head())
                .map(known -> known.withDraft(draft, origin))
                .orElse(new Proposal(bot.name(), draft.head(), origin, target.kind().id(), null, null, ProposalState.WAITING, null,
                        draft, now, null, now));
        List<String> events = new ArrayList<>();
        if (proposal.state().finished()) {
            // Merged or closed by a person, or superseded: the same change is not asked for again.
            events.add(name(target, proposal) + " is " + proposal.state().id() + "; not asked for again");
            return new Published(proposal, events);
        }
        return new Published(attempt(bot, proposal, target, host, events), events);
    }

    /**
     * Opens the bot's waiting pull requests (and retries the ones a host refused) while its limits allow, oldest first; stops
     * at the first refusal so that a bad token or a rate limit costs one request.
     */
    public List<Published> retryWaiting(Bot bot, ReviewTarget target, PullRequests host) {
        List<Proposal> waiting = new ArrayList<>(records.ofBot(bot.name()).stream()
                .filter(p -> (p.state() == ProposalState.WAITING || p.state() == ProposalState.BRANCH_ONLY) && p.draft() != null)
                .toList());
        java.util.Collections.reverse(waiting);
        List<Published> done = new ArrayList<>();
        for (Proposal proposal : waiting) {
            List<String> events = new ArrayList<>();
            Proposal after = attempt(bot, proposal, target, host, events);
            if (after.state() == ProposalState.WAITING && after.reason() != null && after.reason().startsWith("limits.")) {
                break;
            }
            done.add(new Published(after, events));
            if (!after.state().open()) {
                break;
            }
        }
        return done;
    }

    private Proposal attempt(Bot bot, Proposal proposal, ReviewTarget target, PullRequests host, List<String> events) {
        Instant now = clock.instant();
        Optional<Instant> blocked = backoff.blockedUntil(target.apiUrl(), now);
        if (blocked.isPresent()) {
            String reason = target.kind().id() + " rate limit: no requests until " + blocked.get();
            return save(proposal.number() == null ? proposal.with(ProposalState.WAITING, reason, now) : proposal.with(proposal.state(), reason, now),
                    events, name(target, proposal) + " waits: " + reason);
        }
        PullRequestDraft draft = proposal.draft();
        try {
            if (proposal.number() != null && proposal.state().open()) {
                host.update(proposal.number(), draft);
                ask(host, proposal.number(), draft);
                return save(proposal.with(proposal.state(), null, now), events, "updated " + name(target, proposal) + " " + proposal.url()
                        + " for " + proposal.branch() + " (cycle " + proposal.cycleId() + ")");
            }
            List<Proposal> others = records.ofBot(bot.name()).stream().filter(p -> !p.branch().equals(proposal.branch())).toList();
            Set<String> supersedes = supersededBy(proposal, others);
            Optional<HostPullRequest> found = host.findOpen(draft.head());
            Proposal opened;
            if (found.isPresent()) {
                host.update(found.get().number(), draft);
                ask(host, found.get().number(), draft);
                opened = proposal.opened(found.get(), now);
                save(opened, events, "adopted the open " + name(target, opened) + " " + opened.url() + " for " + opened.branch());
            } else {
                Optional<String> held = ProposalLimits.holdBack(bot.limits(), others, p -> supersedes.contains(p.branch()), now);
                if (held.isPresent()) {
                    return save(proposal.with(ProposalState.WAITING, held.get(), now), events,
                            target.kind().requestName() + " for " + proposal.branch() + " not opened: " + held.get());
                }
                HostPullRequest pr = host.open(draft);
                opened = proposal.opened(pr, now);
                save(opened, events, "opened " + name(target, opened) + " " + opened.url() + " for " + opened.branch() + asked(draft));
                ask(host, pr.number(), draft);
            }
            supersede(others, supersedes, opened, target, host, events);
            return records.find(opened.bot(), opened.branch()).orElse(opened);
        } catch (HostRefusal refusal) {
            return refused(proposal, refusal, target, events);
        }
    }

    private Proposal refused(Proposal proposal, HostRefusal refusal, ReviewTarget target, List<String> events) {
        Instant now = clock.instant();
        String reason = redactor.redact(refusal.getMessage());
        if (refusal.kind() == HostRefusal.Kind.RATE_LIMITED) {
            backoff.block(target.apiUrl(), refusal.retryAt());
        }
        ProposalState state;
        if (proposal.number() != null && proposal.state().open()) {
            state = proposal.state();
        } else {
            state = refusal.permanent() ? ProposalState.BRANCH_ONLY : ProposalState.WAITING;
        }
        // Whatever the host said, the proposal branch is already pushed: nothing is lost, the reason is shown.
        return save(proposal.with(state, reason, now), events, name(target, proposal) + " for " + proposal.branch()
                + (state == ProposalState.BRANCH_ONLY ? " stays a branch: " : " waits: ") + reason);
    }

    /** Requests the reviews and sets the labels of {@code draft}. */
    private static void ask(PullRequests host, int number, PullRequestDraft draft) throws HostRefusal {
        if (!draft.reviewers().isEmpty() || !draft.teamReviewers().isEmpty()) {
            host.requestReviewers(number, draft.reviewers(), draft.teamReviewers());
        }
        if (!draft.labels().isEmpty()) {
            host.addLabels(number, draft.labels());
        }
    }

    /** The branches of the bot's unfinished proposals that propose a path {@code proposal} proposes too. */
    private static Set<String> supersededBy(Proposal proposal, List<Proposal> others) {
        Set<String> paths = new HashSet<>(proposal.draft().paths());
        Set<String> out = new HashSet<>();
        for (Proposal other : others) {
            if (!other.state().finished() && other.draft() != null && other.draft().paths().stream().anyMatch(paths::contains)
                    && !other.createdAt().isAfter(proposal.createdAt())) {
                out.add(other.branch());
            }
        }
        return out;
    }

    private void supersede(List<Proposal> others, Set<String> branches, Proposal by, ReviewTarget target, PullRequests host,
            List<String> events) throws HostRefusal {
        for (Proposal old : others) {
            if (!branches.contains(old.branch())) {
                continue;
            }
            String why = "Superseded by " + (by.number() == null ? "" : "#" + by.number() + " (")  + "branch " + by.branch()
                    + (by.number() == null ? "" : ")") + ", cycle " + by.cycleId() + ": bot " + by.bot()
                    + " now proposes a newer version of " + String.join(", ", overlap(old, by)) + ". Review that one instead.";
            if (old.number() != null && old.state().open()) {
                host.close(old.number(), redactor.redact(why));
            }
            save(old.with(ProposalState.SUPERSEDED, why, clock.instant()), events,
                    (old.number() == null ? old.branch() : name(target, old) + " closed") + ": " + why);
        }
    }

    private static List<String> overlap(Proposal old, Proposal by) {
        return old.draft().paths().stream().filter(by.draft().paths()::contains).toList();
    }

    private Proposal save(Proposal proposal, List<String> events, String event) {
        records.save(proposal);
        events.add(redactor.redact(event));
        return proposal;
    }

    private static String name(ReviewTarget target, Proposal proposal) {
        return target.kind().requestName() + (proposal.number() == null ? "" : " #" + proposal.number());
    }

    private static String asked(PullRequestDraft draft) {
        List<String> parts = new ArrayList<>();
        if (!draft.reviewers().isEmpty() || !draft.teamReviewers().isEmpty()) {
            List<String> who = new ArrayList<>(draft.reviewers());
            draft.teamReviewers().forEach(team -> who.add("team " + team));
            parts.add("reviewers " + String.join(", ", who));
        }
        if (!draft.labels().isEmpty()) {
            parts.add("labels " + String.join(", ", draft.labels()));
        }
        return parts.isEmpty() ? "" : " (" + String.join("; ", parts) + ")";
    }
}
