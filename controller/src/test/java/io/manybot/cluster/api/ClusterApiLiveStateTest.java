package io.manybot.cluster.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.manybot.cluster.directives.DirectivesConfigMap;
import io.manybot.cluster.operator.OperatorFixtures;
import io.manybot.cluster.operator.OperatorSettings;
import io.manybot.cluster.resource.ManybotResource;
import io.manybot.cluster.resource.ManybotSpec;
import io.manybot.cluster.resource.WorkCycleResource;
import io.manybot.core.event.WebhookVerifier;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the cluster home's API tells about the live state, on a real Micronaut server on loopback in
 * front of an operator on the fabric8 mock API server (CRUD mode): the owners of a path in a bot's
 * repository, the live directives of the operator's ConfigMap, the event stream resumed with
 * {@code Last-Event-ID}, routing by the OWNERS files, and the metrics.
 */
@EnableKubernetesMockClient(crud = true)
class ClusterApiLiveStateTest {
    static final String SECRET = "live-state-webhook-secret";
    static final String API_KEY = "live-state-api-key-0123456789";
    static final AtomicInteger NAMESPACES = new AtomicInteger();
    static KubernetesClient client;

    @TempDir
    Path temp;

    private final String namespace = "live" + NAMESPACES.incrementAndGet();
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private ClusterApiServer api;

    @AfterEach
    void stop() {
        if (api != null) {
            api.close();
        }
    }

    private void start(OperatorSettings settings) {
        api = ClusterApiServer.start(client, namespace, settings, new ClusterApiSettings(List.of(API_KEY), SECRET, null));
    }

    private OperatorSettings settings() {
        return OperatorFixtures.settings(temp, ManybotSpec.RunnerMode.IN_PROCESS);
    }

    @Test
    void theOwnersOfAPathAreReadFromTheBotsRepositoryAtTheCommitInItsStatus() throws Exception {
        start(settings());
        createExampleBot(OperatorFixtures.exampleRepository(temp).toUri().toString(), null);
        String commit = awaitIdle().getStatus().commit;
        String owners = "/api/v1/namespaces/" + namespace + "/bots/format-bot/owners";

        JsonNode tests = get(owners + "?path=tests/test_orders.py&as=manybot:format-bot", 200);
        assertEquals("tests/test_orders.py", tests.path("path").asText());
        assertEquals("owners", tests.path("source").asText());
        assertEquals(commit, tests.path("commit").asText(), "the answer names the commit it was read at");
        assertEquals("tests/OWNERS", tests.path("governingFiles").get(0).path("path").asText(), tests.toString());
        assertEquals("manybot:format-bot", tests.path("owners").get(0).path("principal").asText(), tests.toString());
        assertTrue(tests.path("owners").get(0).path("location").asText().startsWith("tests/OWNERS:2"), tests.toString());
        assertEquals("write", tests.path("verdict").path("decision").asText(), tests.toString());

        JsonNode api = get(owners + "?path=src/api/orders.py&as=manybot:format-bot", 200);
        assertEquals("manybot:api-bot", api.path("owners").get(0).path("principal").asText(), api.toString());
        assertEquals("human:bob", api.path("requiredReviewers").get(0).path("principal").asText(), api.toString());
        assertEquals("review", api.path("verdict").path("decision").asText(), "a contributor delegate proposes: " + api);

        assertTrue(get(owners + "?path=../../etc/passwd", 400).path("error").asText().contains("refused"));
        assertTrue(get(owners, 400).path("error").asText().contains("path"));
        get("/api/v1/namespaces/" + namespace + "/bots/nobody/owners?path=a", 404);
        get("/api/v1/namespaces/elsewhere/bots/format-bot/owners?path=a", 404);
    }

    @Test
    void aPushBySomeoneElseIntoPathsTheOwnersFilesGiveABotWakesItForReview() throws Exception {
        Path remote = OperatorFixtures.exampleRepository(temp);
        io.manybot.testing.DumbHttpGit git = io.manybot.testing.DumbHttpGit.serve(remote, "/acme/widgets.git");
        try {
            start(settings());
            // Its owns globs leave tests/ out: only tests/OWNERS (primary: manybot:format-bot) gives it that directory.
            createExampleBot(git.url(), List.of("scripts/**"));
            awaitIdle();

            byte[] body = pushBy("octocat", "tests/test_orders.py");
            HttpResponse<String> response = webhook(body, "d-review");
            assertEquals(202, response.statusCode(), response.body());
            JsonNode activations = json.readTree(response.body()).path("activations");
            assertEquals(1, activations.size(), response.body());
            assertEquals("format-bot", activations.get(0).path("bot").asText());
            assertEquals("review", activations.get(0).path("kind").asText(), response.body());
            assertTrue(activations.get(0).path("reason").asText().contains("tests/test_orders.py"), response.body());

            HttpResponse<String> elsewhere = webhook(pushBy("octocat", "docs/index.md"), "d-docs");
            assertEquals(0, json.readTree(elsewhere.body()).path("activations").size(), "docs/ is not the bot's: " + elsewhere.body());
        } finally {
            git.close();
        }
    }

    @Test
    void theDirectivesEndpointAndTheEventStreamShowTheConfigMapsVersionAReloadAndABrokenEdit() throws Exception {
        String configMapNamespace = namespace + "-ops";
        String directives = """
                <!--
                _meta:
                  updated: 2026-11-24T12:00:00Z
                  version: %s
                  status: active
                -->
                <!-- CURRENT FOCUS: the docs -->

                ## Bot: format-bot
                <!-- STATUS: %s -->
                """;
        client.resource(DirectivesConfigMap.configMap(configMapNamespace, "rules", directives.formatted("1", "active"))).create();
        start(OperatorFixtures.withDirectives(settings(), configMapNamespace, "rules"));
        createExampleBot(OperatorFixtures.exampleRepository(temp).toUri().toString(), null);
        JsonNode first = OperatorFixtures.await("the directives are applied", () -> {
            JsonNode d = getQuietly("/api/v1/directives");
            return d != null && "1".equals(d.path("version").asText()) ? d : null;
        });
        assertEquals("ConfigMap " + configMapNamespace + "/rules MARATHON.md", first.path("source").asText());
        assertEquals(64, first.path("contentHash").asText().length(), first.toString());
        assertFalse(first.path("paused").asBoolean());
        assertEquals(0, first.path("pausedBots").size());

        try (ServerSentEvents events = new ServerSentEvents(http, api.url() + "/api/v1/namespaces/" + namespace + "/events", null)) {
            events.await("the stream opens", e -> e.name().equals("open"));
            client.configMaps().inNamespace(configMapNamespace).withName("rules")
                    .edit(c -> withContent(c, directives.formatted("2", "paused")));
            JsonNode reload = json.readTree(events.await("version 2 applied",
                    e -> e.name().equals("directives") && e.data().contains("\"version\":\"2\"")).data());
            assertEquals("applied", reload.path("outcome").asText(), reload.toString());
            assertEquals("format-bot", reload.path("pausedBots").get(0).asText(), reload.toString());

            client.configMaps().inNamespace(configMapNamespace).withName("rules")
                    .edit(c -> withContent(c, directives.formatted("[3", "active")));
            JsonNode rejected = json.readTree(events.await("the broken edit",
                    e -> e.name().equals("directives") && e.data().contains("\"outcome\":\"rejected\"")).data());
            assertEquals("2", rejected.path("version").asText(), "the last good version stays: " + rejected);
            assertTrue(rejected.path("lastError").asText().startsWith("ConfigMap " + configMapNamespace + "/rules MARATHON.md:5:"),
                    rejected.toString());
        }
        try (ServerSentEvents later = new ServerSentEvents(http, api.url() + "/api/v1/namespaces/" + namespace + "/events", null)) {
            JsonNode last = json.readTree(later.await("the last reload, for a client that connects afterwards",
                    e -> e.name().equals("directives")).data());
            assertEquals("rejected", last.path("outcome").asText(), last.toString());
            assertEquals("2", last.path("version").asText(), last.toString());
        }
        JsonNode now = get("/api/v1/directives", 200);
        assertEquals("2", now.path("version").asText());
        assertEquals("format-bot", now.path("pausedBots").get(0).asText());
        assertTrue(now.path("lastError").asText().contains("MARATHON.md:5:"), now.toString());
    }

    @Test
    void withoutADirectivesConfigMapTheDirectivesEndpointSaysSo() throws Exception {
        start(settings());
        assertTrue(get("/api/v1/directives", 404).path("error").asText().contains("no directives ConfigMap"));
    }

    @Test
    void aClientReconnectingWithLastEventIdGetsOnlyTheEventsItMissedAndAnUnknownIdGetsTheStateNow() throws Exception {
        start(settings());
        String stream = api.url() + "/api/v1/namespaces/" + namespace + "/events";
        String lastId;
        Set<String> firstIds = new HashSet<>();
        try (ServerSentEvents events = new ServerSentEvents(http, stream, null)) {
            assertEquals(200, events.status());
            createExampleBot(OperatorFixtures.exampleRepository(temp).toUri().toString(), null);
            ServerSentEvents.Received idle = events.await("format-bot idle after its first cycle",
                    e -> e.name().equals("manybot") && e.data().contains("\"phase\":\"Idle\""));
            lastId = idle.id();
            events.seen().stream().map(ServerSentEvents.Received::id).filter(id -> id != null).forEach(firstIds::add);
        }
        String firstCycle = awaitIdle().getStatus().lastCycle.id;
        HttpResponse<String> trigger = http.send(HttpRequest.newBuilder(URI.create(api.url() + "/api/v1/namespaces/" + namespace
                + "/bots/format-bot/trigger")).header("X-API-Key", API_KEY).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(202, trigger.statusCode(), trigger.body());
        OperatorFixtures.await("the second cycle is done", () -> {
            List<WorkCycleResource> cycles = client.resources(WorkCycleResource.class).inNamespace(namespace).list().getItems();
            return cycles.size() == 2 && cycles.stream().allMatch(c -> c.getStatus() != null && c.getStatus().outcome != null) ? cycles : null;
        });

        try (ServerSentEvents resumed = new ServerSentEvents(http, stream, lastId)) {
            ServerSentEvents.Received done = resumed.await("the second cycle's outcome, missed while away",
                    e -> e.name().equals("workcycle") && e.data().contains("\"outcome\":\"") && e.data().contains("api: triggered"));
            long after = sequence(lastId);
            long previous = after;
            for (ServerSentEvents.Received event : resumed.seen()) {
                if (event.id() == null) {
                    assertEquals("open", event.name(), "only the open event has no id: " + resumed.seen());
                    continue;
                }
                assertFalse(firstIds.contains(event.id()), "nothing seen before is sent again: " + event);
                assertTrue(sequence(event.id()) > previous, "in order, after the last event seen: " + resumed.seen());
                previous = sequence(event.id());
            }
            assertTrue(resumed.seen().stream().noneMatch(e -> e.name().equals("reset")), resumed.seen().toString());
            assertTrue(json.readTree(done.data()).path("trigger").asText().contains("api: triggered"), done.data());
        }

        // the bot's state row says the second cycle ended (its workcycle's outcome is written first)
        OperatorFixtures.await("format-bot is idle after the second cycle", () -> {
            ManybotResource b = client.resources(ManybotResource.class).inNamespace(namespace).withName("format-bot").get();
            return b != null && b.getStatus() != null && b.getStatus().lastCycle != null && b.getStatus().lastCycle.outcome != null
                    && !firstCycle.equals(b.getStatus().lastCycle.id)
                    && "Idle".equals(b.getStatus().phase) ? b : null;
        });
        try (ServerSentEvents unknown = new ServerSentEvents(http, stream, "0-1")) {
            unknown.await("a reset for an id of another operator", e -> e.name().equals("reset"));
            // the bot as it is now: the snapshot after the reset, or (if the stream's cache was a moment behind) the update that follows it
            ServerSentEvents.Received bot = unknown.await("the bot as it is now, idle after the second cycle",
                    e -> e.name().equals("manybot") && e.data().contains("format-bot") && e.data().contains("\"phase\":\"Idle\""));
            assertEquals("Idle", json.readTree(bot.data()).path("phase").asText(), bot.data());
            assertEquals(2, unknown.seen().stream().filter(e -> e.name().equals("open") || e.name().equals("reset")).count());
        }
    }

    @Test
    void metricsShowCycleDurationsActivationsQueueDepthAndKeyResultProgress() throws Exception {
        start(settings());
        createExampleBot(OperatorFixtures.exampleRepository(temp).toUri().toString(), null);
        awaitIdle();
        OperatorFixtures.await("the goal is evaluated", () -> {
            var goals = client.resources(io.manybot.cluster.resource.GoalResource.class).inNamespace(namespace).list().getItems();
            return goals.stream().anyMatch(g -> g.getStatus() != null && g.getStatus().keyResults != null) ? goals : null;
        });
        String metrics = http.send(HttpRequest.newBuilder(URI.create(api.url() + "/metrics")).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body();
        String labels = "bot=\"format-bot\",namespace=\"" + namespace + "\"";
        assertTrue(metrics.contains("manybot_cycle_duration_seconds_count{" + labels + "} 1"), metrics);
        assertTrue(metrics.contains("manybot_activations_total{" + labels + "} 1.0"), metrics);
        // the gauge is there; what it counts over its 60-second window is LastMinuteTest's, on a clock it moves
        assertTrue(metrics.lines().anyMatch(l -> l.matches("manybot_activations_per_minute \\d+\\.\\d+")), metrics);
        assertTrue(metrics.contains("manybot_queue_depth 0.0"), metrics);
        assertTrue(metrics.lines().anyMatch(l -> l.startsWith("manybot_key_result_progress{goal=\"no-format-faults\"")
                && l.contains("namespace=\"" + namespace + "\"")), metrics);
    }

    @Test
    void textMatchingTheRedactionRulesIsMaskedInAnswersTheCyclesTriggerAndTheAuditLog() throws Exception {
        String internal = "acme-0123456789abcdef";
        api = ClusterApiServer.start(client, namespace, settings(),
                new ClusterApiSettings(List.of(API_KEY), SECRET, null, "# internal ids\nacme-[0-9a-f]{16}"));
        createExampleBot(OperatorFixtures.exampleRepository(temp).toUri().toString(), null);
        String firstCycle = awaitIdle().getStatus().lastCycle.id;
        HttpResponse<String> trigger = http.send(HttpRequest.newBuilder(URI.create(api.url() + "/api/v1/namespaces/" + namespace
                + "/bots/format-bot/trigger")).header("X-API-Key", API_KEY)
                .POST(HttpRequest.BodyPublishers.ofString("{\"reason\": \"ship " + internal + "\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(202, trigger.statusCode(), trigger.body());
        assertFalse(trigger.body().contains(internal), trigger.body());
        assertTrue(trigger.body().contains("ship ***"), trigger.body());
        WorkCycleResource cycle = OperatorFixtures.await("the triggered cycle", () -> client.resources(WorkCycleResource.class)
                .inNamespace(namespace).list().getItems().stream().filter(c -> c.getSpec().trigger.contains("ship")).findFirst().orElse(null));
        assertFalse(cycle.getSpec().trigger.contains(internal), "the masked reason is what reaches the cluster: " + cycle.getSpec().trigger);
        String cycles = http.send(HttpRequest.newBuilder(URI.create(api.url() + "/api/v1/namespaces/" + namespace + "/bots/format-bot/cycles"))
                .GET().build(), HttpResponse.BodyHandlers.ofString()).body();
        assertTrue(cycles.contains("ship ***") && !cycles.contains(internal), cycles);
        String audit = java.nio.file.Files.readString(temp.resolve("state/audit.log"));
        assertTrue(audit.contains("ship ***") && !audit.contains(internal), audit);
    }

    @Test
    void anInvalidRedactionRuleStopsTheApiFromStartingAndSaysWhich() {
        var settings = new ClusterApiSettings(List.of(API_KEY), SECRET, null, "fine-[0-9]+;;broken[");
        RuntimeException failed = org.junit.jupiter.api.Assertions.assertThrows(RuntimeException.class,
                () -> api = ClusterApiServer.start(client, namespace, settings(), settings));
        String message = "";
        for (Throwable t = failed; t != null; t = t.getCause()) {
            message += " " + t.getMessage();
        }
        assertTrue(message.contains("MANYBOT_REDACT: redaction rule 2 is not a regular expression"), message);
    }

    private static long sequence(String id) {
        return Long.parseLong(id.substring(id.indexOf('-') + 1));
    }

    private static io.fabric8.kubernetes.api.model.ConfigMap withContent(io.fabric8.kubernetes.api.model.ConfigMap configMap, String content) {
        configMap.getData().put(DirectivesConfigMap.KEY, content);
        return configMap;
    }

    /** The example's goals and format-bot on {@code repositoryUrl}, its owns replaced by {@code owns} when given. */
    private void createExampleBot(String repositoryUrl, List<String> owns) throws Exception {
        Path remote = temp.resolve("shop.git");
        for (HasMetadata resource : OperatorFixtures.exampleResources(temp, remote)) {
            if (resource instanceof ManybotResource bot) {
                bot.getSpec().repository.url = repositoryUrl;
                if (owns != null) {
                    bot.getSpec().owns = owns;
                }
            }
            client.resource(resource).inNamespace(namespace).create();
        }
    }

    private ManybotResource awaitIdle() throws InterruptedException {
        return OperatorFixtures.await("format-bot has finished its first cycle and is idle", () -> {
            ManybotResource b = client.resources(ManybotResource.class).inNamespace(namespace).withName("format-bot").get();
            return b != null && b.getStatus() != null && b.getStatus().lastCycle != null && b.getStatus().lastCycle.outcome != null
                    && "Idle".equals(b.getStatus().phase) ? b : null;
        });
    }

    /** The example GitHub push of acme/widgets (as served from 127.0.0.1) to main, by {@code pusher}, changing {@code path}. */
    private byte[] pushBy(String pusher, String path) throws Exception {
        ObjectNode event;
        try (InputStream in = ClusterApiLiveStateTest.class.getResourceAsStream("/webhooks/github-push.json")) {
            event = (ObjectNode) json.readTree(in);
        }
        ((ObjectNode) event.path("pusher")).put("name", pusher);
        ((ObjectNode) event.path("sender")).put("login", pusher);
        ArrayNode commits = (ArrayNode) event.path("commits");
        ObjectNode commit = (ObjectNode) commits.get(0);
        commits.removeAll();
        commits.add(commit);
        ((ObjectNode) commit.path("author")).put("username", pusher);
        commit.put("message", "Tidy a test");
        commit.putArray("added");
        commit.putArray("removed");
        commit.putArray("modified").add(path);
        event.set("head_commit", commit);
        return json.writeValueAsString(event).replace("github.com", "127.0.0.1").getBytes(StandardCharsets.UTF_8);
    }

    private HttpResponse<String> webhook(byte[] body, String delivery) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(api.url() + "/webhooks/github"))
                .header("X-GitHub-Event", "push").header("X-GitHub-Delivery", delivery).header("Content-Type", "application/json")
                .header("X-Hub-Signature-256", WebhookVerifier.sign(SECRET, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode get(String path, int status) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(api.url() + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(status, response.statusCode(), path + ": " + response.body());
        return json.readTree(response.body());
    }

    private JsonNode getQuietly(String path) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(api.url() + path)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? json.readTree(response.body()) : null;
        } catch (Exception e) {
            return null;
        }
    }
}
