package io.manybot.core.review;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.manybot.core.declaration.Bot;
import io.manybot.core.review.gitlab.GitlabMergeRequests;
import io.manybot.core.secret.SecretRedactor;
import io.manybot.local.state.StateStore;
import io.manybot.local.state.StoredProposals;
import io.manybot.testing.GitlabApiDouble;
import io.manybot.testing.SettableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The publisher through gitlab4j's real client against GitLab's REST API test double (WireMock on loopback, response
 * shapes from GitLab's documentation); the requests GitLab receives are asserted.
 */
class GitlabMergeRequestsAgainstRecordedApiTest {
    private static final String TOKEN = "glpat-Xq3vB9kLm2Np7Rt5Wz8Y";
    private static final Instant START = Instant.parse("2026-12-06T10:00:00Z");
    private static final String MRS = GitlabApiDouble.PROJECT_PATH + "/merge_requests";

    @TempDir
    Path state;

    private GitlabApiDouble gitlab;
    private StateStore store;
    private StoredProposals records;
    private SettableClock clock;
    private ProposalPublisher publisher;
    private ReviewTarget target;

    @BeforeEach
    void start() throws Exception {
        gitlab = new GitlabApiDouble();
        store = StateStore.open(state);
        records = new StoredProposals(store);
        clock = new SettableClock(START);
        SecretRedactor redactor = new SecretRedactor();
        redactor.register(TOKEN);
        publisher = new ProposalPublisher(records, new RateLimitBackoff(), redactor, clock);
        target = ReviewTarget.of(new Bot.Repository("git@gitlab.example.com:acme/web/shop.git", "main", null,
                new Bot.ReviewHost("gitlab", gitlab.apiUrl(), null, null, null))).orElseThrow();
    }

    @AfterEach
    void stop() {
        gitlab.close();
        store.close();
    }

    private static Bot bot() {
        return new Bot(ReviewCycles.BOT, "docs", List.of("docs/**"), new Bot.Repository("git@gitlab.example.com:acme/web/shop.git", "main", null),
                Bot.Mode.CONTINUOUS, Bot.Schedule.DEFAULT, new Bot.Executor(Bot.ExecutorType.COMMAND, List.of("true"), false, null, null, null),
                null, Bot.Limits.DEFAULT, List.of(), false, false, true, null);
    }

    private Proposal publish(String cycle, String branch, String... paths) {
        return publisher.publish(bot(), ReviewCycles.proposing(cycle, branch, clock.instant(),
                java.util.Arrays.stream(paths).map(ReviewCycles::proposed).toArray(io.manybot.core.cycle.ChangedFile[]::new)),
                target, new GitlabMergeRequests(target.apiUrl(), target.project(), TOKEN, clock)).orElseThrow().proposal();
    }

    @Test
    void theTargetIsTheDeclaredSelfHostedGitlabAndTheProjectPathFromTheUrl() {
        assertEquals(HostKind.GITLAB, target.kind());
        assertEquals(GitlabApiDouble.PROJECT, target.project());
    }

    @Test
    void aProposalOpensOneMergeRequestWithReviewersByIdLabelsAndTheTeamMentioned() {
        String branch = ReviewCycles.branch("c1");
        gitlab.willOpen(12, branch);

        Proposal proposal = publish("c1", branch, "docs/guide.md");

        assertEquals(ProposalState.OPEN, proposal.state());
        assertEquals(12, proposal.number());
        assertEquals("https://gitlab.com/acme/web/shop/-/merge_requests/12", proposal.url());
        List<LoggedRequest> created = gitlab.requests("POST", MRS);
        assertEquals(1, created.size());
        assertEquals(List.of(branch), GitlabApiDouble.form(created.get(0), "source_branch"));
        assertEquals(List.of("main"), GitlabApiDouble.form(created.get(0), "target_branch"));
        assertTrue(GitlabApiDouble.form(created.get(0), "description").get(0).contains("`docs/OWNERS:2:3`"));
        assertEquals(1, gitlab.requests("GET", "/api/v4/users").size(), "alice's id looked up; the bot is not asked");
        List<LoggedRequest> updates = gitlab.requests("PUT", MRS + "/12");
        assertTrue(updates.stream().anyMatch(r -> GitlabApiDouble.form(r, "reviewer_ids[]").equals(List.of("41"))),
                () -> updates.stream().map(LoggedRequest::getBodyAsString).toList().toString());
        assertTrue(updates.stream().anyMatch(r -> GitlabApiDouble.form(r, "labels").equals(List.of("area/docs"))),
                () -> updates.stream().map(LoggedRequest::getBodyAsString).toList().toString());
        List<LoggedRequest> notes = gitlab.requests("POST", MRS + "/12/notes");
        assertEquals(List.of("Review requested from @acme/docs (OWNERS)."), GitlabApiDouble.form(notes.get(0), "body"));
        for (LoggedRequest request : gitlab.requests()) {
            assertEquals(TOKEN, request.getHeader("PRIVATE-TOKEN"));
            assertFalse(request.getBodyAsString().contains(TOKEN));
        }
    }

    @Test
    void aLaterCycleUpdatesTheMergeRequestAndANewerOneClosesItWithANote() {
        String first = ReviewCycles.branch("c1");
        String second = ReviewCycles.branch("c3");
        gitlab.willOpen(12, first);
        gitlab.willOpen(13, second);
        publish("c1", first, "docs/guide.md");
        clock.advance(Duration.ofMinutes(5));
        publish("c2", first, "docs/guide.md");
        assertEquals(1, gitlab.requests("POST", MRS).size(), "updated, not opened again");
        assertTrue(gitlab.requests("PUT", MRS + "/12").stream()
                .anyMatch(r -> GitlabApiDouble.form(r, "description").stream().anyMatch(d -> d.contains("cycle `c2`"))));
        clock.advance(Duration.ofMinutes(5));

        Proposal newer = publish("c3", second, "docs/guide.md");

        assertEquals(13, newer.number());
        assertTrue(gitlab.requests("POST", MRS + "/12/notes").stream().anyMatch(r -> GitlabApiDouble.form(r, "body").get(0)
                .startsWith("Superseded by #13 (branch " + second + "), cycle c3")));
        assertTrue(gitlab.requests("PUT", MRS + "/12").stream().anyMatch(r -> GitlabApiDouble.form(r, "state_event").equals(List.of("close"))));
        assertEquals(ProposalState.SUPERSEDED, records.find(ReviewCycles.BOT, first).orElseThrow().state());
    }

    @Test
    void aRateLimitBacksOffUntilGitlabsResetWithoutARequestStorm() {
        gitlab.rateLimitedUntil(START.plusSeconds(600).getEpochSecond(), 120);

        Proposal first = publish("c1", ReviewCycles.branch("c1"), "docs/a.md");

        assertEquals(ProposalState.WAITING, first.state());
        assertTrue(first.reason().contains("GitLab rate limit reached (HTTP 429); no requests until 2026-12-06T10:02:00Z"), first.reason());
        int seen = gitlab.requests().size();
        publish("c2", ReviewCycles.branch("c2"), "docs/b.md");
        assertEquals(seen, gitlab.requests().size(), "nothing is sent before the reset");
    }

    @Test
    void badCredentialsKeepTheProposalABranchWithTheReason() {
        gitlab.refusesCredentials();

        Proposal proposal = publish("c1", ReviewCycles.branch("c1"), "docs/a.md");

        assertEquals(ProposalState.BRANCH_ONLY, proposal.state());
        assertTrue(proposal.reason().startsWith("GitLab answered 401 Unauthorized"), proposal.reason());
        assertFalse(proposal.reason().contains(TOKEN));
        assertEquals(1, gitlab.requests().size());
    }
}
