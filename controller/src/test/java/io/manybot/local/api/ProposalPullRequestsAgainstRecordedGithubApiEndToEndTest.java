package io.manybot.local.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.manybot.cli.ManybotCommand;
import io.manybot.core.event.WebhookVerifier;
import io.manybot.local.LocalController;
import io.manybot.testing.ApiCalls;
import io.manybot.testing.Await;
import io.manybot.testing.GitRepos;
import io.manybot.testing.GithubApiDouble;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end on a real repository, against GitHub's REST API test double (WireMock on loopback serving GitHub's
 * documented response shapes, reached through hub4j's real client): a cycle whose change OWNERS send to review lands
 * on a proposal branch, and the pull request GitHub receives carries the cycle's story, OWNERS' reviewers (a person and
 * a team) and the Prow OWNERS label; a later cycle proposing the same change updates that pull request; a signed
 * {@code pull_request} webhook saying it was merged updates the state the HTTP API shows.
 */
class ProposalPullRequestsAgainstRecordedGithubApiEndToEndTest {
    private static final String SECRET = "webhook-secret-for-the-test-9c1d";
    private static final String TOKEN = "ghp_" + "Zx9Yw8Vu7Ts6Rq5Po4Nm3Lk2Ji1Hg0Fe9Dc8";
    private static final String GOAL = """
            apiVersion: manybot.io/v1alpha1
            kind: Goal
            metadata:
              name: no-todos
            spec:
              objective: No TODO left in the docs
              start: 2026-11-01
              deadline: 2027-03-31
              keyResults:
                - name: docs-with-todo
                  baseline: 1
                  target: 0
                  direction: decrease
                  measurement:
                    command: ["sh", "-c", "grep -rl TODO docs | wc -l"]
            """;
    private static final String BOT = """
            apiVersion: manybot.io/v1alpha1
            kind: Manybot
            metadata:
              name: docs-bot
            spec:
              goal: no-todos
              owns: ["mine/**"]
              mode: triggered
              repository:
                url: https://github.com/acme/shop.git
                branch: main
                apiUrl: %s
                tokenFile: %s
              executor:
                type: command
                command: ["sh", "-c", "sed -i s/TODO/done/ docs/guide.md"]
              tests:
                command: ["sh", "-c", "test -f docs/guide.md"]
            """;

    @TempDir
    Path temp;

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void aReviewVerdictBecomesOnePullRequestThatLaterCyclesUpdateAndAMergeWebhookCloses() throws Exception {
        try (GithubApiDouble github = new GithubApiDouble()) {
            github.willOpenAny(1347);
            Path tokenFile = temp.resolve("github-token");
            Files.writeString(tokenFile, TOKEN + "\n");
            Path work = temp.resolve("work");
            GitRepos.write(work, Map.of(
                    "OWNERS", "approvers:\n  - root-owner\n",
                    "mine/OWNERS", "primary: manybot:docs-bot\n",
                    "docs/OWNERS", "approvers:\n  - alice\n  - team:acme/writers\n  - manybot:lint-bot\nlabels:\n  - area/docs\n",
                    "docs/guide.md", "TODO write the guide\n",
                    ".manybot/goal.yaml", GOAL,
                    ".manybot/docs-bot.yaml", BOT.formatted(github.apiUrl(), tokenFile)));
            GitRepos.initAndCommit(work, "initial");
            Path bare = temp.resolve("repo.git");
            Git.cloneRepository().setBare(true).setURI(work.toUri().toString()).setDirectory(bare.toFile()).call().close();
            Path state = temp.resolve("state");

            StringWriter terminal = new StringWriter();
            LocalController controller = new LocalController(new LocalController.Options(bare, state, null, 1, ".manybot"),
                    new PrintWriter(terminal, true), Clock.systemUTC());
            ApiSettings settings = ApiSettings.of("127.0.0.1:0", null, null, Map.of(ApiSettings.WEBHOOK_SECRET_ENV, SECRET));
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread running = new Thread(() -> {
                try {
                    controller.run();
                } catch (Throwable e) {
                    failure.set(e);
                }
            });
            try (ApiServer server = ApiServer.start(settings, controller.view())) {
                ApiCalls calls = new ApiCalls("http://127.0.0.1:" + server.port());
                running.start();

                // The first cycle proposes docs/guide.md (alice's) and the pull request is opened.
                await(() -> pullRequestOf(calls, 1) != null, terminal);
                JsonNode first = calls.doneCycles("docs-bot").get(0);
                assertEquals("PROPOSED", first.path("outcome").asText(), terminal::toString);
                assertEquals(1347, first.path("pullRequest").path("number").asInt(), first.toString());
                JsonNode cycle = calls.json(calls.get("/api/v1/cycles/" + first.path("id").asText()));
                String branch = cycle.path("landing").path("proposalBranch").asText();
                assertTrue(branch.startsWith("manybot/proposals/docs-bot/"), cycle.toString());
                assertEquals("open", cycle.path("landing").path("pullRequest").path("state").asText());
                assertEquals("https://github.com/acme/shop/pull/1347", cycle.path("landing").path("pullRequest").path("url").asText());

                List<LoggedRequest> opened = github.requests("POST", "/repos/acme/shop/pulls");
                assertEquals(1, opened.size());
                JsonNode pr = json.readTree(opened.get(0).getBodyAsString());
                assertEquals(branch, pr.path("head").asText());
                assertEquals("main", pr.path("base").asText());
                String body = pr.path("body").asText();
                assertTrue(body.contains("| docs-with-todo | 1 (0 %) | 1 (0 %) |"), body); // measured on what landed: the proposal has not
                assertTrue(body.contains("`docs/guide.md`") && body.contains("`docs/OWNERS:"), body);
                assertTrue(body.contains("`sh -c test -f docs/guide.md` passed"), body);
                List<LoggedRequest> asked = github.requests("POST", "/repos/acme/shop/pulls/1347/requested_reviewers");
                assertTrue(asked.stream().anyMatch(r -> r.getBodyAsString().contains("\"reviewers\":[\"alice\"]")), bodies(asked));
                assertTrue(asked.stream().anyMatch(r -> r.getBodyAsString().contains("\"team_reviewers\":[\"writers\"]")), bodies(asked));
                assertTrue(github.requests("POST", "/repos/acme/shop/issues/1347/labels").get(0).getBodyAsString().contains("area/docs"));
                JsonNode proposals = calls.json(calls.get("/api/v1/bots/docs-bot/proposals"));
                assertEquals("open", proposals.get(0).path("state").asText(), proposals.toString());

                // A second cycle proposes the same change: the pull request is updated, not opened again.
                assertEquals(0, cli("trigger", "docs-bot", "--state-dir", state.toString()));
                await(() -> calls.doneCycles("docs-bot").size() >= 2 && pullRequestOf(calls, 2) != null, terminal);
                String second = calls.doneCycles("docs-bot").get(0).path("id").asText();
                assertEquals(1, github.requests("POST", "/repos/acme/shop/pulls").size(), "one pull request per proposal");
                assertTrue(github.requests("PATCH", "/repos/acme/shop/pulls/1347").stream()
                        .anyMatch(r -> r.getBodyAsString().contains("cycle `" + second + "`")), "the body tells of the later cycle");

                StringWriter status = new StringWriter();
                ManybotCommand.execute(new String[] {"status", "--state-dir", state.toString()}, new PrintWriter(status, true),
                        new PrintWriter(new StringWriter(), true));
                assertTrue(status.toString().lines().anyMatch(line -> line.startsWith("docs-bot") && line.contains(branch)
                        && line.matches(".*#1347 https://github.com/acme/shop/pull/1347 +open.*")), status.toString());

                // GitHub says a person merged it: the webhook updates the proposal's state.
                byte[] merged = mergedPayload(branch);
                var answer = calls.post("/webhooks/github", merged, Map.of("X-GitHub-Event", "pull_request", "X-GitHub-Delivery", "d-merge",
                        "Content-Type", "application/json", "X-Hub-Signature-256", WebhookVerifier.sign(SECRET, merged)));
                assertEquals(202, answer.statusCode(), answer.body());
                assertEquals("merged", calls.json(answer).path("proposal").path("state").asText(), answer.body());
                JsonNode after = calls.json(calls.get("/api/v1/proposals")).get(0);
                assertEquals("merged", after.path("state").asText());
                assertEquals("merged by alice", after.path("reason").asText());
                assertEquals(0, calls.json(calls.get("/api/v1/bots/docs-bot")).path("proposals").size(), "no open proposal left");

                for (LoggedRequest request : github.requests()) {
                    assertFalse(request.getBodyAsString().contains(TOKEN));
                }
                assertFalse(calls.everything().contains(TOKEN), "the token is in no API answer");
                assertFalse(terminal.toString().contains(TOKEN), "nor in the terminal");
            } finally {
                controller.stop();
                running.join(60_000);
            }
            assertNull(failure.get());
        }
    }

    /** The pull request of the {@code n}th finished cycle (the API lists newest first), once its record has one. */
    private static JsonNode pullRequestOf(ApiCalls calls, int n) throws Exception {
        List<JsonNode> done = calls.doneCycles("docs-bot");
        if (done.size() < n) {
            return null;
        }
        JsonNode pr = done.get(done.size() - n).path("pullRequest");
        return pr.isMissingNode() || pr.isNull() ? null : pr;
    }

    private byte[] mergedPayload(String branch) throws Exception {
        try (InputStream in = getClass().getResourceAsStream("/webhooks/github-pull-request-opened.json")) {
            ObjectNode root = (ObjectNode) json.readTree(in);
            root.put("action", "closed");
            root.put("number", 1347);
            ObjectNode pr = (ObjectNode) root.path("pull_request");
            pr.put("number", 1347).put("state", "closed").put("merged", true);
            ((ObjectNode) pr.path("head")).put("ref", branch);
            ((ObjectNode) pr.path("base")).put("ref", "main");
            ((ObjectNode) root.path("sender")).put("login", "alice");
            ((ObjectNode) root.path("repository")).put("full_name", "acme/shop").put("clone_url", "https://github.com/acme/shop.git");
            return json.writeValueAsBytes(root);
        }
    }

    private static String bodies(List<LoggedRequest> requests) {
        return requests.stream().map(LoggedRequest::getBodyAsString).toList().toString();
    }

    private static int cli(String... args) {
        return ManybotCommand.execute(args, new PrintWriter(new StringWriter(), true), new PrintWriter(new StringWriter(), true));
    }

    private static void await(Await.Check check, StringWriter terminal) throws Exception {
        Await.until(check, terminal);
    }
}
