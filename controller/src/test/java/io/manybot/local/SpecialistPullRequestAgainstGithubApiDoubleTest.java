package io.manybot.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.manybot.cli.ManybotCommand;
import io.manybot.core.cycle.CycleOutcome;
import io.manybot.core.cycle.WorkCycle;
import io.manybot.testing.GitDaemon;
import io.manybot.testing.GitRepos;
import io.manybot.testing.GithubApiDouble;
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
 * A specialist proposal becomes a pull request, with `manybot run`'s controller on a real repository served by {@code git daemon}, against GitHub's REST API
 * test double (WireMock on loopback serving GitHub's documented response shapes, reached through hub4j's real client): the
 * pull request's head is the proposal branch, its body lists the specialist's Goal / Manybot file and its OWNERS file with the
 * OWNERS rule that sent them to review, and the repository's required reviewer is asked. The proposed Manybot works on the
 * same repository (so its own proposals become pull requests too), and `manybot validate` accepts the branch.
 */
class SpecialistPullRequestAgainstGithubApiDoubleTest {
    private static final String TOKEN = "ghp_" + "Sp3c1al1stT0kenF0rTheTest0000000000ab";

    @TempDir
    Path temp;

    @Test
    void theSpecialistProposalIsOnePullRequestAskingTheOwnersReviewers() throws Exception {
        Path served = temp.resolve("served");
        Files.createDirectories(served.resolve("acme"));
        try (GithubApiDouble github = new GithubApiDouble(); GitDaemon daemon = GitDaemon.serve(served)) {
            String url = daemon.url("acme/shop.git");
            github.willOpenAny(77);
            Path tokenFile = temp.resolve("github-token");
            Files.writeString(tokenFile, TOKEN + "\n");
            Path work = temp.resolve("work");
            GitRepos.write(work, Map.of(
                    "OWNERS", "primary: manybot:lead\nreviewers:\n  required:\n    - human:olivia\n",
                    "api/f.txt", "TODO api\n",
                    "scripts/plan.sh", "printf '%s\\n' '{\"specialist\": {\"name\": \"api-bot\", \"objective\": \"No TODO left in api\", "
                            + "\"keyResults\": [\"files with TODO from 1 to 0\"], \"owns\": [\"api/\"]}}'\n",
                    ".manybot/lead.yaml", """
                            apiVersion: manybot.io/v1alpha1
                            kind: Goal
                            metadata: {name: lead}
                            spec:
                              objective: No TODO left
                              start: 2026-11-01
                              deadline: 2027-12-31
                              keyResults:
                                - {name: files-with-todo, baseline: 1, target: 0, direction: decrease}
                            ---
                            apiVersion: manybot.io/v1alpha1
                            kind: Manybot
                            metadata: {name: lead}
                            spec:
                              goal: lead
                              owns: ["**"]
                              mode: triggered
                              repository: {url: "%s", branch: main, host: github, apiUrl: "%s", tokenFile: "%s"}
                              executor: {type: command, command: [sh, -c, "true"]}
                              team:
                                plan: {command: [sh, scripts/plan.sh]}
                            """.formatted(url, github.apiUrl(), tokenFile)));
            GitRepos.initAndCommit(work, "a lead alone");
            Path bare = served.resolve("acme/shop.git");
            Git.cloneRepository().setBare(true).setURI(work.toUri().toString()).setDirectory(bare.toFile()).call().close();
            Path state = temp.resolve("state");
            StringWriter terminal = new StringWriter();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            // pull requests are opened from a run on the remote, where the host sees the pushed branch
            LocalController controller = new LocalController(LocalController.Options.remote(new LocalController.Remote(url, "main",
                    java.time.Duration.ofHours(1), null, null, Map.of()), state, null, 1, ".manybot", java.time.Duration.ofSeconds(20)),
                    new PrintWriter(terminal, true), Clock.systemUTC());
            Thread running = new Thread(() -> {
                try {
                    controller.run();
                } catch (Throwable e) {
                    failure.set(e);
                }
            });
            running.setDaemon(true);
            running.start();
            AtomicReference<WorkCycle> proposing = new AtomicReference<>();
            try {
                LocalCycles.awaitTrue(() -> {
                    LocalCycles.read(state, "lead").stream().filter(c -> c.outcome() == CycleOutcome.PROPOSED
                            && c.landing().pullRequest() != null).findFirst().ifPresent(proposing::set);
                    return proposing.get() != null;
                }, terminal, failure);
            } finally {
                controller.stop();
                running.join(60_000);
            }
            String branch = proposing.get().landing().proposalBranch();
            assertEquals(77, proposing.get().landing().pullRequest().number(), proposing.get().landing().toString());

            List<LoggedRequest> opened = github.requests("POST", "/repos/acme/shop/pulls");
            assertEquals(1, opened.size(), "one pull request");
            JsonNode pr = new ObjectMapper().readTree(opened.get(0).getBodyAsString());
            assertEquals(branch, pr.path("head").asText());
            assertEquals("main", pr.path("base").asText());
            assertEquals("manybot(lead): Propose specialist api-bot for api/", pr.path("title").asText());
            String body = pr.path("body").asText();
            assertTrue(body.contains("`.manybot/api-bot.yaml`") && body.contains("`api/OWNERS`"), body);
            assertTrue(body.contains("ownership files are changed by bots only through review"), body);
            List<LoggedRequest> asked = github.requests("POST", "/repos/acme/shop/pulls/77/requested_reviewers");
            assertTrue(asked.stream().anyMatch(r -> r.getBodyAsString().contains("\"reviewers\":[\"olivia\"]")),
                    asked.stream().map(LoggedRequest::getBodyAsString).toList().toString());
            for (LoggedRequest request : github.requests()) {
                assertFalse(request.getBodyAsString().contains(TOKEN), "the token is in no request body");
            }

            StringWriter out = new StringWriter();
            assertEquals(0, ManybotCommand.execute(new String[] {"validate", "--rev", branch, bare.toString()}, new PrintWriter(out, true),
                    new PrintWriter(out, true)), out.toString());
            try (Git git = Git.open(bare.toFile())) {
                var tree = io.manybot.core.repo.GitCommitTree.at(git.getRepository(), branch);
                String yaml = new String(tree.read(".manybot/api-bot.yaml", 100_000), java.nio.charset.StandardCharsets.UTF_8);
                assertTrue(yaml.contains("url: " + url) && yaml.contains("apiUrl: " + github.apiUrl()),
                        "the specialist works on the lead's repository:\n" + yaml);
            }
        }
    }
}
