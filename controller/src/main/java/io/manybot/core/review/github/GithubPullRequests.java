package io.manybot.core.review.github;

import io.manybot.core.review.HostPullRequest;
import io.manybot.core.review.HostRefusal;
import io.manybot.core.review.PullRequestDraft;
import io.manybot.core.review.PullRequests;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.kohsuke.github.GHFileNotFoundException;
import org.kohsuke.github.GHIOException;
import org.kohsuke.github.GHIssueState;
import org.kohsuke.github.GHPullRequest;
import org.kohsuke.github.GHRepository;
import org.kohsuke.github.GHTeam;
import org.kohsuke.github.GHUser;
import org.kohsuke.github.GitHub;
import org.kohsuke.github.GitHubAbuseLimitHandler;
import org.kohsuke.github.GitHubBuilder;
import org.kohsuke.github.GitHubRateLimitHandler;
import org.kohsuke.github.HttpException;
import org.kohsuke.github.authorization.ImmutableAuthorizationProvider;
import org.kohsuke.github.connector.GitHubConnectorResponse;

/**
 * Pull requests of one GitHub (or GitHub Enterprise) repository, through hub4j's {@code github-api}. The library never
 * sleeps on a rate limit here: its handlers fail at once, and the refusal carries the reset for the core's backoff.
 */
public final class GithubPullRequests implements PullRequests {
    private static final String HOST = "GitHub";

    private final GitHub github;
    private final String repositoryName;
    private final Clock clock;
    private GHRepository repository;

    /**
     * @param apiUrl {@code https://api.github.com}, or GitHub Enterprise's {@code https://HOST/api/v3}
     * @param repositoryName {@code owner/name}
     * @param token a personal access token or an installation token; only ever sent in the Authorization header
     */
    public GithubPullRequests(String apiUrl, String repositoryName, String token, Clock clock) throws HostRefusal {
        this.repositoryName = repositoryName;
        this.clock = clock;
        try {
            // As an installation token: the same "token …" header, without hub4j looking up the token's login (GET /user).
            this.github = new GitHubBuilder().withEndpoint(apiUrl)
                    .withAuthorizationProvider(ImmutableAuthorizationProvider.fromAppInstallationToken(token))
                    .withRateLimitHandler(FAIL_RATE_LIMITED).withAbuseLimitHandler(FAIL_ABUSE_LIMITED).build();
        } catch (IOException e) {
            throw refusal(e);
        }
    }

    /** A rate limit answer ends the request at once, with its headers (hub4j would otherwise sleep until the reset). */
    private static final GitHubRateLimitHandler FAIL_RATE_LIMITED = new GitHubRateLimitHandler() {
        @Override
        public void onError(GitHubConnectorResponse response) throws IOException {
            throw new HttpException(response);
        }
    };

    private static final GitHubAbuseLimitHandler FAIL_ABUSE_LIMITED = new GitHubAbuseLimitHandler() {
        @Override
        public void onError(GitHubConnectorResponse response) throws IOException {
            throw new HttpException(response);
        }
    };

    private synchronized GHRepository repository() throws IOException {
        if (repository == null) {
            repository = github.getRepository(repositoryName);
        }
        return repository;
    }

    @Override
    public Optional<HostPullRequest> findOpen(String head) throws HostRefusal {
        try {
            String owner = repositoryName.substring(0, repositoryName.indexOf('/'));
            for (GHPullRequest pr : repository().queryPullRequests().state(GHIssueState.OPEN).head(owner + ":" + head).list()) {
                if (head.equals(pr.getHead().getRef())) {
                    return Optional.of(of(pr, "open"));
                }
            }
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            throw refusal(e);
        }
    }

    @Override
    public HostPullRequest get(int number) throws HostRefusal {
        try {
            GHPullRequest pr = repository().getPullRequest(number);
            return of(pr, pr.isMerged() ? "merged" : pr.getState() == GHIssueState.OPEN ? "open" : "closed");
        } catch (IOException | RuntimeException e) {
            throw refusal(e);
        }
    }

    @Override
    public HostPullRequest open(PullRequestDraft draft) throws HostRefusal {
        try {
            return of(repository().createPullRequest(draft.title(), draft.head(), draft.base(), draft.body()), "open");
        } catch (IOException | RuntimeException e) {
            throw refusal(e);
        }
    }

    @Override
    public HostPullRequest update(int number, PullRequestDraft draft) throws HostRefusal {
        try {
            GHPullRequest pr = repository().getPullRequest(number);
            if (!draft.title().equals(pr.getTitle())) {
                pr.setTitle(draft.title());
            }
            if (!draft.body().equals(pr.getBody())) {
                pr.setBody(draft.body());
            }
            return of(pr, pr.getState() == GHIssueState.OPEN ? "open" : "closed");
        } catch (IOException | RuntimeException e) {
            throw refusal(e);
        }
    }

    @Override
    public void requestReviewers(int number, List<String> reviewers, List<String> teams) throws HostRefusal {
        try {
            GHPullRequest pr = repository().getPullRequest(number);
            if (!reviewers.isEmpty()) {
                List<GHUser> users = new ArrayList<>();
                for (String login : reviewers) {
                    users.add(github.getUser(login));
                }
                pr.requestReviewers(users);
            }
            if (!teams.isEmpty()) {
                List<GHTeam> found = new ArrayList<>();
                for (String team : teams) {
                    int slash = team.indexOf('/');
                    String org = slash < 0 ? repositoryName.substring(0, repositoryName.indexOf('/')) : team.substring(0, slash);
                    found.add(github.getOrganization(org).getTeamBySlug(team.substring(slash + 1)));
                }
                pr.requestTeamReviewers(found);
            }
        } catch (IOException | RuntimeException e) {
            throw refusal(e);
        }
    }

    @Override
    public void addLabels(int number, List<String> labels) throws HostRefusal {
        try {
            repository().getPullRequest(number).addLabels(labels.toArray(String[]::new));
        } catch (IOException | RuntimeException e) {
            throw refusal(e);
        }
    }

    @Override
    public void close(int number, String comment) throws HostRefusal {
        try {
            GHPullRequest pr = repository().getPullRequest(number);
            pr.comment(comment);
            pr.close();
        } catch (IOException | RuntimeException e) {
            throw refusal(e);
        }
    }

    private static HostPullRequest of(GHPullRequest pr, String state) {
        return new HostPullRequest(pr.getNumber(), pr.getHtmlUrl() == null ? null : pr.getHtmlUrl().toString(), state,
                pr.getHead() == null ? null : pr.getHead().getRef());
    }

    /** The core's refusal for what hub4j threw: the status and headers of the answer, never the request's headers. */
    private HostRefusal refusal(Exception e) {
        if (e instanceof InterruptedIOException) {
            Thread.currentThread().interrupt();
        }
        Map<String, List<String>> headers = e instanceof GHIOException io ? io.getResponseHeaderFields() : null;
        if (e instanceof GHFileNotFoundException notFound) {
            return HostRefusal.of(404, notFound.getResponseHeaderFields(), clock.instant(), HOST, null);
        }
        if (e instanceof HttpException http && http.getResponseCode() > 0) {
            return HostRefusal.of(http.getResponseCode(), headers, clock.instant(), HOST, http.getResponseMessage());
        }
        if (e.getCause() instanceof HttpException http && http.getResponseCode() > 0) {
            return HostRefusal.of(http.getResponseCode(), http.getResponseHeaderFields(), clock.instant(), HOST, http.getResponseMessage());
        }
        return HostRefusal.unreachable(HOST, e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + firstLine(e.getMessage())));
    }

    private static String firstLine(String text) {
        int nl = text.indexOf('\n');
        String line = nl < 0 ? text : text.substring(0, nl);
        return line.length() > 300 ? line.substring(0, 300) + "…" : line;
    }
}
