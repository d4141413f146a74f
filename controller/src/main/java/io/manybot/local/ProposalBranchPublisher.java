package io.manybot.local;

import io.manybot.core.declaration.Bot;
import io.manybot.core.mirror.GitCredentials;
import io.manybot.core.mirror.MirrorException;
import io.manybot.core.mirror.PushResult;
import io.manybot.core.mirror.RepositoryMirrors;
import io.manybot.core.ownership.Principal;
import io.manybot.core.review.HostPullRequest;
import io.manybot.core.review.HostRefusal;
import io.manybot.core.review.PullRequestDraft;
import io.manybot.core.review.PullRequests;
import io.manybot.core.review.ReviewHosts;
import io.manybot.core.review.ReviewTarget;
import io.manybot.core.secret.SecretRedactor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.util.FileUtils;

/**
 * Publishes a proposal branch a person made in their clone ({@code manybot create --propose}): pushes it to the clone's
 * remote as a new branch with the git credentials {@code manybot run URL} uses (the {@code MANYBOT_GIT_*} environment
 * variables), then opens the pull (merge) request where a declared bot names the review host of that remote — its
 * {@code spec.repository.host}/{@code apiUrl} and {@code tokenEnv}/{@code tokenFile}, as {@code manybot run} opens a bot's —
 * asking the given reviewers. Each step that cannot happen says why and what to do by hand; messages never carry a
 * credential.
 */
public final class ProposalBranchPublisher {
    /**
     * What happened, one line per step: whether the branch reached the remote, the pull request (or null), and whether a step
     * failed (the remote or the host refused) rather than was not possible (no remote, no review host declared).
     */
    public record Published(boolean pushed, HostPullRequest pullRequest, boolean failed, List<String> lines) {}

    /** What the pull request says and whom it asks; {@code reviewers} are principals ({@code human:x}, {@code team:org/t}). */
    public record Request(String branch, String base, String title, String body, List<String> reviewers, List<String> paths) {}

    private final Map<String, String> env;
    private final Clock clock;
    private final SecretRedactor redactor = new SecretRedactor();

    public ProposalBranchPublisher(Map<String, String> env, Clock clock) {
        this.env = env;
        this.clock = clock;
    }

    /**
     * @param remoteName the clone's remote to push to ({@code origin})
     * @param declared the repository settings to look for the review host in, in order (the new bot's, then the declared bots')
     */
    public Published publish(Repository repository, String remoteName, Request request, Collection<Bot.Repository> declared)
            throws InterruptedException {
        List<String> lines = new ArrayList<>();
        String url = repository.getConfig().getString("remote", remoteName, "url");
        if (url == null || url.isBlank()) {
            lines.add("the repository has no remote '" + remoteName + "': the branch " + request.branch()
                    + " stays in this repository; push it and open a pull request yourself");
            return new Published(false, null, false, lines);
        }
        String shown = RepositoryMirrors.redact(url);
        if (!pushed(repository, url, shown, request.branch(), lines)) {
            return new Published(false, null, true, lines);
        }
        Optional<Bot.Repository> review = reviewSettings(url, declared);
        Optional<ReviewTarget> target;
        try {
            target = review.flatMap(ReviewTarget::of).or(() -> ReviewTarget.of(new Bot.Repository(url, request.base(), null)));
        } catch (IllegalArgumentException e) {
            lines.add("no pull request: " + e.getMessage());
            return new Published(true, null, true, lines);
        }
        if (target.isEmpty()) {
            lines.add("no pull request: no review host is declared for " + shown + " (a bot's spec.repository.host and apiUrl on that url)"
                    + " and it is not github.com or gitlab.com; open one from " + request.branch() + " on your forge");
            return new Published(true, null, false, lines);
        }
        String token;
        try {
            token = ReviewHosts.localToken(review.orElseGet(() -> new Bot.Repository(url, request.base(), null)), env, redactor);
        } catch (IllegalStateException e) {
            lines.add("no pull request on " + target.get().describe() + ": " + e.getMessage() + "; open one from " + request.branch() + " yourself");
            return new Published(true, null, review.isPresent(), lines);
        }
        try (PullRequests pulls = ReviewHosts.client(target.get(), token, clock)) {
            Optional<HostPullRequest> open = pulls.findOpen(request.branch());
            if (open.isPresent()) {
                lines.add("pull request #" + open.get().number() + " is open already: " + open.get().url());
                return new Published(true, open.get(), false, lines);
            }
            HostPullRequest opened = pulls.open(draft(request));
            lines.add("opened pull request #" + opened.number() + " on " + target.get().describe() + ": " + opened.url());
            PullRequestDraft asked = draft(request);
            if (!asked.reviewers().isEmpty() || !asked.teamReviewers().isEmpty()) {
                try {
                    pulls.requestReviewers(opened.number(), asked.reviewers(), asked.teamReviewers());
                    lines.add("asked for review: " + String.join(", ", Stream.concat(asked.reviewers().stream(), asked.teamReviewers().stream()).toList()));
                } catch (HostRefusal e) {
                    lines.add("could not ask for review: " + redactor.redact(e.getMessage()));
                }
            }
            return new Published(true, opened, false, lines);
        } catch (HostRefusal e) {
            lines.add("no pull request on " + target.get().describe() + ": " + redactor.redact(e.getMessage()) + "; open one from "
                    + request.branch() + " yourself");
            return new Published(true, null, true, lines);
        }
    }

    private boolean pushed(Repository repository, String url, String shown, String branch, List<String> lines) throws InterruptedException {
        Path scratch = null;
        try {
            GitCredentials credentials = new LocalGitCredentials(env, null, null, redactor).defaults();
            scratch = Files.createTempDirectory("manybot-push");
            try (RepositoryMirrors mirrors = new RepositoryMirrors(scratch, Duration.ZERO, clock)) {
                PushResult result = mirrors.pushNewBranch(repository, url, Constants.R_HEADS + branch, credentials);
                if (!result.allOk()) {
                    lines.add("could not push " + branch + " to " + shown + ": " + String.join("; ",
                            result.refs().stream().map(PushResult.RefPush::message).toList()));
                    return false;
                }
            }
            lines.add("pushed " + branch + " to " + shown);
            return true;
        } catch (MirrorException | IllegalArgumentException | IOException e) {
            lines.add("could not push " + branch + " to " + shown + ": " + redactor.redact(String.valueOf(e.getMessage()))
                    + " (git credentials: MANYBOT_GIT_TOKEN, or MANYBOT_GIT_USERNAME and MANYBOT_GIT_PASSWORD; MANYBOT_GIT_SSH_KEY and"
                    + " MANYBOT_GIT_KNOWN_HOSTS)");
            return false;
        } finally {
            deleteQuietly(scratch);
        }
    }

    /** The first declared repository on {@code url} (user info aside) that names a review host or token. */
    private static Optional<Bot.Repository> reviewSettings(String url, Collection<Bot.Repository> declared) {
        String plain = RepositoryMirrors.withoutUserInfo(url);
        return declared.stream().filter(r -> r != null && r.url() != null && RepositoryMirrors.withoutUserInfo(r.url()).equals(plain))
                .filter(r -> r.review().host() != null || r.review().apiUrl() != null || r.review().tokenEnv() != null
                        || r.review().tokenFile() != null)
                .findFirst();
    }

    private static PullRequestDraft draft(Request request) {
        List<String> people = new ArrayList<>();
        List<String> teams = new ArrayList<>();
        for (String reviewer : request.reviewers()) {
            Principal principal = Principal.parse(reviewer);
            String id = principal.id().startsWith("@") ? principal.id().substring(1) : principal.id();
            switch (principal.kind()) {
                case HUMAN -> people.add(id);
                case TEAM -> teams.add(id);
                case BOT -> { }
            }
        }
        return new PullRequestDraft(request.title(), request.body(), request.branch(), request.base(), people, teams, List.of(), request.paths());
    }

    private static void deleteQuietly(Path directory) {
        if (directory == null) {
            return;
        }
        try {
            // best effort: the directory is private to the user (an ssh key is written there with owner-only permissions)
            FileUtils.delete(directory.toFile(), FileUtils.RECURSIVE | FileUtils.SKIP_MISSING | FileUtils.IGNORE_ERRORS);
        } catch (IOException ignored) {
            // IGNORE_ERRORS: not thrown
        }
    }
}
