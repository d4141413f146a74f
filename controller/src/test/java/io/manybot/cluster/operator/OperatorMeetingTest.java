package io.manybot.cluster.operator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.manybot.cluster.api.ClusterApiServer;
import io.manybot.cluster.api.ClusterApiSettings;
import io.manybot.cluster.chart.KubectlTable;
import io.manybot.cluster.resource.GoalResource;
import io.manybot.cluster.resource.ManybotResource;
import io.manybot.cluster.resource.ManybotSpec;
import io.manybot.cluster.resource.MeetingResource;
import io.manybot.cluster.resource.MeetingStatus;
import io.manybot.cluster.resource.WorkCycleResource;
import io.manybot.cluster.resource.WorkCycleSpec;
import io.manybot.cluster.resource.WorkCycleStatus;
import io.manybot.cluster.team.ConfigMapTeamBoard;
import io.manybot.dashboard.Browser;
import io.manybot.testing.GitRepos;
import java.nio.charset.StandardCharsets;
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
 * A Meeting in the cluster home: the operator on the fabric8 mock API server, a real bare repository as the remote. Bot beta
 * landed two commits on {@code api/x.txt} while two cycles of alpha (its WorkCycles, as the runner writes them) conflicted there
 * on landing; the operator's clock is a month ahead of the Meeting's creation, so its monthly schedule is due at the first
 * reconcile. The meeting is held with the factual facilitator: the repeated conflict, the shared root and their goal's key
 * result at risk are on the agenda; beta becomes primary of the path (an OWNERS change committed on a proposal branch, pushed
 * to the remote), the action items are queued on the team board; the minutes are in the status with the next time, an Event
 * says so, kubectl shows it.
 */
@EnableKubernetesMockClient(crud = true)
class OperatorMeetingTest {
    private static final String NS = "meet";

    static KubernetesClient client;

    @TempDir
    Path temp;

    private ManybotOperator operator;

    /** The operator's HTTP API lists the Meeting ({@code GET .../meetings}); the dashboard's Meetings page shows its last minutes. */
    private void servedAndShown(MeetingStatus status) throws Exception {
        MeetingStatus.Minutes minutes = status.lastMinutes;
        try (ClusterApiServer api = ClusterApiServer.serve(client, NS, operator, new ClusterApiSettings(List.of("meetings-key-0123456789abcdef"),
                null, null))) {
            var answer = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(api.url() + "/api/v1/namespaces/" + NS + "/meetings")).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            assertEquals(200, answer.statusCode(), answer.body());
            JsonNode listed = null;
            for (JsonNode m : new ObjectMapper().readTree(answer.body()).path("meetings")) {
                listed = "api-sync".equals(m.path("name").asText()) ? m : listed;
            }
            assertNotNull(listed, answer.body());
            assertEquals("0 6 1 * *", listed.path("spec").path("schedule").asText());
            assertEquals(status.lastHeldAt, listed.path("status").path("lastHeldAt").asText());
            assertEquals(minutes.id, listed.path("status").path("lastMinutes").path("id").asText());
            if (!Browser.available()) {
                return;
            }
            JsonNode r = Browser.run("cluster-meetings.mjs", "--url", api.url(), "--namespace", NS, "--meeting", "api-sync");
            assertEquals("0 6 1 * *", r.path("schedule").asText(), r.toString());
            assertEquals(shown(status.lastHeldAt), r.path("lastHeld").asText(), r.toString());
            assertEquals(shown(status.nextAt), r.path("next").asText(), r.toString());
            assertEquals(minutes.id, r.path("minutesId").asText(), r.toString());
            assertEquals(minutes.decisionsMade.size(), r.path("decisions").size(), r.toString());
            assertTrue(r.path("decisions").get(0).asText().startsWith("beta becomes the primary owner of api/x.txt"), r.toString());
            assertTrue(r.path("actions").get(0).asText().startsWith("betaReconcile api/x.txt after repeated conflicts with alpha"), r.toString());
            assertEquals(minutes.proposalBranch, r.path("proposalBranch").asText(), r.toString());
            assertTrue(r.path("minutesPage").asBoolean(), r.toString());
            assertEquals(0, r.path("errors").size(), r.toString());
            assertEquals(0, r.path("csp").size(), r.toString());
        }
    }

    /** An instant as the page shows it (ISO, a space for the T, no fraction). */
    private static String shown(String instant) {
        return instant.replace('T', ' ').replaceFirst("\\.\\d+Z$", "Z");
    }

    @AfterEach
    void stop() {
        if (operator != null) {
            operator.close();
        }
    }

    @Test
    void aDueMeetingIsHeldFromTheClustersFactsAndItsMinutesAreInTheStatus() throws Exception {
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
        Path bare = temp.resolve("meet.git");
        Git.cloneRepository().setBare(true).setURI(work.toUri().toString()).setDirectory(bare.toFile()).call().close();
        String url = bare.toUri().toString();

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
            status.baseCommit = base.name();
            status.targetRef = "refs/heads/main";
            status.landedHow = "conflict";
            status.conflicts = List.of("api/x.txt");
            cycle.setStatus(status);
            client.resource(cycle).inNamespace(NS).create();
            if (client.resources(WorkCycleResource.class).inNamespace(NS).withName("alpha-c" + i).get().getStatus() == null) {
                client.resource(cycle).inNamespace(NS).updateStatus();
            }
        }

        // A month ahead: the Meeting (created now) is due at once, and not again while the test runs.
        Clock ahead = Clock.offset(Clock.systemUTC(), Duration.ofDays(40));
        io.manybot.cluster.operator.OperatorSettings settings = OperatorFixtures.settings(temp, ManybotSpec.RunnerMode.IN_PROCESS);
        operator = new ManybotOperator(client, settings, ahead, false);
        operator.start();
        create(GOAL, GoalResource.class);
        create(bot("alpha", url), ManybotResource.class);
        create(bot("beta", url), ManybotResource.class);
        create("""
                apiVersion: manybot.io/v1alpha1
                kind: Meeting
                metadata: {name: api-sync}
                spec:
                  topic: Who owns the API
                  schedule: "0 6 1 * *"
                  attendees: ["manybot:alpha", "manybot:beta", "human:alice"]
                """, MeetingResource.class);

        MeetingResource held = OperatorFixtures.await("the meeting was held", () -> {
            MeetingResource m = client.resources(MeetingResource.class).inNamespace(NS).withName("api-sync").get();
            return m.getStatus() != null && m.getStatus().lastMinutes != null ? m : null;
        });
        MeetingStatus status = held.getStatus();
        MeetingStatus.Minutes minutes = status.lastMinutes;
        assertNull(minutes.error, minutes.error);
        assertEquals("schedule 0 6 1 * *", minutes.trigger);
        assertTrue(minutes.id.startsWith("api-sync-"), minutes.id);
        assertEquals("factual rules", minutes.facilitatedBy);
        assertTrue(minutes.agenda.stream().anyMatch(a -> a.contains("api/x.txt")), "the repeated conflict is on the agenda: " + minutes.agenda);
        assertEquals(minutes.agenda.size(), minutes.agendaItems);
        assertEquals(minutes.decisionsMade.size(), minutes.decisions);
        assertTrue(minutes.decisionsMade.stream().anyMatch(d -> d.startsWith("beta becomes the primary owner of api/x.txt")
                && d.contains("beta landed 2 commit(s)")), minutes.decisionsMade.toString());
        assertEquals(List.of("beta: Reconcile api/x.txt after repeated conflicts with alpha"), minutes.actions.subList(0, 1), minutes.actions.toString());
        // their goal's key result (still at its baseline a month and a half in) is at risk: an action item for each
        assertTrue(minutes.agenda.stream().anyMatch(a -> a.contains("settled") && a.contains("alpha")), minutes.agenda.toString());
        assertTrue(minutes.actions.stream().anyMatch(a -> a.equals("alpha: Move key result settled of goal g (off track) toward its target")), minutes.actions.toString());
        assertTrue(minutes.actions.stream().anyMatch(a -> a.equals("beta: Move key result settled of goal g (off track) toward its target")), minutes.actions.toString());
        assertEquals(minutes.actions.size(), minutes.actionItems);
        assertEquals(1, minutes.responsibilityChanges);
        assertNotNull(minutes.proposalBranch, "the OWNERS change is on a proposal branch");
        assertNotNull(minutes.proposalCommit);
        assertEquals(Boolean.TRUE, minutes.proposalPushed, minutes.proposalNotPushed);
        try (Git remote = Git.open(bare.toFile())) {
            assertEquals(minutes.proposalCommit, remote.getRepository().resolve("refs/heads/" + minutes.proposalBranch).name(),
                    "the proposal branch was pushed to the remote");
        }
        Instant heldAt = Instant.parse(status.lastHeldAt);
        Instant next = Instant.parse(status.nextAt);
        assertTrue(next.isAfter(heldAt), status.nextAt + " after " + status.lastHeldAt);
        assertEquals("06:00", next.toString().substring(11, 16), status.nextAt);
        assertEquals(1, next.atZone(java.time.ZoneOffset.UTC).getDayOfMonth(), status.nextAt);
        servedAndShown(status);

        // the proposal branch holds the OWNERS change on the operator's mirror
        Path mirror = new io.manybot.core.mirror.RepositoryMirrors(settings.mirrors(), Duration.ofMinutes(1), Clock.systemUTC()).directory(url, "main");
        try (Git git = Git.open(mirror.toFile())) {
            assertNotNull(git.getRepository().resolve("refs/heads/" + minutes.proposalBranch), "on the mirror: " + minutes.proposalBranch);
            assertEquals(minutes.proposalCommit, git.getRepository().resolve("refs/heads/" + minutes.proposalBranch).name());
        }

        // beta's action item waits on the namespace's team board
        ConfigMap board = client.configMaps().inNamespace(NS).withName(ConfigMapTeamBoard.NAME).get();
        assertNotNull(board, "the team board ConfigMap");
        assertTrue(board.getData().get(ConfigMapTeamBoard.KEY).contains("Reconcile api/x.txt after repeated conflicts with alpha"),
                board.getData().toString());

        Event event = OperatorFixtures.await("a MeetingHeld event", () -> client.v1().events().inNamespace(NS).list().getItems().stream()
                .filter(e -> "api-sync".equals(e.getInvolvedObject().getName()) && "MeetingHeld".equals(e.getReason())).findFirst().orElse(null));
        assertEquals("Normal", event.getType());
        assertTrue(event.getMessage().contains(minutes.actionItems + " action item(s) queued"), event.getMessage());
        assertTrue(event.getMessage().contains(minutes.proposalBranch + " (pushed)"), event.getMessage());

        MeetingResource now = client.resources(MeetingResource.class).inNamespace(NS).withName("api-sync").get();
        assertEquals(io.manybot.cluster.chart.ArgoHealth.HEALTHY, io.manybot.cluster.chart.ArgoHealth.assess(now).status(),
                "Argo CD shows the held meeting Healthy");
        String table = KubectlTable.render("meetings.manybot.io.yaml", client.resources(MeetingResource.class).inNamespace(NS).list().getItems(),
                Instant.now());
        System.out.println("$ kubectl get meetings\n" + table);
        assertTrue(table.lines().findFirst().orElseThrow().matches("NAME +SCHEDULE +LAST-HELD +NEXT +DECISIONS +AGE"), table);
        assertTrue(table.lines().anyMatch(l -> l.startsWith("api-sync ") && l.contains("0 6 1 * *") && l.contains(" " + minutes.decisions + " ")),
                table);
    }

    @Test
    void aMeetingWhoseFacilitatorIsMissingSaysSoInItsStatusAndAnEvent() throws Exception {
        operator = new ManybotOperator(client, OperatorFixtures.settings(temp, ManybotSpec.RunnerMode.IN_PROCESS),
                Clock.offset(Clock.systemUTC(), Duration.ofDays(40)), false);
        operator.start();
        create("""
                apiVersion: manybot.io/v1alpha1
                kind: Meeting
                metadata: {name: nobody}
                spec:
                  topic: Nobody here
                  schedule: "0 6 1 * *"
                  attendees: ["manybot:ghost"]
                """, MeetingResource.class);
        MeetingResource failed = OperatorFixtures.await("the meeting failed", () -> {
            MeetingResource m = client.resources(MeetingResource.class).inNamespace(NS).withName("nobody").get();
            return m.getStatus() != null && m.getStatus().lastMinutes != null ? m : null;
        });
        assertTrue(failed.getStatus().lastMinutes.error.contains("Manybot " + NS + "/ghost does not exist"), failed.getStatus().lastMinutes.error);
        Event event = OperatorFixtures.await("a MeetingFailed event", () -> client.v1().events().inNamespace(NS).list().getItems().stream()
                .filter(e -> "nobody".equals(e.getInvolvedObject().getName()) && "MeetingFailed".equals(e.getReason())).findFirst().orElse(null));
        assertEquals("Warning", event.getType());
        assertNotNull(failed.getStatus().nextAt, "a failed meeting is held again at its next time");
        MeetingResource shown = OperatorFixtures.await("the failure in the Ready condition", () -> {
            MeetingResource m = client.resources(MeetingResource.class).inNamespace(NS).withName("nobody").get();
            return m.getStatus().conditions.stream().anyMatch(c -> "MeetingFailed".equals(c.getReason())) ? m : null;
        });
        io.manybot.cluster.chart.ArgoHealth.Health health = io.manybot.cluster.chart.ArgoHealth.assess(shown);
        assertEquals(io.manybot.cluster.chart.ArgoHealth.DEGRADED, health.status(), health.toString());
        assertTrue(health.message().contains("ghost does not exist"), health.toString());
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

    private static String bot(String name, String url) {
        return """
                apiVersion: manybot.io/v1alpha1
                kind: Manybot
                metadata: {name: %s}
                spec:
                  goal: g
                  owns: ["**"]
                  repository: {url: "%s", branch: main}
                  mode: triggered
                  suspend: true
                  executor: {type: command, command: ["true"], timeout: 1m}
                """.formatted(name, url);
    }

    private static <T extends io.fabric8.kubernetes.api.model.HasMetadata> void create(String yaml, Class<T> type) {
        T resource = Serialization.unmarshal(new java.io.ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), type);
        resource.getMetadata().setNamespace(NS);
        client.resource(resource).inNamespace(NS).create();
    }
}
