package io.manybot.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.manybot.cli.StateCommandsTest.Run;
import io.manybot.cluster.api.ClusterApiServer;
import io.manybot.cluster.api.ClusterApiSettings;
import io.manybot.cluster.operator.OperatorFixtures;
import io.manybot.cluster.operator.OperatorSettings;
import io.manybot.cluster.resource.GoalResource;
import io.manybot.cluster.resource.ManybotResource;
import io.manybot.cluster.resource.ManybotSpec;
import io.manybot.cluster.resource.MeetingResource;
import io.manybot.cluster.resource.MeetingStatus;
import io.manybot.cluster.resource.WorkCycleResource;
import io.manybot.testing.GitRepos;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Meetings of the cluster home from the command line ({@code meet NAME --server URL -n NS}, {@code meetings --server URL -n NS}):
 * the operator's real HTTP API on loopback in front of a real operator (cycles in-process) on the fabric8 mock API server. Two
 * bots whose goal's key result is still at its baseline late in the year (off track) have run their first cycle and wait hours
 * for their next one; the Meeting's yearly time is weeks away. Asked for, it is held at once; each bot got an action item for
 * the key result and is woken for it: its next cycle starts with the action item, not at its scheduled time. The minutes are
 * listed and shown.
 */
@EnableKubernetesMockClient(crud = true)
class ClusterMeetingCommandsTest {
    private static final String API_KEY = "cli-meeting-api-key-0123456789abcdef";
    private static final String ACTION = "Move key result settled of goal g (off track) toward its target";
    static KubernetesClient client;

    @TempDir
    Path temp;

    private final String namespace = "climeet";
    private final List<Run> runs = new ArrayList<>();
    private ClusterApiServer api;
    private String url;

    @BeforeEach
    void start() {
        OperatorSettings s = OperatorFixtures.settings(temp, ManybotSpec.RunnerMode.IN_PROCESS);
        OperatorSettings watching = new OperatorSettings(List.of(namespace), s.leaderElection(), s.leaseName(), s.leaseNamespace(),
                s.runnerMode(), s.runnerImage(), s.runnerCpu(), s.runnerMemory(), s.runnerDeadline(), s.stateDirectory(), s.fetchInterval(),
                s.workers(), s.serviceAccount(), s.runnerCpuRequest(), s.runnerMemoryRequest(), s.gitCredentialsSecret(), s.runnerSecretEnv(),
                s.directivesConfigMap(), s.directivesNamespace());
        api = ClusterApiServer.start(client, namespace, watching, new ClusterApiSettings(List.of(API_KEY), "cli-meeting-webhook-secret", null));
        url = api.url();
    }

    @AfterEach
    void stop() {
        if (api != null) {
            api.close();
        }
        for (Run r : runs) {
            assertFalse((r.out() + r.err()).contains(API_KEY), "the API key is printed:\n" + r.out() + r.err());
        }
    }

    private Run cluster(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--server", url, "-n", namespace));
        Run run = StateCommandsTest.run(all.toArray(String[]::new));
        runs.add(run);
        return run;
    }

    @Test
    void aMeetingAskedForFromTheCommandLineIsHeldAndWakesTheBotsWithActionItems() throws Exception {
        Path work = temp.resolve("work");
        GitRepos.write(work, Map.of("OWNERS", "primary: manybot:alpha\ndelegates: [manybot:beta]\n", "notes/README", "notes\n"));
        GitRepos.initAndCommit(work, "start");
        Path bare = temp.resolve("meet.git");
        Git.cloneRepository().setBare(true).setURI(work.toUri().toString()).setDirectory(bare.toFile()).call().close();
        create(GOAL, GoalResource.class);
        create(bot("alpha", bare.toUri().toString()), ManybotResource.class);
        create(bot("beta", bare.toUri().toString()), ManybotResource.class);
        for (String bot : List.of("alpha", "beta")) {
            OperatorFixtures.await(bot + " finished its first cycle and is idle", () -> {
                ManybotResource b = client.resources(ManybotResource.class).inNamespace(namespace).withName(bot).get();
                return b != null && b.getStatus() != null && b.getStatus().lastCycle != null && b.getStatus().lastCycle.outcome != null
                        && "Idle".equals(b.getStatus().phase) ? b : null;
            });
        }
        create("""
                apiVersion: manybot.io/v1alpha1
                kind: Meeting
                metadata: {name: sync}
                spec:
                  topic: Where the notes stand
                  schedule: "0 6 1 1 *"
                  attendees: ["manybot:alpha", "manybot:beta", "human:hana"]
                """, MeetingResource.class);
        OperatorFixtures.await("the Meeting is scheduled", () -> {
            MeetingResource m = client.resources(MeetingResource.class).inNamespace(namespace).withName("sync").get();
            return m.getStatus() != null && m.getStatus().nextAt != null ? m : null;
        });

        Run before = cluster("meetings");
        assertEquals(0, before.exit(), before.err());
        assertTrue(before.out().lines().findFirst().orElseThrow().matches("NAME +SCHEDULE +LAST-HELD +NEXT +MINUTES +AGENDA +DECISIONS +ACTIONS +PROPOSAL"),
                before.out());
        assertTrue(before.out().lines().anyMatch(l -> l.matches("sync +0 6 1 1 \\* +- +\\S+ +- +- +- +- +-")), before.out());

        Run anonymous = cluster("meet", "sync");
        assertNotEquals(0, anonymous.exit(), "a write needs a key or a token");
        assertTrue(anonymous.err().contains("X-API-Key") || anonymous.err().contains("--api-key"), anonymous.err());
        Run ghost = cluster("meet", "ghost", "--api-key", API_KEY);
        assertNotEquals(0, ghost.exit());
        assertTrue(ghost.err().contains("no Meeting ghost in namespace " + namespace), ghost.err());

        Run asked = cluster("meet", "sync", "--api-key", API_KEY);
        assertEquals(0, asked.exit(), asked.err());
        assertTrue(asked.out().startsWith("sync: meeting requested in namespace " + namespace), asked.out());

        MeetingResource held = OperatorFixtures.await("the meeting was held on request", () -> {
            MeetingResource m = client.resources(MeetingResource.class).inNamespace(namespace).withName("sync").get();
            return m.getStatus() != null && m.getStatus().lastMinutes != null ? m : null;
        });
        MeetingStatus.Minutes minutes = held.getStatus().lastMinutes;
        assertTrue(minutes.trigger.startsWith("asked for (api:"), minutes.trigger);
        assertEquals(held.getMetadata().getAnnotations().get(MeetingResource.HOLD), held.getStatus().lastHoldRequest, "handled once");
        assertTrue(minutes.actions.contains("beta: " + ACTION), minutes.actions.toString());
        assertTrue(minutes.actions.contains("alpha: " + ACTION), minutes.actions.toString());

        // beta waits hours for its next scheduled cycle: it is woken for its action item instead
        WorkCycleResource woken = OperatorFixtures.await("beta's cycle for its action item", () -> client.resources(WorkCycleResource.class)
                .inNamespace(namespace).list().getItems().stream()
                .filter(c -> "beta".equals(c.getSpec().bot) && c.getStatus() != null && c.getStatus().outcome != null
                        && c.getStatus().tasks != null && c.getStatus().tasks.stream().anyMatch(t -> ACTION.equals(t.title)))
                .findFirst().orElse(null));
        assertEquals("its team queued tasks or handed work up", woken.getSpec().trigger, Serialization.asYaml(woken.getSpec()));

        Run listed = cluster("meetings");
        assertEquals(0, listed.exit(), listed.err());
        assertTrue(listed.out().lines().anyMatch(l -> l.startsWith("sync ") && l.contains(minutes.id) && l.contains(" " + minutes.actionItems + " ")),
                listed.out());
        Run shown = cluster("meetings", "show", "sync");
        assertEquals(0, shown.exit(), shown.err());
        assertTrue(shown.out().startsWith("Meeting sync: Where the notes stand\n"), shown.out());
        assertTrue(shown.out().contains("minutes " + minutes.id), shown.out());
        assertTrue(shown.out().contains("Action items:\n") && shown.out().contains("  - beta: " + ACTION + "\n"), shown.out());
        assertTrue(shown.out().contains("Facilitator: factual rules"), shown.out());
        Run missing = cluster("meetings", "show", "nope");
        assertEquals(ExitCodes.INVALID, missing.exit());
        assertTrue(missing.err().contains("no Meeting 'nope'"), missing.err());
        assertNotNull(held.getStatus().nextAt, "the schedule stays as it was");
    }

    private static final String GOAL = """
            apiVersion: manybot.io/v1alpha1
            kind: Goal
            metadata: {name: g}
            spec:
              objective: The notes are settled
              start: 2026-01-01
              deadline: 2027-01-31
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
                  mode: continuous
                  schedule: {minSleep: 6h, maxSleep: 12h}
                  executor: {type: command, command: [sh, -c, "echo \\"$MANYBOT_TASK_TITLE\\" >> notes/%s.txt"], timeout: 1m}
                """.formatted(name, url, name);
    }

    private <T extends HasMetadata> void create(String yaml, Class<T> type) {
        T resource = Serialization.unmarshal(new java.io.ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), type);
        resource.getMetadata().setNamespace(namespace);
        client.resource(resource).inNamespace(namespace).create();
    }
}
