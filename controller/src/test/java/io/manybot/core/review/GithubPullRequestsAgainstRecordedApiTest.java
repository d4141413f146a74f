package io.manybot.core.review;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.manybot.core.declaration.Bot;
import io.manybot.core.event.Provider;
import io.manybot.core.event.RepositoryEvent;
import io.manybot.core.review.github.GithubPullRequests;
import io.manybot.core.secret.SecretRedactor;
import io.manybot.local.state.StateStore;
import io.manybot.local.state.StoredProposals;
import io.manybot.testing.GithubApiDouble;
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
 * The publisher through hub4j's real GitHub client against GitHub's REST API test double (WireMock on loopback,
 * response shapes from GitHub's documentation): the requests GitHub receives are asserted, proposals kept in a real
 * SQLite state file.
 */
class GithubPullRequestsAgainstRecordedApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "ghp_16C7e42F292c6912E7710c838347Ae178B4a";
    private static final Instant START = Instant.parse("2026-12-06T10:00:00Z");

    @TempDir
    Path state;

    private GithubApiDouble github;
    private StateStore store;
    private StoredProposals records;
    private SettableClock clock;
    private SecretRedactor redactor;
    private ProposalPublisher publisher;
    private ReviewTarget target;

    @BeforeEach
    void start() throws Exception {
        github = new GithubApiDouble();
        store = StateStore.open(state);
        records = new StoredProposals(store);
        clock = new SettableClock(START);
        redactor = new SecretRedactor();
        redactor.register(TOKEN);
        publisher = new ProposalPublisher(records, new RateLimitBackoff(), redactor, clock);
        target = ReviewTarget.of(new Bot.Repository("https://github.com/acme/shop.git", "main", null,
                new Bot.ReviewHost(null, github.apiUrl(), null, null, null))).orElseThrow();
    }

    @AfterEach
    void stop() {
        github.close();
        store.close();
    }

    private PullRequests client() throws HostRefusal {
        return new GithubPullRequests(target.apiUrl(), target.project(), TOKEN, clock);
    }

    private static Bot bot(int openProposals, int perHour) {
        Bot.Limits d = Bot.Limits.DEFAULT;
        return new Bot(ReviewCycles.BOT, "docs", List.of("docs/**"), new Bot.Repository("https://github.com/acme/shop.git", "main", null),
                Bot.Mode.CONTINUOUS, Bot.Schedule.DEFAULT, new Bot.Executor(Bot.ExecutorType.COMMAND, List.of("true"), false, null, null, null),
                null, new Bot.Limits(d.tasksPerCycle(), d.changesPerCycle(), d.cycleTimeout(), d.toolIterations(), null, openProposals, perHour),
                List.of(), false, false, true, null);
    }

    private ProposalPublisher.Published publish(Bot bot, String cycle, String... paths) throws HostRefusal {
        return publisher.publish(bot, ReviewCycles.proposing(cycle, ReviewCycles.branch(cycle), clock.instant(),
                java.util.Arrays.stream(paths).map(ReviewCycles::proposed).toArray(io.manybot.core.cycle.ChangedFile[]::new)),
                target, client()).orElseThrow();
    }

    private static JsonNode body(LoggedRequest request) throws Exception {
        return JSON.readTree(request.getBodyAsString());
    }

    @Test
    void aProposalOpensOnePullRequestWithTheCyclesStoryItsOwnersAsReviewersAndItsLabels() throws Exception {
        String branch = ReviewCycles.branch("c1");
        github.willOpen(1347, branch);

        ProposalPublisher.Published published = publish(bot(10, 2), "c1", "docs/guide.md");

        List<LoggedRequest> opened = github.requests("POST", "/repos/acme/shop/pulls");
        assertEquals(1, opened.size());
        JsonNode pr = body(opened.get(0));
        assertEquals(branch, pr.path("head").asText());
        assertEquals("main", pr.path("base").asText());
        assertEquals("manybot(docs-bot): Format the Python sources", pr.path("title").asText());
        String text = pr.path("body").asText();
        assertTrue(text.contains("goal **tidy-sources**"), text);
        assertTrue(text.contains("| unformatted-files | 6 (40 %) | 2 (80 %) |"), text);
        assertTrue(text.contains("| `docs/guide.md` | modified | review: owned by human:alice (approver at docs/OWNERS:2:3) | `docs/OWNERS:2:3` |"), text);
        assertTrue(text.contains("`python3 -m unittest` passed in 3210 ms"), text);
        assertTrue(text.contains("<!-- manybot-proposal: docs-bot " + branch + " -->"), text);

        List<LoggedRequest> asked = github.requests("POST", "/repos/acme/shop/pulls/1347/requested_reviewers");
        assertEquals(2, asked.size(), "people and teams are requested in one request each");
        assertEquals("[\"alice\"]", body(asked.get(0)).path("reviewers").toString(), "bots are not asked; people by login");
        assertEquals("[\"docs\"]", body(asked.get(1)).path("team_reviewers").toString(), "team:acme/docs by its slug");
        assertEquals(1, github.requests("GET", "/orgs/acme/teams/docs").size());
        List<LoggedRequest> labelled = github.requests("POST", "/repos/acme/shop/issues/1347/labels");
        assertEquals(1, labelled.size());
        assertTrue(body(labelled.get(0)).toString().contains("area/docs"), body(labelled.get(0)).toString());

        Proposal proposal = published.proposal();
        assertEquals(ProposalState.OPEN, proposal.state());
        assertEquals(1347, proposal.number());
        assertEquals("https://github.com/acme/shop/pull/1347", proposal.url());
        assertEquals(proposal, records.find("docs-bot", branch).orElseThrow(), "kept in the state file");
        assertTrue(published.events().get(0).startsWith("opened pull request #1347 https://github.com/acme/shop/pull/1347 for " + branch
                + " (reviewers alice, team acme/docs; labels area/docs)"), published.events().toString());
        for (LoggedRequest request : github.requests()) {
            assertEquals("token " + TOKEN, request.getHeader("Authorization"), "the token travels in the Authorization header");
            assertFalse(request.getBodyAsString().contains(TOKEN), "never in a body: " + request.getUrl());
        }
    }

    @Test
    void aLaterCycleWithTheSameProposalBranchUpdatesItsPullRequestInsteadOfOpeningAnother() throws Exception {
        String branch = ReviewCycles.branch("c1");
        github.willOpen(1347, branch);
        publish(bot(10, 2), "c1", "docs/guide.md");
        clock.advance(Duration.ofMinutes(10));

        // A later cycle finds the same change already proposed on the same branch.
        Proposal again = publisher.publish(bot(10, 2), ReviewCycles.proposing("c2", branch, clock.instant(),
                ReviewCycles.proposed("docs/guide.md")), target, client()).orElseThrow().proposal();

        assertEquals(1, github.requests("POST", "/repos/acme/shop/pulls").size(), "no second pull request");
        assertEquals(1347, again.number());
        assertEquals("c2", again.cycleId());
        List<LoggedRequest> edits = github.requests("PATCH", "/repos/acme/shop/pulls/1347");
        assertTrue(edits.stream().anyMatch(r -> r.getBodyAsString().contains("cycle `c2`")), "the body now tells of the later cycle");
        assertEquals(ProposalState.OPEN, again.state());
    }

    @Test
    void anOpenPullRequestOfTheBranchFoundOnGithubIsAdoptedNotDuplicated() throws Exception {
        String branch = ReviewCycles.branch("c1");
        github.knows(88, branch, "open");
        github.listsOpen(88, branch);

        Proposal proposal = publish(bot(10, 2), "c1", "docs/guide.md").proposal();

        assertEquals(0, github.requests("POST", "/repos/acme/shop/pulls").size());
        assertEquals(88, proposal.number());
        assertEquals(ProposalState.OPEN, proposal.state());
    }

    @Test
    void aNewerProposalOfTheSamePathsClosesTheOlderPullRequestWithACommentSayingWhy() throws Exception {
        github.willOpen(1347, ReviewCycles.branch("c1"));
        github.willOpen(1348, ReviewCycles.branch("c2"));
        publish(bot(10, 5), "c1", "docs/guide.md", "docs/faq.md");
        clock.advance(Duration.ofMinutes(5));

        ProposalPublisher.Published newer = publish(bot(10, 5), "c2", "docs/guide.md");

        assertEquals(1348, newer.proposal().number());
        List<LoggedRequest> comments = github.requests("POST", "/repos/acme/shop/issues/1347/comments");
        assertEquals(1, comments.size());
        String comment = body(comments.get(0)).path("body").asText();
        assertTrue(comment.startsWith("Superseded by #1348 (branch " + ReviewCycles.branch("c2") + "), cycle c2: bot docs-bot now proposes"
                + " a newer version of docs/guide.md."), comment);
        assertTrue(github.requests("PATCH", "/repos/acme/shop/pulls/1347").stream()
                .anyMatch(r -> r.getBodyAsString().contains("\"state\":\"closed\"")), "the older one is closed");
        assertEquals(ProposalState.SUPERSEDED, records.find("docs-bot", ReviewCycles.branch("c1")).orElseThrow().state());
        assertTrue(newer.events().stream().anyMatch(e -> e.startsWith("pull request #1347 closed: Superseded by #1348")), newer.events().toString());
    }

    @Test
    void pastOpenProposalsTheChangeWaitsAsABranchAndOpensOnceAMergeFreesTheSlot() throws Exception {
        github.willOpen(1347, ReviewCycles.branch("c1"));
        github.willOpen(1348, ReviewCycles.branch("c2"));
        Bot bot = bot(1, 10);
        publish(bot, "c1", "docs/guide.md");

        Proposal held = publish(bot, "c2", "docs/other.md").proposal();

        assertEquals(ProposalState.WAITING, held.state());
        assertNull(held.number());
        assertEquals("limits.openProposals 1 reached (open: #1347): waits as a branch", held.reason());
        assertEquals(1, github.requests("POST", "/repos/acme/shop/pulls").size(), "the limit holds the second back");

        // A person merges #1347: the pull_request webhook closes the loop and frees the slot.
        RepositoryEvent.PullRequest merged = new RepositoryEvent.PullRequest(Provider.GITHUB, "d-1", "pull_request",
                new RepositoryEvent.Repository("acme/shop", "https://github.com/acme/shop", List.of(), "main"), 1347, "closed",
                ReviewCycles.branch("c1"), "main", "6dcb09b", "t", "manybot-app", "alice", true, false);
        ProposalEvents.Applied applied = ProposalEvents.apply(merged, records, clock.instant()).orElseThrow();
        assertEquals(ProposalState.MERGED, applied.after().state());
        assertEquals("pull request #1347 for " + ReviewCycles.branch("c1") + " (bot docs-bot): merged, merged by alice", applied.event());

        List<ProposalPublisher.Published> retried = publisher.retryWaiting(bot, target, client());
        assertEquals(1, retried.size());
        assertEquals(1348, retried.get(0).proposal().number());
        assertEquals(ProposalState.OPEN, records.find("docs-bot", ReviewCycles.branch("c2")).orElseThrow().state());
    }

    @Test
    void pastProposalsPerHourTheChangeWaitsUntilTheHourHasPassed() throws Exception {
        github.willOpen(1347, ReviewCycles.branch("c1"));
        github.willOpen(1348, ReviewCycles.branch("c2"));
        Bot bot = bot(10, 1);
        publish(bot, "c1", "docs/a.md");
        clock.advance(Duration.ofMinutes(20));

        Proposal held = publish(bot, "c2", "docs/b.md").proposal();
        assertEquals("limits.proposalsPerHour 1 reached: waits as a branch until 2026-12-06T11:00:00Z", held.reason());

        clock.advance(Duration.ofMinutes(41));
        assertEquals(1348, publisher.retryWaiting(bot, target, client()).get(0).proposal().number());
    }

    @Test
    void badCredentialsKeepTheProposalABranchWithTheReasonAndNeverTheToken() throws Exception {
        github.refusesCredentials();

        Proposal proposal = publish(bot(10, 2), "c1", "docs/guide.md").proposal();

        assertEquals(ProposalState.BRANCH_ONLY, proposal.state());
        assertTrue(proposal.reason().startsWith("GitHub answered 401 Unauthorized: the API token is missing, wrong or expired"), proposal.reason());
        assertFalse(proposal.toString().contains(TOKEN));
        assertFalse(store.proposals(null).toString().contains(TOKEN));
        assertEquals(1, github.requests().size(), () -> "one refused request, then nothing: " + github.requests().stream().map(r -> r.getMethod() + " " + r.getUrl()).toList());
    }

    @Test
    void aRateLimitWithResetBacksOffUntilTheResetWithoutARequestStorm() throws Exception {
        long reset = START.plus(Duration.ofMinutes(30)).getEpochSecond();
        github.rateLimitedUntil(reset);

        Proposal first = publish(bot(10, 10), "c1", "docs/a.md").proposal();
        assertEquals(ProposalState.WAITING, first.state());
        assertTrue(first.reason().contains("GitHub rate limit reached (HTTP 403); no requests until 2026-12-06T10:30:00Z"), first.reason());
        int after = github.requests().size();
        assertEquals(1, after, "the client does not sleep and retry on its own");

        // More cycles before the reset: nothing reaches GitHub.
        clock.advance(Duration.ofMinutes(10));
        Proposal second = publish(bot(10, 10), "c2", "docs/b.md").proposal();
        publisher.retryWaiting(bot(10, 10), target, client());
        assertEquals(after, github.requests().size(), "no request before the reset");
        assertEquals("github rate limit: no requests until 2026-12-06T10:30:00Z", second.reason());

        // After the reset GitHub accepts again and the waiting proposals open, oldest first.
        github.accepts();
        github.willOpen(1347, ReviewCycles.branch("c1"));
        github.willOpen(1348, ReviewCycles.branch("c2"));
        clock.set(Instant.ofEpochSecond(reset).plusSeconds(1));
        List<ProposalPublisher.Published> opened = publisher.retryWaiting(bot(10, 10), target, client());
        assertEquals(List.of(1347, 1348), opened.stream().map(p -> p.proposal().number()).toList());
    }

    @Test
    void aSecondaryRateLimitWithRetryAfterBacksOffForThatLong() throws Exception {
        github.tooManyRequests(90);

        Proposal proposal = publish(bot(10, 10), "c1", "docs/a.md").proposal();

        assertEquals(ProposalState.WAITING, proposal.state());
        assertTrue(proposal.reason().contains("GitHub rate limit reached (HTTP 429); no requests until 2026-12-06T10:01:30Z"), proposal.reason());
        assertEquals(1, github.requests().size());
    }
}
