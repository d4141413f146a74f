package io.manybot.cluster.operator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.manybot.cluster.directives.DirectivesConfigMap;
import io.manybot.cluster.resource.GoalResource;
import io.manybot.cluster.resource.ManybotResource;
import io.manybot.cluster.resource.ManybotSpec;
import io.manybot.cluster.resource.MeetingResource;
import io.manybot.cluster.resource.MeetingStatus;
import io.manybot.cluster.resource.WorkCycleResource;
import io.manybot.cluster.resource.WorkCycleSpec;
import io.manybot.cluster.resource.WorkCycleStatus;
import io.manybot.cluster.review.ConfigMapProposals;
import io.manybot.cluster.team.ConfigMapTeamBoard;
import io.manybot.core.team.Priority;
import io.manybot.core.team.TeamTask;
import io.manybot.testing.GitRepos;
import io.manybot.testing.GithubApiDouble;
import io.manybot.testing.SmartHttpGit;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cluster meeting's OWNERS change becomes a pull request, against GitHub's REST API test double (WireMock serving GitHub's
 * documented response shapes, through hub4j): the operator on the fabric8 mock API server, the repository served by git's own
 * smart HTTP server on loopback (HTTP Basic from the declared Secret). Beta landed twice on {@code api/x.txt} where two of
 * alpha's cycles conflicted; the meeting (due at once: the operator's clock is a month ahead) pushes its proposal branch,
 * opens one pull request for it with the token of the declared Secret, keeps it in ConfigMap manybot-proposals and shows it
 * in {@code status.lastMinutes.pullRequest}. The team board holds a task of alpha's that the live directives' BLOCKED holds
 * back: it is on the agenda.
 */
@EnableKubernetesMockClient(crud = true)
class OperatorMeetingPullRequestAgainstGithubApiDoubleTest {
    private static final String NS = "meetpr";
    private static final String PASSWORD = "s3cret-basic-pass-9f2d";
    private static final String TOKEN = "ghp_" + "Mt9Pr2Op4Wn6Er8Sh1Ip3Ch5An7Ge9Xy0Zq2";
    private static final String OPERATOR_NAMESPACE = "manybot-system";
    private static final String DIRECTIVES = """
            <!--
            _meta:
              updated: 2026-12-06T12:00:00Z
              version: 1
              status: active
            -->
            <!-- BLOCKED: `api/y.txt` waits for the schema review -->
            """;

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
    void theMeetingsProposalBranchBecomesAPullRequestShownInItsStatus() throws Exception {
        Path work = temp.resolve("work");
        GitRepos.write(work, Map.of("OWNERS", "primary: manybot:alpha\ndelegates: [manybot:beta]\n", "api/x.txt", "zero\n"));
        RevCommit base = GitRepos.initAndCommit(work, "start");
        try (Git git = Git.open(work.toFile())) {
            for (String line : List.of("one", "two")) {
                GitRepos.write(work, Map.of("api/x.txt", line + "\n"));
                git.add().addFilepattern(".").call();
                git.commit().setMessage("beta writes " + line + "\n\nManybot-Bot: beta\n").call();
            }
        }
        Path served = temp.resolve("served");
        Path bare = served.resolve("acme/shop.git");
        Files.createDirectories(bare.getParent());
        Git.cloneRepository().setBare(true).setURI(work.toUri().toString()).setDirectory(bare.toFile()).call().close();
        conflictedCycles(base.name());
        client.secrets().inNamespace(NS).resource(new SecretBuilder().withNewMetadata().withName("git-creds").endMetadata()
                .withStringData(Map.of("username", "alice", "password", PASSWORD)).build()).create();
        client.secrets().inNamespace(NS).resource(new SecretBuilder().withNewMetadata().withName("shop-github-token").endMetadata()
                .withStringData(Map.of("token", TOKEN)).build()).create();
        new ConfigMapTeamBoard(client, NS).apply(List.of(board -> board.enqueue("alpha", new TeamTask("directives/held", "Document `api/y.txt`",
                "a priority", List.of("api/y.txt"), Priority.NORMAL, TeamTask.Origin.DIRECTIVES, "directives", 0, Instant.now()))));
        client.resource(DirectivesConfigMap.configMap(OPERATOR_NAMESPACE, "manybot-directives", DIRECTIVES)).create();

        try (GithubApiDouble github = new GithubApiDouble(); SmartHttpGit git = SmartHttpGit.serve(served, "alice", PASSWORD)) {
            github.willOpenAny(77);
            String url = git.url("acme/shop.git");
            OperatorSettings settings = OperatorFixtures.withDirectives(OperatorFixtures.settings(temp, ManybotSpec.RunnerMode.IN_PROCESS),
                    OPERATOR_NAMESPACE, "manybot-directives");
            operator = new ManybotOperator(client, settings, Clock.offset(Clock.systemUTC(), Duration.ofDays(40)), false);
            operator.start();
            create(GOAL, GoalResource.class);
            create(bot("alpha", url, github.apiUrl()), ManybotResource.class);
            create(bot("beta", url, github.apiUrl()), ManybotResource.class);
            create("""
                    apiVersion: manybot.io/v1alpha1
                    kind: Meeting
                    metadata: {name: api-sync}
                    spec:
                      topic: Who owns the API
                      schedule: "0 6 1 * *"
                      attendees: ["manybot:alpha", "manybot:beta", "human:hana"]
                    """, MeetingResource.class);

            MeetingStatus.Minutes minutes = OperatorFixtures.await("the meeting was held with its pull request", () -> {
                MeetingResource m = client.resources(MeetingResource.class).inNamespace(NS).withName("api-sync").get();
                return m.getStatus() != null && m.getStatus().lastMinutes != null ? m.getStatus().lastMinutes : null;
            });
            assertNull(minutes.error, minutes.error);
            assertEquals(Boolean.TRUE, minutes.proposalPushed, minutes.proposalNotPushed);
            assertEquals("https://github.com/acme/shop/pull/77", minutes.pullRequest, minutes.pullRequestNotOpened);

            var opened = github.requests("POST", "/repos/acme/shop/pulls");
            assertEquals(1, opened.size(), "one pull request");
            var body = new ObjectMapper().readTree(opened.get(0).getBodyAsString());
            assertEquals(minutes.proposalBranch, body.path("head").asText());
            assertEquals("main", body.path("base").asText());
            assertEquals("manybot(meeting api-sync): responsibility for api/x.txt", body.path("title").asText());
            assertEquals("token " + TOKEN, opened.get(0).getHeader("Authorization"), "the token of the declared Secret");
            var asked = github.requests("POST", "/repos/acme/shop/pulls/77/requested_reviewers");
            assertEquals("[\"hana\"]", new ObjectMapper().readTree(asked.get(0).getBodyAsString()).path("reviewers").toString(),
                    "the person who attended reviews it");
            try (Git remote = Git.open(bare.toFile())) {
                assertEquals(minutes.proposalCommit, remote.getRepository().resolve("refs/heads/" + minutes.proposalBranch).name());
            }
            ConfigMap kept = client.configMaps().inNamespace(NS).withName(ConfigMapProposals.NAME).get();
            assertTrue(kept.getData().containsKey(minutes.proposalBranch.replace('/', '.')), kept.getData().keySet().toString());
            assertFalse(kept.getData().toString().contains(TOKEN));
            Event event = OperatorFixtures.await("a PullRequest event on the Meeting", () -> client.v1().events().inNamespace(NS).list()
                    .getItems().stream().filter(e -> "api-sync".equals(e.getInvolvedObject().getName()) && "PullRequest".equals(e.getReason()))
                    .findFirst().orElse(null));
            assertTrue(event.getMessage().startsWith("opened pull request #77 https://github.com/acme/shop/pull/77"), event.getMessage());

            // the task the directives' BLOCKED holds back is on the agenda, and stays blocked
            assertTrue(minutes.agenda.stream().anyMatch(a -> a.equals("task 'Document `api/y.txt`' of alpha is blocked")), minutes.agenda.toString());
            assertTrue(minutes.decisionsMade.stream().anyMatch(d -> d.startsWith("the task stays blocked")), minutes.decisionsMade.toString());

            MeetingResource held = client.resources(MeetingResource.class).inNamespace(NS).withName("api-sync").get();
            String yaml = Serialization.asYaml(held);
            assertFalse(yaml.contains(TOKEN) || yaml.contains(PASSWORD), "no secret in the Meeting");
        }
    }

    private static void conflictedCycles(String base) {
        Instant ended = Instant.now().plusSeconds(60);
        for (int i = 1; i <= 2; i++) {
            WorkCycleResource cycle = new WorkCycleResource();
            cycle.getMetadata().setName("alpha-c" + i);
            cycle.getMetadata().setNamespace(NS);
            cycle.setSpec(new WorkCycleSpec());
            cycle.getSpec().bot = "alpha";
            cycle.getSpec().cycleId = "alpha-c" + i;
            cycle.getSpec().goal = "g";
            cycle.getSpec().trigger = "manual";
            WorkCycleStatus status = new WorkCycleStatus();
            status.phase = "DONE";
            status.outcome = "SUPERSEDED";
            status.startedAt = ended.minusSeconds(30L * i).toString();
            status.finishedAt = ended.minusSeconds(10L * i).toString();
            status.baseCommit = base;
            status.targetRef = "refs/heads/main";
            status.landedHow = "conflict";
            status.conflicts = List.of("api/x.txt");
            cycle.setStatus(status);
            client.resource(cycle).inNamespace(NS).create();
            if (client.resources(WorkCycleResource.class).inNamespace(NS).withName("alpha-c" + i).get().getStatus() == null) {
                client.resource(cycle).inNamespace(NS).updateStatus();
            }
        }
    }

    private static final String GOAL = """
            apiVersion: manybot.io/v1alpha1
            kind: Goal
            metadata: {name: g}
            spec:
              objective: The API is settled
              start: 2026-11-01
              deadline: 2027-12-31
              keyResults:
                - {name: settled, baseline: 0, target: 1, direction: increase, current: 0}
            """;

    private static String bot(String name, String url, String apiUrl) {
        return """
                apiVersion: manybot.io/v1alpha1
                kind: Manybot
                metadata: {name: %s}
                spec:
                  goal: g
                  owns: ["**"]
                  repository: {url: "%s", branch: main, credentialsSecret: git-creds, host: github, apiUrl: "%s", tokenSecret: shop-github-token}
                  mode: triggered
                  suspend: true
                  executor: {type: command, command: ["true"], timeout: 1m}
                """.formatted(name, url, apiUrl);
    }

    private static <T extends io.fabric8.kubernetes.api.model.HasMetadata> void create(String yaml, Class<T> type) {
        T resource = Serialization.unmarshal(new java.io.ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), type);
        resource.getMetadata().setNamespace(NS);
        client.resource(resource).inNamespace(NS).create();
    }
}
