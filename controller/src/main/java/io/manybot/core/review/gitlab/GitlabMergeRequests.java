package io.manybot.core.review.gitlab;

import io.manybot.core.review.HostPullRequest;
import io.manybot.core.review.HostRefusal;
import io.manybot.core.review.PullRequestDraft;
import io.manybot.core.review.PullRequests;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import org.gitlab4j.api.GitLabApi;
import org.gitlab4j.api.GitLabApiException;
import org.gitlab4j.api.models.MergeRequest;
import org.gitlab4j.api.models.MergeRequestFilter;
import org.gitlab4j.api.models.MergeRequestParams;
import org.gitlab4j.api.models.User;
import org.gitlab4j.models.Constants;

/**
 * Merge requests of one GitLab project (gitlab.com or self-hosted), through {@code gitlab4j-api}. GitLab has no team
 * reviewers: teams ({@code group/sub}) are mentioned in a note, which notifies the group's members.
 */
public final class GitlabMergeRequests implements PullRequests {
    private static final String HOST = "GitLab";

    private final GitLabApi gitlab;
    private final String project;
    private final Clock clock;
    private final ResponseHeaders headers = new ResponseHeaders();

    /**
     * @param apiUrl {@code https://gitlab.com} or the self-hosted instance's url
     * @param project the project's path ({@code group/sub/project})
     * @param token a personal, project or group access token; only ever sent in the PRIVATE-TOKEN header
     */
    public GitlabMergeRequests(String apiUrl, String project, String token, Clock clock) {
        this.gitlab = new GitLabApi(apiUrl, token);
        this.gitlab.enableRequestResponseLogging(headers.logger(), Level.FINE, 0);
        this.project = project;
        this.clock = clock;
    }

    @Override
    public synchronized Optional<HostPullRequest> findOpen(String head) throws HostRefusal {
        try {
            MergeRequestFilter filter = new MergeRequestFilter().withSourceBranch(head).withState(Constants.MergeRequestState.OPENED);
            for (MergeRequest mr : gitlab.getMergeRequestApi().getMergeRequests(project, filter)) {
                if (head.equals(mr.getSourceBranch())) {
                    return Optional.of(of(mr));
                }
            }
            return Optional.empty();
        } catch (GitLabApiException | RuntimeException e) {
            throw refusal(e);
        }
    }

    @Override
    public synchronized HostPullRequest get(int number) throws HostRefusal {
        try {
            return of(gitlab.getMergeRequestApi().getMergeRequest(project, (long) number));
        } catch (GitLabApiException | RuntimeException e) {
            throw refusal(e);
        }
    }

    @Override
    public synchronized HostPullRequest open(PullRequestDraft draft) throws HostRefusal {
        try {
            return of(gitlab.getMergeRequestApi().createMergeRequest(project, new MergeRequestParams().withSourceBranch(draft.head())
                    .withTargetBranch(draft.base()).withTitle(draft.title()).withDescription(draft.body())));
        } catch (GitLabApiException | RuntimeException e) {
            throw refusal(e);
        }
    }

    @Override
    public synchronized HostPullRequest update(int number, PullRequestDraft draft) throws HostRefusal {
        try {
            return of(gitlab.getMergeRequestApi().updateMergeRequest(project, (long) number,
                    new MergeRequestParams().withTitle(draft.title()).withDescription(draft.body())));
        } catch (GitLabApiException | RuntimeException e) {
            throw refusal(e);
        }
    }

    @Override
    public synchronized void requestReviewers(int number, List<String> reviewers, List<String> teams) throws HostRefusal {
        try {
            if (!reviewers.isEmpty()) {
                MergeRequest mr = gitlab.getMergeRequestApi().getMergeRequest(project, (long) number);
                Set<Long> ids = new LinkedHashSet<>();
                if (mr.getReviewers() != null) {
                    mr.getReviewers().forEach(reviewer -> ids.add(reviewer.getId()));
                }
                for (String login : reviewers) {
                    User user = gitlab.getUserApi().getUser(login);
                    if (user != null) {
                        ids.add(user.getId());
                    }
                }
                gitlab.getMergeRequestApi().updateMergeRequest(project, (long) number, new MergeRequestParams().withReviewerIds(new ArrayList<>(ids)));
            }
            if (!teams.isEmpty()) {
                gitlab.getNotesApi().createMergeRequestNote(project, (long) number, "Review requested from "
                        + String.join(", ", teams.stream().map(team -> "@" + team).toList()) + " (OWNERS).", null, null);
            }
        } catch (GitLabApiException | RuntimeException e) {
            throw refusal(e);
        }
    }

    @Override
    public synchronized void addLabels(int number, List<String> labels) throws HostRefusal {
        try {
            MergeRequest mr = gitlab.getMergeRequestApi().getMergeRequest(project, (long) number);
            Set<String> all = new LinkedHashSet<>(mr.getLabels() == null ? List.of() : mr.getLabels());
            if (all.addAll(labels)) {
                gitlab.getMergeRequestApi().updateMergeRequest(project, (long) number, new MergeRequestParams().withLabels(new ArrayList<>(all)));
            }
        } catch (GitLabApiException | RuntimeException e) {
            throw refusal(e);
        }
    }

    @Override
    public synchronized void close(int number, String comment) throws HostRefusal {
        try {
            gitlab.getNotesApi().createMergeRequestNote(project, (long) number, comment, null, null);
            gitlab.getMergeRequestApi().updateMergeRequest(project, (long) number,
                    new MergeRequestParams().withStateEvent(Constants.StateEvent.CLOSE));
        } catch (GitLabApiException | RuntimeException e) {
            throw refusal(e);
        }
    }

    @Override
    public void close() {
        gitlab.close();
    }

    private static HostPullRequest of(MergeRequest mr) {
        String state = mr.getState() == null ? "open" : switch (mr.getState()) {
            case "merged" -> "merged";
            case "closed", "locked" -> "closed";
            default -> "open";
        };
        return new HostPullRequest(mr.getIid().intValue(), mr.getWebUrl(), state, mr.getSourceBranch());
    }

    private HostRefusal refusal(Exception e) {
        if (e instanceof GitLabApiException api && api.getHttpStatus() > 0) {
            return HostRefusal.of(api.getHttpStatus(), headers.last(), clock.instant(), HOST, api.getMessage());
        }
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        return HostRefusal.unreachable(HOST, cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage()));
    }
}
