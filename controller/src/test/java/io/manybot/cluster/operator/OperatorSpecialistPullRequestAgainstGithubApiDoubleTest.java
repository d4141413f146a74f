package io.manybot.cluster.operator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.manybot.cli.ManybotCommand;
import io.manybot.cluster.resource.GoalResource;
import io.manybot.cluster.resource.ManybotResource;
import io.manybot.cluster.resource.ManybotSpec;
import io.manybot.cluster.resource.WorkCycleResource;
import io.manybot.cluster.resource.WorkCycleStatus;
import io.manybot.testing.GitRepos;
import io.manybot.testing.GithubApiDouble;
import io.manybot.testing.SmartHttpGit;
import io.manybot.testing.TeamYaml;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.MergeResult;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A specialist proposed by a bot in the cluster home (issue 16): the operator (in-process cycles) on the fabric8 mock API server,
 * the repository served by git's own smart HTTP server on loopback (HTTP Basic from the declared Secret), GitHub's REST API test
 * double (WireMock serving GitHub's documented response shapes, through hub4j) as the review host. The repository declares the
 * lead (its Goal and Manybot in {@code .manybot/}, applied as custom resources as Argo CD would); the lead's plan command prints a
 * {@code {"specialist": …}} line for {@code api/}. Its WorkCycle is PROPOSED: the proposal branch on the remote holds the
 * specialist's Goal, Manybot and {@code api/OWNERS}, {@code manybot validate --rev} accepts it, main is untouched, and one pull
 * request asks the OWNERS reviewer. The test merges the branch as a person would and applies the specialist's Goal and Manybot
 * from main as custom resources, as Argo CD would: the specialist's first cycle lands its work, while {@code web/} stays the lead's.
 */
@EnableKubernetesMockClient(crud = true)
class OperatorSpecialistPullRequestAgainstGithubApiDoubleTest {
    private static final String NS = "specialist";
    private static final String PASSWORD = "s3cret-basic-pass-5c1e";
    private static final String TOKEN = "ghp_" + "Cl5pEc1al1stT0kenF0rTheTest000000000cd";

    /** The plan: one specialist for api/, with its key result, its measurement and its command (a JSON line). */
    private static final String PLAN = "printf '%s\\n' '{\"specialist\": {\"name\": \"api-bot\", \"objective\": \"No TODO left in api\", "
            + "\"keyResults\": [\"files with TODO from 1 to 0\"], \"measure\": [\"grep -rl TODO api | wc -l\"], \"owns\": [\"api/\"], "
            + "\"reviewers\": [\"human:olivia\"], \"command\": \"sed -i s/TODO/done/ api/f.txt\"}}'\n";

    static KubernetesClient client;

    @TempDir
    Path temp;

    private ManybotOperator operator;

    @AfterEach
    void stop() {
        if (operator != null) {
            operator.close();
        }
    }

    @Test
    void theLeadsSpecialistIsOnePullRequestAndRunsOnceItsDeclarationsAreApplied() throws Exception {
        Path served = temp.resolve("served");
        Files.createDirectories(served.resolve("acme"));
        client.secrets().inNamespace(NS).resource(new SecretBuilder().withNewMetadata().withName("git-creds").endMetadata()
                .withStringData(Map.of("username", "alice", "password", PASSWORD)).build()).create();
        client.secrets().inNamespace(NS).resource(new SecretBuilder().withNewMetadata().withName("shop-github-token").endMetadata()
                .withStringData(Map.of("token", TOKEN)).build()).create();
        try (GithubApiDouble github = new GithubApiDouble(); SmartHttpGit git = SmartHttpGit.serve(served, "alice", PASSWORD)) {
            github.willOpenAny(91);
            String url = git.url("acme/shop.git");
            String lead = lead(url, github.apiUrl());
            Path work = temp.resolve("work");
            GitRepos.write(work, Map.of(
                    "OWNERS", "primary: manybot:lead\nreviewers:\n  required:\n    - human:olivia\n",
                    "api/f.txt", "TODO api\n",
                    "web/f.txt", "TODO web\n",
                    "scripts/plan.sh", PLAN,
                    ".manybot/lead.yaml", lead));
            GitRepos.initAndCommit(work, "a lead alone");
            Path bare = served.resolve("acme/shop.git");
            Git.cloneRepository().setBare(true).setURI(work.toUri().toString()).setDirectory(bare.toFile()).call().close();

            operator = new ManybotOperator(client, OperatorFixtures.settings(temp, ManybotSpec.RunnerMode.IN_PROCESS), Clock.systemUTC(), false);
            operator.start();
            applyAsArgoCdWould(lead);

            WorkCycleResource proposing = awaitCycle("lead", "the lead's cycle proposed the specialist with a pull request",
                    s -> "PROPOSED".equals(s.outcome) && s.pullRequest != null && s.pullRequest.number != null);
            WorkCycleStatus status = proposing.getStatus();
            assertNull(status.error, status.error);
            assertNull(status.landedCommit, "nothing landed");
            WorkCycleStatus.TaskState task = status.tasks.get(0);
            assertEquals("Propose specialist api-bot for api/", task.title, task.title);
            assertTrue(task.result.startsWith("proposed specialist manybot:api-bot for api/"), task.result);
            assertEquals(List.of(".manybot/api-bot.yaml", "api/OWNERS"), status.changes.stream().map(c -> c.path).sorted().toList());
            for (WorkCycleStatus.Change change : status.changes) {
                assertEquals("REVIEW", change.decision, change.path);
                assertEquals("ownership files are changed by bots only through review", change.reason);
            }
            String branch = status.proposalBranch;
            assertTrue(branch.startsWith("manybot/proposals/lead/"), branch);
            assertEquals(91, status.pullRequest.number);

            // the branch reached the remote with the specialist's Goal, Manybot and OWNERS; main is untouched
            String owners = readAt(bare, branch, "api/OWNERS");
            assertNotNull(owners, "api/OWNERS on " + branch);
            assertTrue(owners.contains("primary: manybot:api-bot\ndelegates:\n  - principal: manybot:lead\n    level: maintainer\n"), owners);
            String specialist = readAt(bare, branch, ".manybot/api-bot.yaml");
            assertNotNull(specialist, ".manybot/api-bot.yaml on " + branch);
            assertTrue(specialist.contains("kind: Goal") && specialist.contains("kind: Manybot") && specialist.contains("parent: lead"), specialist);
            assertTrue(specialist.contains("url: " + url) && specialist.contains("credentialsSecret: git-creds")
                    && specialist.contains("tokenSecret: shop-github-token"), "the specialist works on the lead's repository:\n" + specialist);
            assertNull(readAt(bare, "main", "api/OWNERS"), "main is untouched until a person merges");
            assertNull(readAt(bare, "main", ".manybot/api-bot.yaml"));

            // `manybot validate` accepts the proposal's tree
            StringWriter out = new StringWriter();
            assertEquals(0, ManybotCommand.execute(new String[] {"validate", "--rev", branch, bare.toString()}, new PrintWriter(out, true),
                    new PrintWriter(out, true)), out.toString());

            // one pull request, its head the proposal branch, asking the OWNERS reviewer, with the declared Secret's token
            List<LoggedRequest> opened = github.requests("POST", "/repos/acme/shop/pulls");
            assertEquals(1, opened.size(), "one pull request");
            JsonNode pr = new ObjectMapper().readTree(opened.get(0).getBodyAsString());
            assertEquals(branch, pr.path("head").asText());
            assertEquals("main", pr.path("base").asText());
            assertEquals("manybot(lead): Propose specialist api-bot for api/", pr.path("title").asText());
            assertTrue(pr.path("body").asText().contains("`.manybot/api-bot.yaml`") && pr.path("body").asText().contains("`api/OWNERS`"),
                    pr.path("body").asText());
            assertEquals("token " + TOKEN, opened.get(0).getHeader("Authorization"), "the token of the declared Secret");
            List<LoggedRequest> asked = github.requests("POST", "/repos/acme/shop/pulls/91/requested_reviewers");
            assertTrue(asked.stream().anyMatch(r -> r.getBodyAsString().contains("\"reviewers\":[\"olivia\"]")),
                    asked.stream().map(LoggedRequest::getBodyAsString).toList().toString());
            for (LoggedRequest request : github.requests()) {
                assertFalse(request.getBodyAsString().contains(TOKEN), "the token is in no request body");
            }

            // a person merges the pull request; Argo CD applies the declarations on main: the specialist's first cycle runs
            merge(bare, branch);
            applyAsArgoCdWould(readAt(bare, "main", ".manybot/api-bot.yaml"));
            WorkCycleResource landed = awaitCycle("api-bot", "the specialist's first cycle landed", s -> "LANDED".equals(s.outcome));
            assertEquals("done api\n", readAt(bare, "main", "api/f.txt"));
            assertEquals("TODO web\n", readAt(bare, "main", "web/f.txt"), "the lead keeps what it did not delegate");
            assertEquals(0.0, landed.getStatus().keyResultsAfter.get(0).value, "the specialist's key result reached its target");
            assertEquals(1, github.requests("POST", "/repos/acme/shop/pulls").size(), "the specialist's landing opened no pull request");
            ManybotResource apiBot = OperatorFixtures.await("the specialist's status shows its parent", () -> {
                ManybotResource b = client.resources(ManybotResource.class).inNamespace(NS).withName("api-bot").get();
                return b.getStatus() != null && b.getStatus().team != null && b.getStatus().team.parent != null ? b : null;
            });
            assertEquals("lead", apiBot.getStatus().team.parent);
        }
    }

    /** The lead's Goal and Manybot, on {@code url} with GitHub's API double as its review host. */
    private static String lead(String url, String apiUrl) {
        return TeamYaml.goal("lead", "api web") + "---\n" + """
                apiVersion: manybot.io/v1alpha1
                kind: Manybot
                metadata: {name: lead}
                spec:
                  goal: lead
                  owns: ["**"]
                  repository: {url: "%s", branch: main, credentialsSecret: git-creds, host: github, apiUrl: "%s", tokenSecret: shop-github-token}
                  mode: triggered
                  executor: {type: command, command: [sh, -c, "true"], timeout: 1m}
                  team:
                    plan: {command: [sh, scripts/plan.sh]}
                """.formatted(url, apiUrl);
    }

    /** Creates each Goal and Manybot of a declarations file in the namespace, as Argo CD syncing the repository would. */
    private static void applyAsArgoCdWould(String yaml) throws Exception {
        for (String document : yaml.split("(?m)^---\\s*$")) {
            if (!document.contains("kind:")) {
                continue;
            }
            Class<? extends HasMetadata> type = document.contains("kind: Goal") ? GoalResource.class : ManybotResource.class;
            HasMetadata resource = Serialization.unmarshal(new ByteArrayInputStream(document.getBytes(StandardCharsets.UTF_8)), type);
            resource.getMetadata().setNamespace(NS);
            client.resource(resource).inNamespace(NS).create();
        }
    }

    /** Merges {@code branch} into main on the remote, as a person merging the pull request would. */
    private void merge(Path bare, String branch) throws Exception {
        Path clone = temp.resolve("reviewer");
        try (Git git = Git.cloneRepository().setURI(bare.toUri().toString()).setDirectory(clone.toFile()).setBranch("main").call()) {
            ObjectId proposal = git.getRepository().resolve("refs/remotes/origin/" + branch);
            assertNotNull(proposal, branch);
            MergeResult merged = git.merge().include(proposal).setMessage("Merge pull request #91: the specialist api-bot").call();
            assertTrue(merged.getMergeStatus().isSuccessful(), merged.toString());
            git.push().add("main").call();
        }
    }

    private static String readAt(Path bare, String branch, String path) throws Exception {
        try (Git git = Git.open(bare.toFile()); RevWalk walk = new RevWalk(git.getRepository())) {
            ObjectId head = git.getRepository().resolve("refs/heads/" + branch);
            assertNotNull(head, "refs/heads/" + branch + " on the remote");
            try (TreeWalk found = TreeWalk.forPath(git.getRepository(), path, walk.parseCommit(head).getTree())) {
                return found == null ? null : new String(git.getRepository().open(found.getObjectId(0)).getBytes(), StandardCharsets.UTF_8);
            }
        }
    }

    /** The first WorkCycle of {@code bot} whose status matches; on a timeout the error names every cycle of the bot and its status. */
    private static WorkCycleResource awaitCycle(String bot, String what, java.util.function.Predicate<WorkCycleStatus> matches) throws Exception {
        try {
            return OperatorFixtures.await(what, () -> cycles(bot).stream().filter(c -> c.getStatus() != null && matches.test(c.getStatus()))
                    .findFirst().orElse(null));
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; the cycles of " + bot + ": " + Serialization.asYaml(cycles(bot)), e);
        }
    }

    private static List<WorkCycleResource> cycles(String bot) {
        return client.resources(WorkCycleResource.class).inNamespace(NS).list().getItems().stream()
                .filter(c -> bot.equals(c.getSpec().bot)).sorted(Comparator.comparing((WorkCycleResource c) -> c.getSpec().cycleId)).toList();
    }
}
