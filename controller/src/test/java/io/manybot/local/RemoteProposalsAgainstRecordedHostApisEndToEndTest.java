package io.manybot.local;

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
import io.manybot.local.api.ApiServer;
import io.manybot.local.api.ApiSettings;
import io.manybot.testing.ApiCalls;
import io.manybot.testing.Await;
import io.manybot.testing.GitRepos;
import io.manybot.testing.GithubApiDouble;
import io.manybot.testing.GitlabApiDouble;
import io.manybot.testing.SmartHttpGit;
import io.manybot.testing.SshGitServer;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.Repository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15 end to end: {@code manybot run URL} on a real git server on loopback (git's own smart HTTP server with
 * Basic authentication, and an SSH git server with a key and known_hosts), whose bot's proposals become pull requests
 * on GitHub's and GitLab's REST API test doubles (WireMock on loopback serving the response shapes of their
 * documentation, reached through hub4j's and gitlab4j's real clients). The first cycle lands a commit on the server and
 * pushes a proposal branch, and the host receives one pull request with OWNERS' reviewers and the Prow label; a second
 * cycle proposing the same change updates it; a third change waits as a branch under {@code limits.openProposals: 1}.
 */
class RemoteProposalsAgainstRecordedHostApisEndToEndTest {
    private static final String PASSWORD = "pw-for-alice-3b8d";
    private static final String TOKEN = "ghp_" + "Zx9Yw8Vu7Ts6Rq5Po4Nm3Lk2Ji1Hg0Fe9Dc8";
    private static final String SECRET = "webhook-secret-for-the-test-9c1d";
    private static final String GOAL = """
            apiVersion: manybot.io/v1alpha1
            kind: Goal
            metadata:
              name: no-todos
            spec:
              objective: No TODO left
              start: 2026-11-01
              deadline: 2027-03-31
              keyResults:
                - name: files-with-todo
                  baseline: 2
                  target: 0
                  direction: decrease
                  measurement:
                    command: ["sh", "-c", "grep -rl TODO docs mine | wc -l"]
            """;
    // Lands mine/a.txt (its own), proposes the docs file named last in docs/next (alice's).
    private static final String BOT = """
            apiVersion: manybot.io/v1alpha1
            kind: Manybot
            metadata:
              name: docs-bot
            spec:
              goal: no-todos
              owns: ["mine/**"]
              mode: triggered
              limits: {openProposals: 1}
              repository:
                url: %s
                branch: main
                host: %s
                apiUrl: %s
                tokenFile: %s
              executor:
                type: command
                command: ["sh", "-c", "sed -i s/TODO/done/ mine/a.txt; sed -i s/TODO/done/ \\"$(tail -n 1 docs/next)\\""]
              tests:
                command: ["sh", "-c", "test -f docs/guide.md"]
            """;

    @TempDir
    Path temp;

    private final ObjectMapper json = new ObjectMapper();

    /** What the scenario asks of a host's test double. */
    private record Host(String kind, String project, String apiUrl, Runnable willOpen, Supplier<List<String>> openedHeads,
            Supplier<Boolean> askedReviewersAndLabels, Predicate<String> updatedFor, Supplier<List<LoggedRequest>> requests) {}

    @Test
    void githubOverSmartHttpWithBasicAuthentication() throws Exception {
        try (GithubApiDouble github = new GithubApiDouble()) {
            Host host = new Host("github", "acme/shop", github.apiUrl(), () -> github.willOpenAny(1347),
                    () -> github.requests("POST", "/repos/acme/shop/pulls").stream().map(r -> jsonField(r, "head")).toList(),
                    () -> github.requests("POST", "/repos/acme/shop/pulls/1347/requested_reviewers").stream()
                            .anyMatch(r -> r.getBodyAsString().contains("\"reviewers\":[\"alice\"]"))
                            && github.requests("POST", "/repos/acme/shop/pulls/1347/requested_reviewers").stream()
                                    .anyMatch(r -> r.getBodyAsString().contains("\"team_reviewers\":[\"writers\"]"))
                            && github.requests("POST", "/repos/acme/shop/issues/1347/labels").stream()
                                    .anyMatch(r -> r.getBodyAsString().contains("area/docs")),
                    cycle -> github.requests("PATCH", "/repos/acme/shop/pulls/1347").stream()
                            .anyMatch(r -> r.getBodyAsString().contains("cycle `" + cycle + "`")),
                    github::requests);
            Path served = temp.resolve("served");
            try (SmartHttpGit server = SmartHttpGit.serve(served, "alice", PASSWORD)) {
                LocalController.Remote remote = new LocalController.Remote(server.url("acme/shop.git"), "main", Duration.ofSeconds(1), null,
                        null, Map.of("MANYBOT_GIT_USERNAME", "alice", "MANYBOT_GIT_PASSWORD", PASSWORD));
                scenario(host, served, remote, (calls, branch) -> {
                    // GitHub says a person merged the first one: the webhook updates the proposal's state.
                    byte[] merged = mergedPayload(branch);
                    var answer = calls.post("/webhooks/github", merged, Map.of("X-GitHub-Event", "pull_request", "X-GitHub-Delivery",
                            "d-merge", "Content-Type", "application/json", "X-Hub-Signature-256", WebhookVerifier.sign(SECRET, merged)));
                    assertEquals(202, answer.statusCode(), answer.body());
                    assertEquals("merged", calls.json(answer).path("proposal").path("state").asText(), answer.body());
                    assertTrue(proposals(calls).stream().anyMatch(p -> p.path("branch").asText().equals(branch)
                            && p.path("state").asText().equals("merged") && p.path("reason").asText().equals("merged by alice")));
                });
            }
        }
    }

    @Test
    void gitlabOverSshWithAKeyAndKnownHosts() throws Exception {
        try (GitlabApiDouble gitlab = new GitlabApiDouble()) {
            String mr = GitlabApiDouble.PROJECT_PATH + "/merge_requests";
            Host host = new Host("gitlab", GitlabApiDouble.PROJECT, gitlab.apiUrl(), () -> gitlab.willOpenAny(12),
                    () -> gitlab.requests("POST", mr).stream().map(r -> GitlabApiDouble.form(r, "source_branch").get(0)).toList(),
                    () -> gitlab.requests("PUT", mr + "/12").stream().anyMatch(r -> GitlabApiDouble.form(r, "reviewer_ids[]").equals(List.of("41")))
                            && gitlab.requests("PUT", mr + "/12").stream().anyMatch(r -> GitlabApiDouble.form(r, "labels").equals(List.of("area/docs"))),
                    cycle -> gitlab.requests("PUT", mr + "/12").stream()
                            .anyMatch(r -> GitlabApiDouble.form(r, "description").stream().anyMatch(d -> d.contains("cycle `" + cycle + "`"))),
                    gitlab::requests);
            Path served = temp.resolve("served");
            KeyPair client = SshGitServer.newKeyPair();
            try (SshGitServer server = SshGitServer.serve(served, client.getPublic())) {
                Path credentials = temp.resolve("credentials");
                GitRepos.write(credentials, Map.of("ssh-privatekey", SshGitServer.privateKeyText(client), "known_hosts", server.knownHostsLine()));
                LocalController.Remote remote = new LocalController.Remote(server.url(GitlabApiDouble.PROJECT + ".git"), "main",
                        Duration.ofSeconds(1), credentials, null, Map.of());
                scenario(host, served, remote, (calls, branch) -> {
                    for (LoggedRequest request : gitlab.requests()) {
                        assertEquals(TOKEN, request.getHeader("PRIVATE-TOKEN"), "the token goes in GitLab's header only");
                    }
                });
            }
        }
    }

    @FunctionalInterface
    private interface Then {
        void after(ApiCalls calls, String firstBranch) throws Exception;
    }

    private void scenario(Host host, Path served, LocalController.Remote remote, Then then) throws Exception {
        host.willOpen().run();
        Path tokenFile = temp.resolve("api-token");
        Files.writeString(tokenFile, TOKEN + "\n");
        Path work = temp.resolve("work");
        GitRepos.write(work, Map.of(
                "OWNERS", "approvers:\n  - root-owner\n",
                "mine/OWNERS", "primary: manybot:docs-bot\n",
                "mine/a.txt", "TODO a\n",
                "docs/OWNERS", "approvers:\n  - alice\n  - team:acme/writers\n  - manybot:lint-bot\nlabels:\n  - area/docs\n",
                "docs/guide.md", "TODO write the guide\n",
                "docs/next", "docs/guide.md\n",
                ".manybot/goal.yaml", GOAL,
                ".manybot/docs-bot.yaml", BOT.formatted(remote.url(), host.kind(), host.apiUrl(), tokenFile)));
        GitRepos.initAndCommit(work, "initial");
        Path app = served.resolve(host.project() + ".git");
        Files.createDirectories(app.getParent());
        Git.cloneRepository().setBare(true).setURI(work.toUri().toString()).setDirectory(app.toFile()).call().close();
        Path state = temp.resolve("state");

        StringWriter terminal = new StringWriter();
        LocalController controller = new LocalController(LocalController.Options.remote(remote, state, null, 1, ".manybot",
                Duration.ofSeconds(20)), new PrintWriter(terminal, true), Clock.systemUTC());
        ApiSettings settings = ApiSettings.of("127.0.0.1:0", null, null, Map.of(ApiSettings.WEBHOOK_SECRET_ENV, SECRET));
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread running = new Thread(() -> {
            try {
                controller.run();
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        try {
            try (ApiServer server = ApiServer.start(settings, controller.view())) {
                ApiCalls calls = new ApiCalls("http://127.0.0.1:" + server.port());
                running.start();

                // 1. The first cycle lands mine/a.txt on the server and proposes docs/guide.md: one pull request.
                Await.until(() -> failure.get() != null || pullRequestOf(calls, 1) != null, terminal);
                assertNull(failure.get());
                JsonNode first = calls.json(calls.get("/api/v1/cycles/" + calls.doneCycles("docs-bot").get(0).path("id").asText()));
                String branch = first.path("landing").path("proposalBranch").asText();
                assertTrue(branch.startsWith("manybot/proposals/docs-bot/"), first.toString());
                RemoteRepositoryControllerTest.awaitTip(app, first.path("landing").path("commit").asText(), terminal);
                assertEquals("done a\n", RemoteRepositoryControllerTest.read(app, "main", "mine/a.txt"), "the landing is on the server");
                assertEquals("done write the guide\n", RemoteRepositoryControllerTest.read(app, branch, "docs/guide.md"),
                        "the proposal branch is on the server");
                assertEquals("TODO write the guide\n", RemoteRepositoryControllerTest.read(app, "main", "docs/guide.md"));
                assertEquals(List.of(branch), host.openedHeads().get(), "one pull request, from the pushed branch");
                assertTrue(host.askedReviewersAndLabels().get(), () -> "OWNERS' reviewers and label: " + bodies(host.requests().get()));
                assertEquals("open", first.path("landing").path("pullRequest").path("state").asText(), first.toString());

                // 2. A second cycle proposes the same change: the pull request is updated, not opened again.
                assertEquals(0, cli("trigger", "docs-bot", "--state-dir", state.toString()));
                Await.until(() -> calls.doneCycles("docs-bot").size() >= 2 && pullRequestOf(calls, 2) != null, terminal);
                String second = calls.doneCycles("docs-bot").get(0).path("id").asText();
                assertEquals(List.of(branch), host.openedHeads().get(), "one pull request per proposal");
                assertTrue(host.updatedFor().test(second), () -> "the body tells of the later cycle: " + bodies(host.requests().get()));

                // 3. A person pushes another docs file to do; the bot's next change waits under limits.openProposals: 1.
                Path clone = temp.resolve("person");
                String theirs;
                try (Git git = Git.cloneRepository().setURI(app.toUri().toString()).setDirectory(clone.toFile()).call()) {
                    GitRepos.write(clone, Map.of("docs/other.md", "TODO other\n", "docs/next", "docs/other.md\n"));
                    theirs = GitRepos.commitAll(clone, "another page to do").name();
                    git.push().add("main").call();
                }
                Await.until(() -> theirs.equals(mirrorTip(state)), terminal); // fetched on the 1 s interval
                assertEquals(0, cli("trigger", "docs-bot", "--state-dir", state.toString()));
                Await.until(() -> waiting(calls) != null, terminal);
                JsonNode held = waiting(calls);
                String heldBranch = held.path("branch").asText();
                assertTrue(held.path("reason").asText().startsWith("limits.openProposals 1 reached"), held.toString());
                assertEquals("done other\n", RemoteRepositoryControllerTest.read(app, heldBranch, "docs/other.md"),
                        "the waiting change is a branch on the server");
                assertEquals(List.of(branch), host.openedHeads().get(), "the limit holds the third back");
                StringWriter status = new StringWriter();
                ManybotCommand.execute(new String[] {"status", "--state-dir", state.toString()}, new PrintWriter(status, true),
                        new PrintWriter(new StringWriter(), true));
                assertTrue(status.toString().lines().anyMatch(line -> line.contains(heldBranch) && line.contains("waiting")), status.toString());

                then.after(calls, branch);

                for (LoggedRequest request : host.requests().get()) {
                    assertFalse(request.getBodyAsString().contains(TOKEN));
                }
                assertFalse(calls.everything().contains(TOKEN), "the token is in no API answer");
            }
        } finally {
            controller.stop();
            running.join(60_000);
        }
        assertNull(failure.get());
        assertFalse(terminal.toString().contains(TOKEN) || terminal.toString().contains(PASSWORD), terminal::toString);
        RemoteRepositoryControllerTest.assertNoSecretUnder(state, TOKEN);
        RemoteRepositoryControllerTest.assertNoSecretUnder(state, PASSWORD);
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

    private static List<JsonNode> proposals(ApiCalls calls) throws Exception {
        List<JsonNode> all = new ArrayList<>();
        calls.json(calls.get("/api/v1/proposals")).forEach(all::add);
        return all;
    }

    private static JsonNode waiting(ApiCalls calls) throws Exception {
        return proposals(calls).stream().filter(p -> p.path("state").asText().equals("waiting")).findFirst().orElse(null);
    }

    private static String mirrorTip(Path state) throws Exception {
        try (Stream<Path> mirrors = Files.list(state.resolve("mirrors"))) {
            Path mirror = mirrors.filter(p -> !p.getFileName().toString().startsWith(".")).findFirst().orElseThrow();
            try (Repository repository = Git.open(mirror.toFile()).getRepository()) {
                return repository.resolve("refs/heads/main").name();
            }
        }
    }

    private String jsonField(LoggedRequest request, String field) {
        try {
            return json.readTree(request.getBodyAsString()).path(field).asText();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
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
        return requests.stream().map(r -> r.getMethod() + " " + r.getUrl() + " " + r.getBodyAsString()).toList().toString();
    }

    private static int cli(String... args) {
        return ManybotCommand.execute(args, new PrintWriter(new StringWriter(), true), new PrintWriter(new StringWriter(), true));
    }
}
