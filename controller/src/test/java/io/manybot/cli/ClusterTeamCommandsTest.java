package io.manybot.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.manybot.cli.StateCommandsTest.Run;
import io.manybot.cluster.api.ClusterApiServer;
import io.manybot.cluster.api.ClusterApiSettings;
import io.manybot.cluster.operator.OperatorFixtures;
import io.manybot.cluster.operator.OperatorSettings;
import io.manybot.cluster.resource.ManybotResource;
import io.manybot.cluster.resource.ManybotSpec;
import io.manybot.cluster.team.ConfigMapTeamBoard;
import io.manybot.core.team.Handoff;
import io.manybot.core.team.Priority;
import io.manybot.core.team.Scratchpad;
import io.manybot.core.team.TeamBoard;
import io.manybot.core.team.TeamTask;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A team in the cluster home read through its HTTP API ({@code GET .../bots/{name}/team}) and printed by {@code manybot status BOT
 * --server URL -n NS}: the operator's real API on loopback in front of a real operator on the fabric8 mock API server (CRUD),
 * with a lead and its child (both suspended, so no cycle changes the board) and a board holding a task queued for the child, a
 * handoff unread by the lead and the lead's scratchpad.
 */
@EnableKubernetesMockClient(crud = true)
class ClusterTeamCommandsTest {
    private static final String NS = "clusterteam";
    private static final ObjectMapper JSON = new ObjectMapper();
    static KubernetesClient client;

    @TempDir
    Path temp;

    private ClusterApiServer api;
    private final Clock clock = Clock.fixed(Instant.now(), ZoneOffset.UTC);

    @BeforeEach
    void start() throws Exception {
        OperatorSettings s = OperatorFixtures.settings(temp, ManybotSpec.RunnerMode.IN_PROCESS);
        OperatorSettings watching = new OperatorSettings(List.of(NS), s.leaderElection(), s.leaseName(), s.leaseNamespace(),
                s.runnerMode(), s.runnerImage(), s.runnerCpu(), s.runnerMemory(), s.runnerDeadline(), s.stateDirectory(), s.fetchInterval(),
                s.workers(), s.serviceAccount(), s.runnerCpuRequest(), s.runnerMemoryRequest(), s.gitCredentialsSecret(), s.runnerSecretEnv(),
                s.directivesConfigMap(), s.directivesNamespace());
        api = ClusterApiServer.start(client, NS, watching, new ClusterApiSettings(List.of("cluster-team-api-key-0123456789"), "cluster-team-secret", null));
    }

    @AfterEach
    void stop() {
        if (api != null) {
            api.close();
        }
        client.configMaps().inNamespace(NS).withName(ConfigMapTeamBoard.NAME).delete();
    }

    private static void createBot(String name, String parent) {
        String yaml = """
                apiVersion: manybot.io/v1alpha1
                kind: Manybot
                metadata: {name: %s}
                spec:
                  goal: %s
                  owns: ["%s/**"]
                  repository: {url: "https://git.example.invalid/team.git", branch: main}
                  mode: triggered
                  suspend: true
                  executor: {type: command, command: [sh, fix.sh], timeout: 1m}
                """.formatted(name, name, name) + (parent == null ? "" : "  parent: " + parent + "\n");
        ManybotResource resource = Serialization.unmarshal(new java.io.ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)),
                ManybotResource.class);
        resource.getMetadata().setNamespace(NS);
        client.resource(resource).inNamespace(NS).create();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(api.url() + "/api/v1/namespaces/" + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private Run status(String bot) {
        return StateCommandsTest.run(clock, "status", bot, "--server", api.url(), "-n", NS);
    }

    @Test
    void theTeamEndpointAndStatusShowTheBoardOfTheNamespace() throws Exception {
        createBot("lead", null);
        createBot("c1", "lead");
        Instant t0 = clock.instant().minusSeconds(120);
        Handoff handoff = new Handoff("c1", "lead", "lead/a", "Fix a.txt", "c1-1", "LANDED", "fixed the typo in a.txt", List.of("c1/a.txt landed"),
                List.of(), "passed", List.of(), List.of("a.txt has no tests"), t0);
        List<Consumer<TeamBoard>> seed = List.of(
                board -> board.enqueue("c1", new TeamTask("lead/b", "Fix b.txt", null, List.of("c1/b.txt"), Priority.HIGH,
                        TeamTask.Origin.PARENT, "lead", 0, t0)),
                board -> board.deliver(handoff),
                board -> board.rewrite(new Scratchpad("lead", "## Goal\nkeep the files tidy", "lead-7", t0, false)));
        new ConfigMapTeamBoard(client, NS).apply(seed);

        HttpResponse<String> c1 = get(NS + "/bots/c1/team");
        assertEquals(200, c1.statusCode(), c1.body());
        JsonNode team = JSON.readTree(c1.body());
        assertEquals("c1", team.path("bot").asText());
        assertEquals("lead", team.path("parent").asText());
        assertEquals(1, team.path("queue").size(), c1.body());
        assertEquals("Fix b.txt", team.path("queue").get(0).path("task").path("title").asText());
        assertEquals(t0.toString(), team.path("queue").get(0).path("task").path("enqueuedAt").asText(), "instants as ISO-8601 text, as the local home");
        HttpResponse<String> lead = get(NS + "/bots/lead/team");
        assertEquals(200, lead.statusCode(), lead.body());
        JsonNode leadTeam = JSON.readTree(lead.body());
        assertEquals(List.of("c1"), List.of(leadTeam.path("children").get(0).asText()));
        assertEquals("fixed the typo in a.txt", leadTeam.path("inbox").get(0).path("done").asText());
        assertTrue(leadTeam.path("scratchpad").path("text").asText().contains("keep the files tidy"), lead.body());

        HttpResponse<String> missing = get(NS + "/bots/nobody/team");
        assertEquals(404, missing.statusCode(), missing.body());
        assertTrue(missing.body().contains("no Manybot nobody in namespace " + NS), missing.body());
        assertEquals(404, get("unwatched/bots/c1/team").statusCode());

        Run c1Status = status("c1");
        assertEquals(0, c1Status.exit(), c1Status.err());
        assertTrue(c1Status.out().contains("Team: parent lead; children -"), c1Status.out());
        assertTrue(c1Status.out().contains("Queue (1, most urgent first):"), c1Status.out());
        assertTrue(c1Status.out().contains("Fix b.txt") && c1Status.out().contains("c1/b.txt") && c1Status.out().contains("parent from lead"),
                c1Status.out());
        Run leadStatus = status("lead");
        assertEquals(0, leadStatus.exit(), leadStatus.err());
        assertTrue(leadStatus.out().contains("Team: parent - (a root); children c1"), leadStatus.out());
        assertTrue(leadStatus.out().contains("Unread handoffs (1):"), leadStatus.out());
        assertTrue(leadStatus.out().contains("  " + handoff.line()), leadStatus.out());
        assertTrue(leadStatus.out().contains("Scratchpad (rewritten " + t0 + " after cycle lead-7):"), leadStatus.out());
        assertTrue(leadStatus.out().contains("  keep the files tidy"), leadStatus.out());
    }

    @Test
    void theBotListCarriesEachBotsTeamInShortAndStatusWithoutABotPrintsTheTeamTable() throws Exception {
        createBot("root", null);
        createBot("kid", "root");
        createBot("loner", null);
        Instant t0 = clock.instant().minusSeconds(60);
        new ConfigMapTeamBoard(client, NS).apply(List.of(
                board -> board.enqueue("kid", new TeamTask("root/x", "Fix x.txt", null, List.of("kid/x.txt"), Priority.NORMAL,
                        TeamTask.Origin.PARENT, "root", 0, t0)),
                board -> board.enqueue("kid", new TeamTask("root/y", "Fix y.txt", null, List.of("kid/y.txt"), Priority.LOW,
                        TeamTask.Origin.PARENT, "root", 0, t0)),
                board -> board.deliver(new Handoff("kid", "root", "root/w", "Fix w.txt", "kid-1", "LANDED", "fixed w.txt",
                        List.of("kid/w.txt landed"), List.of(), "passed", List.of(), List.of(), t0))));

        HttpResponse<String> list = get(NS + "/bots");
        assertEquals(200, list.statusCode(), list.body());
        java.util.Map<String, JsonNode> bots = new java.util.HashMap<>();
        JSON.readTree(list.body()).path("bots").forEach(bot -> bots.put(bot.path("name").asText(), bot));
        JsonNode kid = bots.get("kid").path("team");
        assertEquals("root", kid.path("parent").asText(), list.body());
        assertEquals(2, kid.path("queued").asInt(), list.body());
        assertEquals(0, kid.path("inFlight").asInt(), list.body());
        JsonNode root = bots.get("root").path("team");
        assertFalse(root.hasNonNull("parent"), "a root has no parent: " + list.body());
        assertEquals("kid", root.path("children").get(0).asText(), list.body());
        assertEquals(1, root.path("unreadHandoffs").asInt(), list.body());
        assertTrue(bots.get("loner").path("team").isMissingNode(), "a bot in no team has no team: " + list.body());
        HttpResponse<String> one = get(NS + "/bots/kid");
        assertEquals(2, JSON.readTree(one.body()).path("team").path("queued").asInt(), one.body());

        Run status = StateCommandsTest.run(clock, "status", "--server", api.url(), "-n", NS);
        assertEquals(0, status.exit(), status.err());
        assertTrue(status.out().lines().anyMatch(l -> l.matches("BOT +PARENT +CHILDREN +QUEUED +IN-FLIGHT +UNREAD-HANDOFFS")), status.out());
        assertTrue(status.out().lines().anyMatch(l -> l.matches("root +- +kid +0 +0 +1")), status.out());
        assertTrue(status.out().lines().anyMatch(l -> l.matches("kid +root +- +2 +0 +0")), status.out());
        assertTrue(status.out().lines().noneMatch(l -> l.startsWith("loner ") && l.matches("loner +- .*")), "no team line for a bot in no team: " + status.out());
    }
}
