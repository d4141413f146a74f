package io.manybot.cluster.operator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.manybot.cluster.chart.ArgoHealth;
import io.manybot.cluster.directives.DirectivesConfigMap;
import io.manybot.cluster.resource.Conditions;
import io.manybot.cluster.resource.ManybotResource;
import io.manybot.cluster.resource.ManybotSpec;
import io.manybot.cluster.resource.WorkCycleResource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator follows the live directives in its directives ConfigMap (fabric8 mock API server,
 * CRUD mode): a pause stops new cycles, active again starts one, a per-bot limit and focus reach the
 * WorkCycle's spec (what a runner pod reads), a broken edit keeps the last good version and says
 * where it broke.
 */
@EnableKubernetesMockClient(crud = true)
class OperatorDirectivesTest {
    static KubernetesClient client;
    static KubernetesMockServer server;

    private static final String OPERATOR_NAMESPACE = "manybot";
    private static final String CONFIG_MAP = "manybot-directives";
    private static final String FILE = "ConfigMap manybot/manybot-directives MARATHON.md";

    private static final String DIRECTIVES = """
            <!--
            _meta:
              updated: 2026-11-24T12:00:00Z
              version: %s
              status: %s
            -->
            <!-- CURRENT FOCUS: the docs -->

            ## Bot: format-bot
            <!-- LIMIT changesPerCycle: 7 -->
            <!-- FOCUS: docs/guide.md first -->
            """;

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
    void aPauseStopsNewCyclesActiveStartsOneWithTheBotsLimitsAndFocusAndABrokenEditKeepsTheLastGood() throws Exception {
        String namespace = "directed";
        Path remote = OperatorFixtures.exampleRepository(temp);
        client.resource(DirectivesConfigMap.configMap(OPERATOR_NAMESPACE, CONFIG_MAP, DIRECTIVES.formatted("1", "paused"))).create();
        operator = new ManybotOperator(client, OperatorFixtures.withDirectives(OperatorFixtures.settings(temp, ManybotSpec.RunnerMode.JOB),
                OPERATOR_NAMESPACE, CONFIG_MAP), Clock.systemUTC(), false);
        operator.start();
        OperatorFixtures.exampleResources(temp, remote).forEach(r -> client.resource(r).inNamespace(namespace).create());

        ManybotResource paused = OperatorFixtures.await("format-bot is paused by the directives", () -> {
            ManybotResource b = bot(namespace);
            return b != null && b.getStatus() != null && "Paused".equals(b.getStatus().phase) ? b : null;
        });
        var ready = Conditions.find(paused.getStatus().conditions, Conditions.READY);
        assertEquals("True", ready.getStatus());
        assertEquals("PausedByDirectives", ready.getReason());
        assertTrue(ready.getMessage().contains(FILE + " version 1"), ready.getMessage());
        assertEquals("1", paused.getStatus().directives.version);
        assertEquals(12, paused.getStatus().directives.hash.length());
        assertNotNull(paused.getStatus().directives.appliedAt);
        assertNull(paused.getStatus().directives.error);
        assertEquals(ArgoHealth.SUSPENDED, ArgoHealth.assess(paused).status(), ArgoHealth.assess(paused).message());
        // the witness: the reconciler decided this bot's state (Paused) instead of starting its cycle
        assertTrue(cycles(namespace).isEmpty(), "a paused bot starts no cycle");
        // kubectl describe configmap tells (the Event may follow the bot's status)
        OperatorFixtures.await("a DirectivesApplied Event", () -> events(OPERATOR_NAMESPACE, CONFIG_MAP).stream()
                .filter(e -> "Normal".equals(e.getType()) && "DirectivesApplied".equals(e.getReason())
                        && e.getMessage().contains("every bot is paused")).findFirst().orElse(null));

        client.configMaps().inNamespace(OPERATOR_NAMESPACE).withName(CONFIG_MAP).edit(c -> data(c, DIRECTIVES.formatted("2", "active")));
        WorkCycleResource cycle = OperatorFixtures.await("active again, format-bot starts a cycle", () -> cycles(namespace).stream()
                .filter(c -> c.getStatus() != null && c.getStatus().job != null).findFirst().orElse(null));
        assertEquals("2", cycle.getSpec().directivesVersion);
        assertEquals(7, cycle.getSpec().limits.changesPerCycle, "the bot's LIMIT is carried to the runner pod");
        assertNull(cycle.getSpec().limits.tasksPerCycle, "limits the directives leave alone are not overridden");
        assertTrue(cycle.getSpec().focus.startsWith("Focus: docs/guide.md first"), cycle.getSpec().focus);
        Job job = client.batch().v1().jobs().inNamespace(namespace).withName(cycle.getStatus().job).get();
        assertNotNull(job);
        ManybotResource running = OperatorFixtures.await("format-bot is running", () -> {
            ManybotResource b = bot(namespace);
            return "Running".equals(b.getStatus().phase) && "2".equals(b.getStatus().directives.version) ? b : null;
        });
        assertNull(running.getStatus().directives.error);

        client.configMaps().inNamespace(OPERATOR_NAMESPACE).withName(CONFIG_MAP)
                .edit(c -> data(c, DIRECTIVES.formatted("[3", "paused")));
        ManybotResource kept = OperatorFixtures.await("the broken edit is reported in status", () -> {
            ManybotResource b = bot(namespace);
            return b.getStatus().directives != null && b.getStatus().directives.error != null ? b : null;
        });
        assertEquals("2", kept.getStatus().directives.version, "the last good directives stay in effect");
        assertTrue(kept.getStatus().directives.error.startsWith(FILE + ":5:"), kept.getStatus().directives.error);
        assertEquals("Running", kept.getStatus().phase, "the broken edit's pause is not in effect");
        Event warning = OperatorFixtures.await("a Warning Event on the ConfigMap", () -> events(OPERATOR_NAMESPACE, CONFIG_MAP).stream()
                .filter(e -> "Warning".equals(e.getType()) && "DirectivesRejected".equals(e.getReason())).findFirst().orElse(null));
        assertTrue(warning.getMessage().contains(FILE + ":5:"), warning.getMessage());
        assertEquals("ConfigMap", warning.getInvolvedObject().getKind());
        assertEquals(1, cycles(namespace).size());
    }

    @Test
    void anInProcessCycleFollowsTheDirectivesVersionAndFocusInEffectWhenItStarted() throws Exception {
        String namespace = "directed-in-process";
        Path remote = OperatorFixtures.exampleRepository(temp);
        client.resource(DirectivesConfigMap.configMap("operator-b", CONFIG_MAP, DIRECTIVES.formatted("5", "active"))).create();
        operator = new ManybotOperator(client, OperatorFixtures.withDirectives(OperatorFixtures.settings(temp, ManybotSpec.RunnerMode.IN_PROCESS),
                "operator-b", CONFIG_MAP), Clock.systemUTC(), false);
        operator.start();
        OperatorFixtures.exampleResources(temp, remote).forEach(r -> client.resource(r).inNamespace(namespace).create());

        WorkCycleResource done = OperatorFixtures.await("format-bot's cycle has finished", () -> cycles(namespace).stream()
                .filter(c -> c.getStatus() != null && c.getStatus().outcome != null).findFirst().orElse(null));
        assertEquals("5", done.getSpec().directivesVersion);
        assertEquals("5", done.getStatus().directivesVersion, "the outcome names the directives it followed; error: " + done.getStatus().error);
        assertEquals(7, done.getSpec().limits.changesPerCycle);
        assertTrue(done.getStatus().tasks.stream().anyMatch(t -> t.rationale != null && t.rationale.contains("docs/guide.md first")),
                "the planner was given the bot's focus: " + done.getStatus().tasks.stream().map(t -> t.rationale).toList());
    }

    @Test
    void aPauseStopsTheBotsRunningInProcessCycleAtItsNextPhaseBoundary() throws Exception {
        String namespace = "directed-stop";
        Path release = temp.resolve("release-the-executor");
        Path remote = OperatorFixtures.exampleRepository(temp);
        client.resource(DirectivesConfigMap.configMap("operator-c", CONFIG_MAP, DIRECTIVES.formatted("1", "active"))).create();
        operator = new ManybotOperator(client, OperatorFixtures.withDirectives(OperatorFixtures.settings(temp, ManybotSpec.RunnerMode.IN_PROCESS),
                "operator-c", CONFIG_MAP), Clock.systemUTC(), false);
        operator.start();
        for (var resource : OperatorFixtures.exampleResources(temp, remote)) {
            if (resource instanceof ManybotResource bot) {
                // An executor that waits for the test: the pause arrives while the cycle runs, however slow the machine.
                bot.getSpec().executor.command = List.of("sh", "-c", "while [ ! -f " + release + " ]; do sleep 0.05; done; "
                        + "python3 scripts/fix_format.py src tests");
            }
            client.resource(resource).inNamespace(namespace).create();
        }
        OperatorFixtures.await("format-bot's cycle is executing", () -> cycles(namespace).stream()
                .filter(c -> c.getStatus() != null && "EXECUTE".equals(c.getStatus().phase)).findFirst().orElse(null));

        client.configMaps().inNamespace("operator-c").withName(CONFIG_MAP).edit(c -> data(c, DIRECTIVES.formatted("2", "paused")));
        OperatorFixtures.await("version 2 (paused) is applied", () -> events("operator-c", CONFIG_MAP).stream()
                .filter(e -> "DirectivesApplied".equals(e.getReason()) && e.getMessage().contains("version 2")).findFirst().orElse(null));
        Files.writeString(release, "go");
        WorkCycleResource stopped = OperatorFixtures.await("the cycle stopped", () -> cycles(namespace).stream()
                .filter(c -> c.getStatus() != null && c.getStatus().outcome != null).findFirst().orElse(null));
        assertEquals("ABANDONED", stopped.getStatus().outcome, stopped.getStatus().error);
        assertTrue(stopped.getStatus().error.contains("a pause in the live directives (ConfigMap operator-c/manybot-directives MARATHON.md version 2)"),
                stopped.getStatus().error);
        // the witness: the reconciler, seeing the cycle's end, decided the bot's state (Paused) instead of starting the next cycle
        OperatorFixtures.await("format-bot is paused", () -> "Paused".equals(bot(namespace).getStatus().phase) ? true : null);
        assertEquals(1, cycles(namespace).size(), "no new cycle while paused");
    }

    @Test
    void aMissingConfigMapOrKeyKeepsWhatIsInEffectAndTheLimitsRoundTripThroughTheWorkCycleSpec() {
        DirectivesConfigMap directives = new DirectivesConfigMap("ops", "rules", null, Clock.systemUTC());
        directives.offer(null);
        assertNull(directives.status().version);
        assertEquals("ConfigMap ops/rules does not exist", directives.status().error);
        assertEquals(io.manybot.cluster.directives.CycleDirectives.NONE, directives.forCycle("format-bot"));

        directives.offer(DirectivesConfigMap.configMap("ops", "rules", DIRECTIVES.formatted("4", "active")
                .replace("<!-- LIMIT changesPerCycle: 7 -->", "<!-- LIMIT changesPerCycle: 7 -->\n<!-- LIMIT cycleTimeout: 90s -->")));
        assertEquals("4", directives.status().version);
        assertNull(directives.status().error);
        var given = directives.forCycle("format-bot");
        assertEquals("4", given.version());
        assertTrue(given.focus().contains("docs/guide.md first"), given.focus());
        assertTrue(directives.forCycle("api-bot").focus().startsWith("Focus: the docs"), "other bots get the global focus");

        io.manybot.cluster.resource.WorkCycleSpec spec = new io.manybot.cluster.resource.WorkCycleSpec();
        given.writeTo(spec);
        assertEquals("90s", spec.limits.cycleTimeout);
        assertEquals(given, io.manybot.cluster.directives.CycleDirectives.of(spec), "what the runner pod reads is what the operator gave");

        ConfigMap noKey = DirectivesConfigMap.configMap("ops", "rules", "x");
        noKey.setData(Map.of("OTHER.md", "x"));
        directives.offer(noKey);
        assertEquals("4", directives.status().version, "kept");
        assertEquals("ConfigMap ops/rules MARATHON.md: the ConfigMap has no key MARATHON.md", directives.status().error);
        assertEquals("4", directives.forCycle("format-bot").version());
    }

    private static ConfigMap data(ConfigMap configMap, String content) {
        configMap.setData(Map.of(DirectivesConfigMap.KEY, content));
        return configMap;
    }

    private static ManybotResource bot(String namespace) {
        return client.resources(ManybotResource.class).inNamespace(namespace).withName("format-bot").get();
    }

    private static List<WorkCycleResource> cycles(String namespace) {
        return client.resources(WorkCycleResource.class).inNamespace(namespace).withLabel(WorkCycleResource.BOT_LABEL, "format-bot").list().getItems();
    }

    private static List<Event> events(String namespace, String about) {
        return client.v1().events().inNamespace(namespace).list().getItems().stream()
                .filter(e -> about.equals(e.getInvolvedObject().getName())).toList();
    }
}
