package io.manybot.cluster.review;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.manybot.cluster.operator.KubeEvents;
import io.manybot.cluster.repository.GitSecrets;
import io.manybot.core.cycle.PullRequestLink;
import io.manybot.core.cycle.WorkCycle;
import io.manybot.core.declaration.Bot;
import io.manybot.core.meeting.MeetingDrafts;
import io.manybot.core.meeting.Minutes;
import io.manybot.core.review.PullRequestDraft;
import io.manybot.core.review.HostRefusal;
import io.manybot.core.review.ProposalPublisher;
import io.manybot.core.review.PullRequests;
import io.manybot.core.review.RateLimitBackoff;
import io.manybot.core.review.ReviewHosts;
import io.manybot.core.review.ReviewTarget;
import io.manybot.core.secret.SecretRedactor;
import java.time.Clock;
import java.util.Optional;

/**
 * The cluster home's pull requests: once a cycle's proposal branch is pushed to the remote, it becomes a pull request
 * ({@link ProposalPublisher}; the token from {@code spec.repository.tokenSecret}, else the {@code credentialsSecret})
 * and the bot's waiting ones are retried. Proposals are kept in ConfigMap {@value ConfigMapProposals#NAME}; each step is
 * a Kubernetes Event on the WorkCycle; the cycle's record (and so its status) gets the pull request.
 */
public final class ClusterProposals {
    private final KubernetesClient client;
    private final SecretRedactor redactor;
    private final Clock clock;
    private final KubeEvents events;
    /** One per process: the operator's in-process cycles share it (a runner pod's cycle has its own). */
    private final RateLimitBackoff backoff = new RateLimitBackoff();

    public ClusterProposals(KubernetesClient client, SecretRedactor redactor, Clock clock) {
        this.client = client;
        this.redactor = redactor;
        this.clock = clock;
        this.events = new KubeEvents(client, clock);
    }

    /**
     * The cycle with its pull request, after publishing; unchanged when its repository has no review host. It never throws
     * for the cluster's sake: when the proposals cannot be kept (e.g. RBAC refuses ConfigMap {@value ConfigMapProposals#NAME}),
     * the cycle (whose landing is already pushed) keeps its outcome and its proposal stays a branch, with the reason.
     */
    public WorkCycle afterPush(String namespace, Bot bot, WorkCycle cycle, HasMetadata about) {
        try {
            return publish(namespace, bot, cycle, about);
        } catch (KubernetesClientException e) {
            String reason = "the proposals could not be kept in ConfigMap " + ConfigMapProposals.NAME + " of namespace " + namespace
                    + " (HTTP " + e.getCode() + "; the operator and its runners need get and update on it): "
                    + redactor.redact(String.valueOf(e.getStatus() != null && e.getStatus().getMessage() != null
                            ? e.getStatus().getMessage() : e.getMessage()));
            events.warning(about, "PullRequestNotOpened", reason);
            boolean proposed = cycle.landing() != null && cycle.landing().proposalBranch() != null;
            String host = ReviewTarget.of(bot.repository()).map(t -> t.kind().id()).orElse(null);
            return proposed ? cycle.withLanding(cycle.landing().withPullRequest(new PullRequestLink(host, null, null, "branch-only", reason)))
                    : cycle;
        }
    }

    private WorkCycle publish(String namespace, Bot bot, WorkCycle cycle, HasMetadata about) {
        Optional<ReviewTarget> target;
        try {
            target = ReviewTarget.of(bot.repository());
        } catch (IllegalArgumentException e) {
            events.warning(about, "PullRequestNotOpened", e.getMessage());
            return cycle;
        }
        boolean proposed = cycle.landing() != null && cycle.landing().proposalBranch() != null;
        if (target.isEmpty() || bot.dryRun()) {
            return cycle;
        }
        ConfigMapProposals records = new ConfigMapProposals(client, namespace);
        boolean waiting = records.ofBot(bot.name()).stream().anyMatch(p -> !p.state().finished() && !p.state().open());
        if (!proposed && !waiting) {
            return cycle;
        }
        PullRequests host;
        try {
            String secret = bot.repository().review().tokenSecret() != null ? bot.repository().review().tokenSecret()
                    : bot.repository().credentialsSecret();
            String token = GitSecrets.apiToken(client, namespace, secret);
            redactor.register(token);
            host = ReviewHosts.client(target.get(), token, clock);
        } catch (RuntimeException | HostRefusal e) {
            String reason = redactor.redact(String.valueOf(e.getMessage()));
            events.warning(about, "PullRequestNotOpened", reason);
            return proposed ? cycle.withLanding(cycle.landing().withPullRequest(
                    new PullRequestLink(target.get().kind().id(), null, null, "branch-only", reason))) : cycle;
        }
        ProposalPublisher publisher = new ProposalPublisher(records, backoff, redactor, clock);
        try (host) {
            WorkCycle result = cycle;
            if (proposed) {
                Optional<ProposalPublisher.Published> published = publisher.publish(bot, cycle, target.get(), host);
                if (published.isPresent()) {
                    emit(about, published.get());
                    result = cycle.withLanding(cycle.landing().withPullRequest(published.get().proposal().link()));
                }
            }
            publisher.retryWaiting(bot, target.get(), host).forEach(retried -> emit(about, retried));
            return result;
        }
    }

    /**
     * The minutes with the pull request of their OWNERS change, once its proposal branch is on the remote (issue 16): opened
     * through the same publisher and records as cycles' proposals (the people who attended are asked for review), each step an
     * Event on the Meeting. Unchanged when there is no proposal branch or the repository has no review host; a refused token,
     * API or ConfigMap keeps the proposal a branch with the reason ({@code branch-only}). Never throws for the cluster's sake.
     */
    public Minutes afterMeeting(String namespace, Bot bot, Minutes minutes, HasMetadata about) {
        PullRequestDraft draft = MeetingDrafts.of(minutes, bot.repository().branch());
        Optional<ReviewTarget> target;
        try {
            target = ReviewTarget.of(bot.repository());
        } catch (IllegalArgumentException e) {
            events.warning(about, "PullRequestNotOpened", "no pull request for meeting " + minutes.meeting() + ": " + e.getMessage());
            return minutes;
        }
        if (draft == null || target.isEmpty()) {
            return minutes;
        }
        PullRequests host;
        try {
            String secret = bot.repository().review().tokenSecret() != null ? bot.repository().review().tokenSecret()
                    : bot.repository().credentialsSecret();
            String token = GitSecrets.apiToken(client, namespace, secret);
            redactor.register(token);
            host = ReviewHosts.client(target.get(), token, clock);
        } catch (RuntimeException | HostRefusal e) {
            String reason = redactor.redact(String.valueOf(e.getMessage()));
            events.warning(about, "PullRequestNotOpened", minutes.proposalBranch() + " stays a branch: " + reason);
            return minutes.withPullRequest(new PullRequestLink(target.get().kind().id(), null, null, "branch-only", reason));
        }
        try (host) {
            ProposalPublisher.Published published = new ProposalPublisher(new ConfigMapProposals(client, namespace), backoff, redactor, clock)
                    .publish(bot, draft, minutes.id(), target.get(), host);
            emit(about, published);
            return minutes.withPullRequest(published.proposal().link());
        } catch (KubernetesClientException e) {
            String reason = "the proposals could not be kept in ConfigMap " + ConfigMapProposals.NAME + " of namespace " + namespace
                    + " (HTTP " + e.getCode() + "; the operator needs get and update on it)";
            events.warning(about, "PullRequestNotOpened", reason);
            return minutes.withPullRequest(new PullRequestLink(target.get().kind().id(), null, null, "branch-only", reason));
        }
    }

    private void emit(HasMetadata about, ProposalPublisher.Published published) {
        boolean refused = published.proposal().state() == io.manybot.core.review.ProposalState.BRANCH_ONLY;
        for (String line : published.events()) {
            if (refused) {
                events.warning(about, "PullRequestRefused", line);
            } else {
                events.normal(about, "PullRequest", line);
            }
        }
    }
}
