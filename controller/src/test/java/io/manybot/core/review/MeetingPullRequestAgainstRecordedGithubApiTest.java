package io.manybot.core.review;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.manybot.core.declaration.Bot;
import io.manybot.core.meeting.AgendaItem;
import io.manybot.core.meeting.Decision;
import io.manybot.core.meeting.MeetingDrafts;
import io.manybot.core.meeting.Minutes;
import io.manybot.core.meeting.ResponsibilityChange;
import io.manybot.core.review.github.GithubPullRequests;
import io.manybot.core.secret.SecretRedactor;
import io.manybot.local.state.StateStore;
import io.manybot.local.state.StoredProposals;
import io.manybot.testing.GithubApiDouble;
import io.manybot.testing.SettableClock;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A meeting's OWNERS change through the publisher and hub4j's real GitHub client, against GitHub's REST API test double
 * (WireMock on loopback): one pull request from the meeting's branch, saying what the meeting decided, asking the people who
 * attended (not the bots) for review.
 */
class MeetingPullRequestAgainstRecordedGithubApiTest {
    private static final String TOKEN = "ghp_16C7e42F292c6912E7710c838347Ae178B4a";

    @TempDir
    Path state;

    @Test
    void theMeetingsBranchBecomesOnePullRequestAskingTheAttendingPeople() throws Exception {
        Instant at = Instant.parse("2026-12-06T10:00:00Z");
        String branch = "manybot/meetings/sync/sync-20261206-100000-000";
        Minutes minutes = new Minutes("sync-20261206-100000-000", "sync", "Who answers for shared/", at, "schedule 0 10 * * *",
                List.of("manybot:alpha", "manybot:beta", "human:hana"), "factual rules",
                List.of(new AgendaItem(AgendaItem.Kind.REPEATED_CONFLICT, "alpha and beta conflicted 2 times on shared/config.txt",
                        "cycles c1, c2 did not land", List.of("alpha", "beta"), List.of("shared/config.txt"))),
                List.of(new Decision(1, "beta becomes the primary owner of shared/config.txt", "beta landed 2 commit(s), alpha 0")),
                List.of(), List.of(new ResponsibilityChange("shared/config.txt", "beta", "alpha", "they kept conflicting", "shared/OWNERS")),
                branch, "0123456789abcdef0123456789abcdef01234567", null, null);
        try (GithubApiDouble github = new GithubApiDouble(); StateStore store = StateStore.open(state)) {
            github.willOpen(77, branch);
            SettableClock clock = new SettableClock(at);
            SecretRedactor redactor = new SecretRedactor();
            redactor.register(TOKEN);
            Bot.Repository repository = new Bot.Repository("https://github.com/acme/shop.git", "main", null,
                    new Bot.ReviewHost(null, github.apiUrl(), null, null, null));
            ReviewTarget target = ReviewTarget.of(repository).orElseThrow();
            Bot facilitator = new Bot("beta", "config", List.of("shared/**"), repository, Bot.Mode.CONTINUOUS, Bot.Schedule.DEFAULT,
                    new Bot.Executor(Bot.ExecutorType.COMMAND, List.of("true"), false, null, null, null), null, Bot.Limits.DEFAULT,
                    List.of(), false, false, true, null);
            ProposalPublisher publisher = new ProposalPublisher(new StoredProposals(store), new RateLimitBackoff(), redactor, clock);
            ProposalPublisher.Published published;
            try (PullRequests host = new GithubPullRequests(target.apiUrl(), target.project(), TOKEN, clock)) {
                published = publisher.publish(facilitator, MeetingDrafts.of(minutes, "main"), minutes.id(), target, host);
            }
            List<LoggedRequest> opened = github.requests("POST", "/repos/acme/shop/pulls");
            assertEquals(1, opened.size());
            JsonNode pr = new ObjectMapper().readTree(opened.get(0).getBodyAsString());
            assertEquals(branch, pr.path("head").asText());
            assertEquals("main", pr.path("base").asText());
            assertEquals("manybot(meeting sync): responsibility for shared/config.txt", pr.path("title").asText());
            String body = pr.path("body").asText();
            assertTrue(body.contains("- (1) beta becomes the primary owner of shared/config.txt: beta landed 2 commit(s), alpha 0"), body);
            assertTrue(body.contains("| `shared/OWNERS` | `shared/config.txt` | manybot:beta | manybot:alpha |"), body);
            List<LoggedRequest> asked = github.requests("POST", "/repos/acme/shop/pulls/77/requested_reviewers");
            assertEquals("[\"hana\"]", new ObjectMapper().readTree(asked.get(0).getBodyAsString()).path("reviewers").toString());
            assertEquals(ProposalState.OPEN, published.proposal().state());
            assertEquals(minutes.id(), published.proposal().cycleId(), "the proposal is kept under the minutes' id");
            assertEquals("https://github.com/acme/shop/pull/77", minutes.withPullRequest(published.proposal().link()).pullRequest().url());
        }
    }
}
