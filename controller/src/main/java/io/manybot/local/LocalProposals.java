package io.manybot.local;

import io.manybot.core.cycle.PullRequestLink;
import io.manybot.core.cycle.WorkCycle;
import io.manybot.core.declaration.Bot;
import io.manybot.core.review.HostRefusal;
import io.manybot.core.review.ProposalPublisher;
import io.manybot.core.review.PullRequests;
import io.manybot.core.review.RateLimitBackoff;
import io.manybot.core.review.ReviewHosts;
import io.manybot.core.review.ReviewTarget;
import io.manybot.core.secret.SecretRedactor;
import io.manybot.local.state.StateStore;
import io.manybot.local.state.StoredProposals;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * The local home's seam to pull requests: after each cycle of a bot whose {@code repository.url} is a GitHub or GitLab
 * remote (or declares {@code repository.host}), the cycle's proposal branch becomes a pull request
 * ({@link ProposalPublisher}) and waiting ones are retried; the cycle's record gets the pull request's number, url and
 * state, and each step is an event of the cycle. Proposals are kept in the state's SQLite file ({@link StoredProposals}).
 *
 * <p>The proposal branch must be where the host sees it before this runs: the controller calls {@link #afterCycle} only
 * in a run on a remote ({@code manybot run URL}), once the branch is pushed there. A run on a local path keeps its
 * proposal branches local and says so.
 */
public final class LocalProposals {
    /** Where events go: the cycle's event log (the recorder). */
    @FunctionalInterface
    public interface Events {
        void event(WorkCycle cycle, String level, String message);
    }

    private final StateStore store;
    private final SecretRedactor redactor;
    private final Clock clock;
    private final Map<String, String> env;
    private final ProposalPublisher publisher;

    public LocalProposals(StateStore store, SecretRedactor redactor, Clock clock, Map<String, String> env) {
        this.store = store;
        this.redactor = redactor;
        this.clock = clock;
        this.env = Map.copyOf(env);
        this.publisher = new ProposalPublisher(new StoredProposals(store), new RateLimitBackoff(), redactor, clock);
    }

    /** Whether a bot's proposals become pull requests here: its repository is a GitHub/GitLab remote or declares a host. */
    public static boolean publishes(Bot bot) {
        try {
            return ReviewTarget.of(bot.repository()).isPresent();
        } catch (IllegalArgumentException e) {
            return bot.repository().review().host() != null;
        }
    }

    /**
     * Publishes the cycle's proposal (if any) and retries the bot's waiting ones; returns the cycle with its landing's pull
     * request, saved. A bot whose repository has no review host gets the cycle back unchanged.
     */
    public WorkCycle afterCycle(Bot bot, WorkCycle cycle, Events events) {
        Optional<ReviewTarget> target;
        try {
            target = ReviewTarget.of(bot.repository());
        } catch (IllegalArgumentException e) {
            events.event(cycle, "error", "no pull request: " + e.getMessage());
            return cycle;
        }
        if (target.isEmpty()) {
            return cycle;
        }
        boolean proposed = cycle.landing() != null && cycle.landing().proposalBranch() != null;
        boolean waiting = store.proposals(bot.name()).stream().anyMatch(p -> !p.state().finished() && !p.state().open());
        if (!proposed && !waiting) {
            return cycle;
        }
        PullRequests host;
        try {
            host = ReviewHosts.client(target.get(), ReviewHosts.localToken(bot.repository(), env, redactor), clock);
        } catch (IllegalStateException | HostRefusal e) {
            String reason = redactor.redact(e.getMessage());
            events.event(cycle, "warn", (proposed ? cycle.landing().proposalBranch() + " stays a branch: " : "waiting proposals not retried: ")
                    + reason);
            return proposed ? saved(cycle, new PullRequestLink(target.get().kind().id(), null, null, "branch-only", reason)) : cycle;
        }
        try (host) {
            WorkCycle result = cycle;
            if (proposed) {
                Optional<ProposalPublisher.Published> published = publisher.publish(bot, cycle, target.get(), host);
                if (published.isPresent()) {
                    published.get().events().forEach(line -> events.event(cycle, level(published.get().proposal().state().id()), line));
                    result = saved(cycle, published.get().proposal().link());
                }
            }
            for (ProposalPublisher.Published retried : publisher.retryWaiting(bot, target.get(), host)) {
                retried.events().forEach(line -> events.event(cycle, level(retried.proposal().state().id()), line));
            }
            return result;
        }
    }

    /**
     * Publishes a meeting's OWNERS change (its proposal branch, already where the host sees it) as a pull request on behalf
     * of the meeting's facilitator bot; returns the minutes with the pull request (unchanged when the bot's repository has
     * no review host).
     */
    public io.manybot.core.meeting.Minutes afterMeeting(Bot bot, io.manybot.core.meeting.Minutes minutes,
            java.util.function.BiConsumer<String, String> events) {
        io.manybot.core.review.PullRequestDraft draft = io.manybot.core.meeting.MeetingDrafts.of(minutes, bot.repository().branch());
        Optional<ReviewTarget> target;
        try {
            target = ReviewTarget.of(bot.repository());
        } catch (IllegalArgumentException e) {
            events.accept("error", "no pull request for meeting " + minutes.meeting() + ": " + e.getMessage());
            return minutes;
        }
        if (draft == null || target.isEmpty()) {
            return minutes;
        }
        PullRequests host;
        try {
            host = ReviewHosts.client(target.get(), ReviewHosts.localToken(bot.repository(), env, redactor), clock);
        } catch (IllegalStateException | HostRefusal e) {
            String reason = redactor.redact(e.getMessage());
            events.accept("warn", minutes.proposalBranch() + " stays a branch: " + reason);
            return minutes.withPullRequest(new PullRequestLink(target.get().kind().id(), null, null, "branch-only", reason));
        }
        try (host) {
            ProposalPublisher.Published published = publisher.publish(bot, draft, minutes.id(), target.get(), host);
            published.events().forEach(line -> events.accept(level(published.proposal().state().id()), line));
            return minutes.withPullRequest(published.proposal().link());
        }
    }

    private WorkCycle saved(WorkCycle cycle, PullRequestLink link) {
        WorkCycle updated = cycle.withLanding(cycle.landing().withPullRequest(link));
        synchronized (store) {
            store.saveCycle(updated);
        }
        return updated;
    }

    private static String level(String state) {
        return state.equals("branch-only") ? "warn" : "info";
    }
}
