package io.manybot.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.manybot.testing.GitDaemon;
import io.manybot.testing.GitRepos;
import io.manybot.testing.GithubApiDouble;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `manybot create … --propose` in a person's clone of a repository served by a real {@code git daemon} on loopback, against
 * GitHub's REST API test double (WireMock serving GitHub's documented shapes, reached through hub4j's real client): the proposal
 * branch is pushed to the clone's remote and one pull request is opened from it into the checked-out branch, asking the
 * --reviewer; the review host and its token come from the declared lead's {@code spec.repository}, as `manybot run` opens a bot's.
 * A second proposal of the same name is refused by the remote (its branch exists there) and says so.
 */
class CreateProposePullRequestAgainstGithubApiDoubleTest {
    private static final String TOKEN = "ghp_" + "Cr3ateC0mmandT0kenF0rTheTest00000000ab";

    @TempDir
    Path temp;

    @Test
    void proposePushesTheBranchAndOpensOnePullRequestAskingTheReviewer() throws Exception {
        Path served = temp.resolve("served");
        Files.createDirectories(served.resolve("acme"));
        try (GithubApiDouble github = new GithubApiDouble(); GitDaemon daemon = GitDaemon.serve(served)) {
            String url = daemon.url("acme/shop.git");
            github.willOpenAny(41);
            Path tokenFile = temp.resolve("github-token");
            Files.writeString(tokenFile, TOKEN + "\n");
            Path work = temp.resolve("work");
            GitRepos.write(work, Map.of(
                    "OWNERS", "primary: human:olivia\n",
                    "api/f.txt", "TODO api\n",
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
                              repository: {url: "%s", branch: main, host: github, apiUrl: "%s", tokenFile: "%s"}
                              executor: {type: command, command: [sh, -c, "true"]}
                            """.formatted(url, github.apiUrl(), tokenFile)));
            GitRepos.initAndCommit(work, "a lead");
            Path bare = served.resolve("acme/shop.git");
            Git.cloneRepository().setBare(true).setURI(work.toUri().toString()).setDirectory(bare.toFile()).call().close();
            Path clone = temp.resolve("clone");
            Git.cloneRepository().setURI(url).setDirectory(clone.toFile()).call().close();

            CommandLineTest.Run run = CommandLineTest.run("create", "api-bot", "--repo", clone.toString(), "--goal", "No TODO left in api",
                    "--kr", "files with TODO from 1 to 0", "--owns", "api/", "--reviewer", "human:carol", "--parent", "lead",
                    "--executor", "command", "--command", "sed -i s/TODO/done/ api/f.txt", "--propose");
            assertEquals(0, run.exit(), run.out() + run.err());
            String branch = "manybot/proposals/api-bot/create";
            assertTrue(run.out().contains("pushed " + branch + " to " + url), run.out());
            assertTrue(run.out().contains("opened pull request #41 on github acme/shop"), run.out());
            assertTrue(run.out().contains("asked for review: carol"), run.out());
            assertFalse((run.out() + run.err()).contains(TOKEN), "the token is never printed");
            try (Git git = Git.open(bare.toFile())) {
                assertNotNull(git.getRepository().resolve("refs/heads/" + branch), "the branch is on the remote");
            }

            List<LoggedRequest> opened = github.requests("POST", "/repos/acme/shop/pulls");
            assertEquals(1, opened.size(), "one pull request");
            JsonNode pr = new ObjectMapper().readTree(opened.get(0).getBodyAsString());
            assertEquals(branch, pr.path("head").asText());
            assertEquals("main", pr.path("base").asText());
            assertEquals("manybot create: propose bot api-bot", pr.path("title").asText());
            String body = pr.path("body").asText();
            assertTrue(body.contains("`.manybot/api-bot.yaml`") && body.contains("`api/OWNERS`"), body);
            List<LoggedRequest> asked = github.requests("POST", "/repos/acme/shop/pulls/41/requested_reviewers");
            assertTrue(asked.stream().anyMatch(r -> r.getBodyAsString().contains("\"reviewers\":[\"carol\"]")),
                    asked.stream().map(LoggedRequest::getBodyAsString).toList().toString());
            for (LoggedRequest request : github.requests()) {
                assertFalse(request.getBodyAsString().contains(TOKEN), "the token is in no request body");
            }
            CommandLineTest.Run validate = CommandLineTest.run("validate", "--rev", branch, bare.toString());
            assertEquals(0, validate.exit(), validate.out() + validate.err());

            // The same proposal from another clone: the remote has the branch, nothing is overwritten, and no second pull request.
            Path other = temp.resolve("other");
            Git.cloneRepository().setURI(url).setDirectory(other.toFile()).call().close();
            try (Git git = Git.open(other.toFile())) {
                git.branchDelete().setBranchNames("refs/heads/" + branch).setForce(true).call();
            }
            CommandLineTest.Run again = CommandLineTest.run("create", "api-bot", "--repo", other.toString(), "--goal", "No TODO left in api",
                    "--kr", "files with TODO from 1 to 0", "--owns", "api/", "--parent", "lead", "--propose");
            assertEquals(2, again.exit(), again.out() + again.err());
            assertTrue(again.err().contains("could not push " + branch) && again.err().contains("has a branch refs/heads/" + branch + " already"),
                    again.err());
            assertEquals(1, github.requests("POST", "/repos/acme/shop/pulls").size(), "still one pull request");
        }
    }
}
