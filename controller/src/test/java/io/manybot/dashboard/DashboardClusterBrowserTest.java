package io.manybot.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.manybot.cli.ManybotCommand;
import io.manybot.cluster.api.ClusterApiServer;
import io.manybot.cluster.api.ClusterApiSettings;
import io.manybot.cluster.operator.OperatorFixtures;
import io.manybot.cluster.resource.ManybotResource;
import io.manybot.cluster.resource.ManybotSpec;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same page in real headless Chromium against the cluster home: the operator's HTTP API in front
 * of an operator on the fabric8 mock API server (CRUD), with the example's Goals, format-bot and its
 * Subscriptions on a real git repository, after format-bot's first in-process cycle.
 */
@EnableKubernetesMockClient(crud = true)
class DashboardClusterBrowserTest {
    private static final String API_KEY = "dashboard-cluster-key-0123456789";
    private static final String NAMESPACE = "shop-dashboard";
    static KubernetesClient client;

    @TempDir
    Path temp;

    @BeforeAll
    static void installed() {
        Browser.assumeInstalled();
    }

    @Test
    void thePageAgainstTheOperator() throws Exception {
        Path remote = OperatorFixtures.exampleRepository(temp);
        try (ClusterApiServer api = ClusterApiServer.start(client, NAMESPACE, OperatorFixtures.settings(temp, ManybotSpec.RunnerMode.IN_PROCESS),
                new ClusterApiSettings(List.of(API_KEY), null, null))) {
            for (HasMetadata resource : OperatorFixtures.exampleResources(temp, remote)) {
                client.resource(resource).inNamespace(NAMESPACE).create();
            }
            OperatorFixtures.await("format-bot has finished its first cycle and is idle", () -> {
                ManybotResource b = client.resources(ManybotResource.class).inNamespace(NAMESPACE).withName("format-bot").get();
                return b.getStatus() != null && b.getStatus().lastCycle != null && b.getStatus().lastCycle.outcome != null
                        && "Idle".equals(b.getStatus().phase) ? b : null;
            });

            JsonNode r = Browser.run("cluster-home.mjs", "--url", api.url(), "--namespace", NAMESPACE, "--key", API_KEY,
                    "--bot", "format-bot", "--ownersPath", "src/web/views.py", "--ownersAs", "manybot:format-bot");

            assertEquals("cluster", r.path("home").asText(), r.toString());
            assertEquals(NAMESPACE, r.path("namespace").asText(), r.toString());
            assertEquals(List.of("api-test-coverage", "no-format-faults"), DashboardBrowserTest.sorted(r.path("goals")), r.toString());
            assertEquals(2, r.path("charts").asInt(), r.toString());
            assertTrue(r.path("pauseWithoutKey").asText().contains("401"), r.toString());
            assertTrue(r.path("pausedRow").asText().contains("PAUSED"), r.toString());
            assertTrue(client.resources(ManybotResource.class).inNamespace(NAMESPACE).withName("format-bot").get()
                    .getMetadata().getAnnotations().containsKey(ManybotResource.PAUSED), "the pause annotation is set");
            assertTrue(r.path("sameDocument").asBoolean(), r.toString());
            assertTrue(r.path("cycleHeading").asText().contains(r.path("lastCycle").asText()), r.toString());
            assertTrue(r.path("changedFiles").asInt() > 0, "the cycle's changed files with their verdicts: " + r);
            assertTrue(r.path("treeRows").asInt() > 3, r.toString());
            JsonNode cli = owners(temp.resolve("shop"), "src/web/views.py", "manybot:format-bot").get(0).path("verdict");
            assertEquals(cli.path("decision").asText(), r.path("verdict").path("decision").asText(), r.toString());
            assertEquals(cli.path("reason").asText(), r.path("verdict").path("reason").asText(), r.toString());
            assertEquals(cli.path("decidedBy").asText(), r.path("verdict").path("decidedBy").asText(), r.toString());
            assertEquals(List.of("format-bot-nightly", "format-bot-on-pull-request"), DashboardBrowserTest.sorted(r.path("subscriptions")), r.toString());
            // the gauges the chart's alerts read, set by the reconcilers
            String metrics = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(api.url() + "/metrics")).build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body();
            assertTrue(metrics.contains("manybot_goal_at_risk{goal=\"no-format-faults\",namespace=\"" + NAMESPACE + "\"}"), metrics);
            assertTrue(metrics.contains("manybot_circuit_open{bot=\"format-bot\",namespace=\"" + NAMESPACE + "\"} 0.0"), metrics);
            assertEquals(0, r.path("errors").size(), r.toString());
            assertEquals(0, r.path("csp").size(), r.toString());
            assertEquals(0, r.path("dialogs").size(), r.toString());
        }
    }

    private static JsonNode owners(Path repo, String path, String as) throws Exception {
        StringWriter out = new StringWriter();
        assertEquals(0, ManybotCommand.execute(new String[] {"owners", "--repo", repo.toString(), "--as", as, "--json", path},
                new PrintWriter(out, true), new PrintWriter(new StringWriter(), true)), out.toString());
        return new ObjectMapper().readTree(out.toString());
    }
}
