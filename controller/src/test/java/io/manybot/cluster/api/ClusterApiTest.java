package io.manybot.cluster.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.manybot.cluster.operator.ManybotOperator;
import io.manybot.cluster.operator.OperatorFixtures;
import io.manybot.cluster.resource.Conditions;
import io.manybot.cluster.resource.ManybotResource;
import io.manybot.cluster.resource.ManybotSpec;
import io.manybot.cluster.resource.SubscriptionResource;
import io.manybot.cluster.resource.SubscriptionSpec;
import io.manybot.cluster.resource.WorkCycleResource;
import io.manybot.core.event.WebhookVerifier;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cluster home's HTTP API on a real Micronaut server (loopback, random port) in front of an
 * operator on the fabric8 mock API server (CRUD mode).
 */
@EnableKubernetesMockClient(crud = true)
class ClusterApiTest {
    static final String SECRET = "cluster-webhook-secret-1";
    static final String API_KEY = "cluster-api-key-0123456789";
    static final java.util.concurrent.atomic.AtomicInteger NAMESPACES = new java.util.concurrent.atomic.AtomicInteger();
    static final String GOOD_TOKEN = "good-service-account-token";
    static final String BAD_TOKEN = "bad-service-account-token";
    /** A token of a ServiceAccount the API server authenticates but whose RBAC grants nothing. */
    static final String NO_RBAC_TOKEN = "no-rbac-service-account-token";
    static KubernetesClient client;
    static KubernetesMockServer server;

    @TempDir
    Path temp;

    private final String NAMESPACE = "shop" + NAMESPACES.incrementAndGet();
    private ClusterApiServer api;
    private ManybotOperator operator;
    private String url;
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @BeforeEach
    void start() {
        api = ClusterApiServer.start(client, NAMESPACE, OperatorFixtures.settings(temp, ManybotSpec.RunnerMode.IN_PROCESS),
                new ClusterApiSettings(List.of(API_KEY), SECRET, null));
        operator = api.operator();
        url = api.url();
    }

    @AfterEach
    void stop() {
        // The mock API server outlives the test: the next test's operator (all namespaces) must not count this one's cycles.
        if (api != null) {
            api.close();
        }
    }

    @Test
    void aSignedPushMatchingASubscriptionTriggersItsBotAndAForgedOneIsRefused() throws Exception {
        createBotWithDocsSubscription();

        HttpResponse<String> forged = webhook(WebhookVerifier.sign("not-the-secret", push()), push(), "d-forged");
        assertEquals(401, forged.statusCode(), forged.body());
        assertFalse(forged.body().contains(SECRET));
        assertTrue(operator.pendingTriggers(NAMESPACE, "format-bot").isEmpty(), "a forged delivery triggers nothing");
        assertTrue(client.resources(WorkCycleResource.class).inNamespace(NAMESPACE).list().getItems().isEmpty());

        HttpResponse<String> signed = webhook(WebhookVerifier.sign(SECRET, push()), push(), "d-signed");
        assertEquals(202, signed.statusCode(), signed.body());
        JsonNode activations = json.readTree(signed.body()).path("activations");
        assertEquals(1, activations.size(), signed.body());
        assertEquals("format-bot", activations.get(0).path("bot").asText());
        assertEquals(NAMESPACE, activations.get(0).path("namespace").asText());
        assertEquals("trigger", activations.get(0).path("kind").asText());
        String reason = activations.get(0).path("reason").asText();
        assertTrue(reason.contains("format-bot-on-docs"), reason);
        // The bot's repository (github.com/acme/widgets) cannot be fetched here, so the reason waits for its cycle.
        assertEquals(List.of(reason), operator.pendingTriggers(NAMESPACE, "format-bot"));
        assertFalse(signed.body().contains(SECRET));

        HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(URI.create(url + "/metrics")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, metrics.statusCode());
        assertTrue(metrics.body().contains("manybot_webhook_deliveries_total{result=\"unauthorized\"} 1.0"), metrics.body());
        assertTrue(metrics.body().contains("manybot_webhook_deliveries_total{result=\"accepted\"} 1.0"), metrics.body());
    }

    @Test
    void aSignedPushStartsACycleWhoseTriggerIsTheActivationsReason() throws Exception {
        Path remote = OperatorFixtures.exampleRepository(temp);
        // The bot's repository as acme/widgets over (dumb) HTTP, so that a GitHub push of acme/widgets routes to it.
        io.manybot.testing.DumbHttpGit git = io.manybot.testing.DumbHttpGit.serve(remote, "/acme/widgets.git");
        try {
            String repositoryUrl = git.url();
            for (HasMetadata resource : OperatorFixtures.exampleResources(temp, remote)) {
                if (resource instanceof ManybotResource bot) {
                    bot.getSpec().repository.url = repositoryUrl;
                }
                client.resource(resource).inNamespace(NAMESPACE).create();
            }
            createDocsSubscription();
            OperatorFixtures.await("format-bot has finished its first cycle and is idle", () -> {
                ManybotResource b = client.resources(ManybotResource.class).inNamespace(NAMESPACE).withName("format-bot").get();
                return b.getStatus() != null && b.getStatus().lastCycle != null && b.getStatus().lastCycle.outcome != null
                        && "Idle".equals(b.getStatus().phase) ? b : null;
            });

            // As from a GitHub Enterprise host that serves the repository: the event names it on that host.
            byte[] body = new String(push(), java.nio.charset.StandardCharsets.UTF_8).replace("github.com", "127.0.0.1")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8);
            HttpResponse<String> signed = webhook(WebhookVerifier.sign(SECRET, body), body, "d-cycle");
            assertEquals(202, signed.statusCode(), signed.body());
            assertEquals(1, json.readTree(signed.body()).path("activations").size(), signed.body());
            String reason = json.readTree(signed.body()).path("activations").get(0).path("reason").asText();
            WorkCycleResource started = OperatorFixtures.await("a WorkCycle for the webhook", () -> client.resources(WorkCycleResource.class)
                    .inNamespace(NAMESPACE).list().getItems().stream().filter(c -> reason.equals(c.getSpec().trigger)).findFirst().orElse(null));
            assertEquals("format-bot", started.getSpec().bot);
        } finally {
            git.close();
        }
    }

    @Test
    void readsShowTheBotsAndTheirCyclesAndATriggerNeedsAKeyOrAReviewedToken() throws Exception {
        // The CRUD mock would echo a TokenReview: it answers as an API server does for one good and any other token.
        server.expect().post().withPath("/apis/authentication.k8s.io/v1/tokenreviews").andReply(201, request -> {
            String body = request.getBody().readUtf8();
            boolean good = body.contains("\"" + GOOD_TOKEN + "\"");
            boolean noRbac = body.contains("\"" + NO_RBAC_TOKEN + "\"");
            return new TokenReviewBuilder().withNewSpec().endSpec().withNewStatus().withAuthenticated(good || noRbac)
                    .withNewUser().withUsername(good ? "system:serviceaccount:shop:ci" : noRbac ? "system:serviceaccount:shop:nobody" : null)
                    .withGroups(good || noRbac ? List.of("system:serviceaccounts", "system:serviceaccounts:shop") : null)
                    .endUser().endStatus().build();
        }).always();
        // And the SubjectAccessReview as an API server with the chart's edit ClusterRole bound to shop:ci only, in this namespace.
        List<String> reviewed = new java.util.concurrent.CopyOnWriteArrayList<>();
        server.expect().post().withPath("/apis/authorization.k8s.io/v1/subjectaccessreviews").andReply(201, request -> {
            var review = io.fabric8.kubernetes.client.utils.Serialization.unmarshal(request.getBody().readUtf8(),
                    io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview.class);
            var attributes = review.getSpec().getResourceAttributes();
            reviewed.add(review.getSpec().getUser() + " " + attributes.getVerb() + " " + attributes.getGroup() + "/" + attributes.getResource()
                    + " " + attributes.getNamespace() + "/" + attributes.getName());
            boolean allowed = "system:serviceaccount:shop:ci".equals(review.getSpec().getUser()) && NAMESPACE.equals(attributes.getNamespace())
                    && "manybot.io".equals(attributes.getGroup()) && "manybots".equals(attributes.getResource())
                    && List.of("trigger", "pause").contains(attributes.getVerb());
            review.setStatus(new io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewStatusBuilder().withAllowed(allowed).build());
            return review;
        }).always();
        Path remote = OperatorFixtures.exampleRepository(temp);
        for (HasMetadata resource : OperatorFixtures.exampleResources(temp, remote)) {
            client.resource(resource).inNamespace(NAMESPACE).create();
        }
        OperatorFixtures.await("format-bot has finished its first cycle and is idle", () -> {
            ManybotResource b = client.resources(ManybotResource.class).inNamespace(NAMESPACE).withName("format-bot").get();
            return b.getStatus() != null && b.getStatus().lastCycle != null && b.getStatus().lastCycle.outcome != null
                    && "Idle".equals(b.getStatus().phase) ? b : null;
        });

        String outcome = client.resources(ManybotResource.class).inNamespace(NAMESPACE).withName("format-bot").get()
                .getStatus().lastCycle.outcome.toLowerCase(java.util.Locale.ROOT);
        HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(URI.create(url + "/metrics")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertTrue(metrics.body().contains("manybot_cycles_total{bot=\"format-bot\",namespace=\"" + NAMESPACE + "\",outcome=\"" + outcome
                + "\"} 1.0"), metrics.body());
        assertTrue(metrics.body().contains("manybot_reconcile_duration_seconds_count{controller=\"manybot\"}"), metrics.body());

        JsonNode bots = get("/api/v1/namespaces/" + NAMESPACE + "/bots", 200);
        assertEquals("format-bot", bots.path("bots").get(0).path("name").asText());
        assertEquals("Idle", bots.path("bots").get(0).path("phase").asText());
        JsonNode bot = get("/api/v1/namespaces/" + NAMESPACE + "/bots/format-bot", 200);
        assertEquals("Idle", bot.path("phase").asText());
        assertTrue(bot.path("progress").isTextual(), bot.toString());
        assertTrue(bot.path("lastCycle").path("outcome").isTextual(), bot.toString());
        assertTrue(bot.path("conditions").size() > 0, bot.toString());
        get("/api/v1/namespaces/" + NAMESPACE + "/bots/nobody", 404);
        JsonNode cycles = get("/api/v1/namespaces/" + NAMESPACE + "/bots/format-bot/cycles", 200);
        assertEquals(1, cycles.path("cycles").size());
        assertEquals("start", cycles.path("cycles").get(0).path("trigger").asText());
        assertTrue(get("/api/v1/namespaces/" + NAMESPACE + "/goals", 200).path("goals").size() > 0);
        assertEquals(2, get("/api/v1/namespaces/" + NAMESPACE + "/subscriptions", 200).path("subscriptions").size());

        assertEquals(401, trigger(Map.of(), "{}").statusCode());
        assertEquals(401, trigger(Map.of("X-API-Key", "wrong-key-0123456789"), "{}").statusCode());
        assertEquals(401, trigger(Map.of("Authorization", "Bearer " + BAD_TOKEN), "{}").statusCode());
        // Authenticated is not allowed: a ServiceAccount without the RBAC verb gets 403 from the SubjectAccessReview.
        HttpResponse<String> forbidden = trigger(Map.of("Authorization", "Bearer " + NO_RBAC_TOKEN), "{}");
        assertEquals(403, forbidden.statusCode(), forbidden.body());
        assertTrue(forbidden.body().contains("system:serviceaccount:shop:nobody") && forbidden.body().contains("'trigger'"), forbidden.body());
        assertFalse(forbidden.body().contains(NO_RBAC_TOKEN));
        assertEquals(List.of("system:serviceaccount:shop:nobody trigger manybot.io/manybots " + NAMESPACE + "/format-bot"), reviewed,
                "the review asked for the verb on that Manybot");
        assertEquals(403, post("format-bot", "pause", Map.of("Authorization", "Bearer " + NO_RBAC_TOKEN)).statusCode());
        assertEquals(403, post("format-bot", "resume", Map.of("Authorization", "Bearer " + NO_RBAC_TOKEN)).statusCode());
        Map<String, String> annotations = client.resources(ManybotResource.class).inNamespace(NAMESPACE).withName("format-bot").get()
                .getMetadata().getAnnotations();
        assertTrue(annotations == null || !annotations.containsKey(ManybotResource.PAUSED), "the refused pause wrote nothing");
        assertTrue(operator.pendingTriggers(NAMESPACE, "format-bot").isEmpty());
        assertEquals(1, client.resources(WorkCycleResource.class).inNamespace(NAMESPACE).list().getItems().size(), "no write went through");

        HttpResponse<String> byToken = trigger(Map.of("Authorization", "Bearer " + GOOD_TOKEN), "{\"reason\": \"release check\"}");
        assertEquals(202, byToken.statusCode(), byToken.body());
        assertFalse(byToken.body().contains(GOOD_TOKEN));
        String reason = json.readTree(byToken.body()).path("reason").asText();
        assertEquals("api: release check (user system:serviceaccount:shop:ci)", reason);
        OperatorFixtures.await("a cycle started for the API trigger", () -> client.resources(WorkCycleResource.class).inNamespace(NAMESPACE)
                .list().getItems().stream().filter(c -> reason.equals(c.getSpec().trigger)).findFirst().orElse(null));

        HttpResponse<String> byKey = trigger(Map.of("X-API-Key", API_KEY), "");
        assertEquals(202, byKey.statusCode(), byKey.body());
        assertFalse(byKey.body().contains(API_KEY));
        assertTrue(json.readTree(byKey.body()).path("reason").asText().startsWith("api: triggered by key "), byKey.body());
        assertEquals(404, triggerOf("nobody", Map.of("X-API-Key", API_KEY), "").statusCode());
    }

    @Test
    void pauseOverTheApiAnnotatesTheBotWhichStartsNoCyclesUntilResumed() throws Exception {
        Path remote = OperatorFixtures.exampleRepository(temp);
        for (HasMetadata resource : OperatorFixtures.exampleResources(temp, remote)) {
            client.resource(resource).inNamespace(NAMESPACE).create();
        }
        awaitIdle();
        assertEquals(401, post("format-bot", "pause", Map.of()).statusCode());
        assertEquals(404, post("nobody", "pause", Map.of("X-API-Key", API_KEY)).statusCode());

        HttpResponse<String> paused = post("format-bot", "pause", Map.of("X-API-Key", API_KEY));
        assertEquals(202, paused.statusCode(), paused.body());
        assertFalse(paused.body().contains(API_KEY));
        String by = client.resources(ManybotResource.class).inNamespace(NAMESPACE).withName("format-bot").get()
                .getMetadata().getAnnotations().get(ManybotResource.PAUSED);
        assertTrue(by != null && by.startsWith("api:key:") && by.contains(" at "), String.valueOf(by));
        ManybotResource bot = OperatorFixtures.await("format-bot is paused", () -> {
            ManybotResource b = client.resources(ManybotResource.class).inNamespace(NAMESPACE).withName("format-bot").get();
            return "Paused".equals(b.getStatus().phase) ? b : null;
        });
        var ready = Conditions.find(bot.getStatus().conditions, Conditions.READY);
        assertEquals("True", ready.getStatus());
        assertEquals("PausedByApi", ready.getReason());
        assertTrue(ready.getMessage().contains(by), ready.getMessage());

        io.micrometer.core.instrument.Timer reconciles = operator.metrics().reconcileTimer("manybot");
        long reconciledBefore = reconciles.count();
        HttpResponse<String> triggered = trigger(Map.of("X-API-Key", API_KEY), "{\"reason\": \"while paused\"}");
        assertEquals(202, triggered.statusCode(), triggered.body());
        // the witness: the trigger wakes the bot; a reconcile ends after it (and the trigger is held, not started)
        OperatorFixtures.await("a reconcile after the trigger", () -> reconciles.count() > reconciledBefore ? true : null);
        assertEquals(1, client.resources(WorkCycleResource.class).inNamespace(NAMESPACE).list().getItems().size(), "no cycle while paused");
        assertEquals(1, operator.pendingTriggers(NAMESPACE, "format-bot").size());

        HttpResponse<String> resumed = post("format-bot", "resume", Map.of("X-API-Key", API_KEY));
        assertEquals(202, resumed.statusCode(), resumed.body());
        var annotations = client.resources(ManybotResource.class).inNamespace(NAMESPACE).withName("format-bot").get().getMetadata().getAnnotations();
        // The merge patch's null removes the key on an API server; the CRUD mock keeps it with a null value.
        assertTrue(annotations == null || annotations.get(ManybotResource.PAUSED) == null, String.valueOf(annotations));
        OperatorFixtures.await("the pending trigger starts a cycle after the resume", () -> client.resources(WorkCycleResource.class)
                .inNamespace(NAMESPACE).list().getItems().stream().filter(c -> c.getSpec().trigger.contains("while paused")).findFirst().orElse(null));
    }

    @Test
    void writesAndDeliveriesAreAuditedInTheStateDirectoryAndOnTheLogWithoutSecrets() throws Exception {
        createBotWithDocsSubscription();
        String planted = "ghp_" + "A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8";
        byte[] body = new String(push(), java.nio.charset.StandardCharsets.UTF_8).replace("PLANTED_TOKEN", planted)
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        java.io.PrintStream err = System.err;
        java.io.ByteArrayOutputStream logged = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(logged, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            assertEquals(401, webhook(WebhookVerifier.sign("not-the-secret", body), body, "d-audit-forged").statusCode());
            HttpResponse<String> signed = webhook(WebhookVerifier.sign(SECRET, body), body, "d-audit-signed");
            assertEquals(202, signed.statusCode(), signed.body());
            assertFalse(signed.body().contains(planted), signed.body());
            assertEquals(401, trigger(Map.of("X-API-Key", "wrong-key-0123456789"), "").statusCode());
            assertEquals(202, trigger(Map.of("X-API-Key", API_KEY), "{\"reason\": \"rotate " + planted + "\"}").statusCode());
            assertEquals(202, post("format-bot", "pause", Map.of("X-API-Key", API_KEY)).statusCode());
            assertEquals(202, post("format-bot", "resume", Map.of("X-API-Key", API_KEY)).statusCode());
        } finally {
            System.setErr(err);
        }
        Path file = operator.settings().stateDirectory().resolve("audit.log");
        String audit = java.nio.file.Files.readString(file);
        List<JsonNode> entries = new java.util.ArrayList<>();
        for (String line : audit.split("\n")) {
            entries.add(json.readTree(line));
        }
        String key = io.manybot.core.audit.AuditLog.keyId(API_KEY);
        assertTrue(entries.stream().anyMatch(e -> "webhook".equals(e.path("kind").asText()) && "d-audit-forged".equals(e.path("delivery").asText())
                && e.path("result").asText().startsWith("401")), audit);
        assertTrue(entries.stream().anyMatch(e -> "webhook".equals(e.path("kind").asText()) && "d-audit-signed".equals(e.path("delivery").asText())
                && "github".equals(e.path("provider").asText()) && "push".equals(e.path("event").asText())
                && e.path("result").asText().startsWith("202") && e.path("activations").asInt() == 1
                && e.path("triggered").asText().contains(NAMESPACE + "/format-bot")), audit);
        assertTrue(entries.stream().anyMatch(e -> "anonymous".equals(e.path("actor").asText())
                && ("trigger " + NAMESPACE + "/format-bot").equals(e.path("action").asText()) && e.path("result").asText().startsWith("401")), audit);
        for (String verb : List.of("trigger", "pause", "resume")) {
            assertTrue(entries.stream().anyMatch(e -> "api".equals(e.path("kind").asText()) && key.equals(e.path("actor").asText())
                    && (verb + " " + NAMESPACE + "/format-bot").equals(e.path("action").asText()) && e.path("result").asText().startsWith("202")),
                    verb + ": " + audit);
        }
        for (String secret : List.of(SECRET, API_KEY, planted)) {
            assertFalse(audit.contains(secret), secret + " in " + audit);
        }
        String log = logged.toString(java.nio.charset.StandardCharsets.UTF_8);
        for (String line : audit.split("\n")) {
            assertTrue(log.contains("audit - " + line), "on the log: " + line + "\n" + log);
        }
        assertFalse(log.contains(API_KEY) || log.contains(SECRET) || log.contains(planted), log);
    }

    @Test
    void chatCommandsInCommentsActForOwnersOfTheBotsPathsAndAreRefusedToOthers() throws Exception {
        Path remote = OperatorFixtures.exampleRepository(temp);
        io.manybot.testing.DumbHttpGit git = io.manybot.testing.DumbHttpGit.serve(remote, "/acme/widgets.git");
        try {
            String repositoryUrl = git.url();
            for (HasMetadata resource : OperatorFixtures.exampleResources(temp, remote)) {
                if (resource instanceof ManybotResource bot) {
                    bot.getSpec().repository.url = repositoryUrl;
                }
                client.resource(resource).inNamespace(NAMESPACE).create();
            }
            awaitIdle();

            // bob reviews tests/ (an optional reviewer): no owner of format-bot's paths.
            HttpResponse<String> byBob = comment("bob", "@manybot pause format-bot", "c-bob");
            assertEquals(202, byBob.statusCode(), byBob.body());
            JsonNode refused = json.readTree(byBob.body()).path("commands");
            assertEquals(1, refused.size(), byBob.body());
            assertFalse(refused.get(0).path("allowed").asBoolean(), byBob.body());
            assertTrue(refused.get(0).path("reason").asText().contains("refused"), byBob.body());
            assertEquals(null, pausedAnnotation());

            // alice is a maintainer delegate of tests/, which format-bot owns.
            HttpResponse<String> byAlice = comment("alice", "@manybot status format-bot\n\n@manybot pause format-bot", "c-alice-1");
            assertEquals(202, byAlice.statusCode(), byAlice.body());
            JsonNode commands = json.readTree(byAlice.body()).path("commands");
            assertEquals(2, commands.size(), byAlice.body());
            assertTrue(commands.get(0).path("allowed").asBoolean(), byAlice.body());
            assertEquals("Idle", commands.get(0).path("status").path("phase").asText(), byAlice.body());
            assertTrue(commands.get(1).path("allowed").asBoolean(), byAlice.body());
            assertTrue(String.valueOf(pausedAnnotation()).startsWith("comment:alice at "), pausedAnnotation());
            OperatorFixtures.await("format-bot is paused", () -> {
                ManybotResource b = client.resources(ManybotResource.class).inNamespace(NAMESPACE).withName("format-bot").get();
                return "Paused".equals(b.getStatus().phase) ? b : null;
            });

            HttpResponse<String> again = comment("alice", "@manybot resume format-bot\n@manybot trigger format-bot", "c-alice-2");
            assertEquals(202, again.statusCode(), again.body());
            assertEquals(null, pausedAnnotation());
            OperatorFixtures.await("a cycle for alice's trigger", () -> client.resources(WorkCycleResource.class).inNamespace(NAMESPACE)
                    .list().getItems().stream().filter(c -> c.getSpec().trigger.contains("comment by alice")).findFirst().orElse(null));
            String audit = java.nio.file.Files.readString(operator.settings().stateDirectory().resolve("audit.log"));
            assertTrue(audit.contains("pause " + NAMESPACE + "/format-bot refused"), audit);
            assertTrue(audit.contains("resume " + NAMESPACE + "/format-bot by alice"), audit);
        } finally {
            git.close();
        }
    }

    @Test
    void theEventStreamOfANamespaceSendsWorkCycleAndManybotPhaseChanges() throws Exception {
        try (ServerSentEvents events = new ServerSentEvents(http, url + "/api/v1/namespaces/" + NAMESPACE + "/events", null)) {
            assertEquals(200, events.status());
            events.await("the stream opens", e -> e.name().equals("open"));
            Path remote = OperatorFixtures.exampleRepository(temp);
            for (HasMetadata resource : OperatorFixtures.exampleResources(temp, remote)) {
                client.resource(resource).inNamespace(NAMESPACE).create();
            }
            awaitIdle();
            events.await("format-bot's cycle has an outcome", e -> e.name().equals("workcycle")
                    && e.data().contains("\"bot\":\"format-bot\"") && e.data().contains("\"outcome\":\""));
            events.await("format-bot is idle", e -> e.name().equals("manybot") && e.data().contains("\"phase\":\"Idle\""));
            for (ServerSentEvents.Received event : events.seen()) {
                assertEquals(NAMESPACE, json.readTree(event.data()).path("namespace").asText(), event.toString());
            }
        }
        HttpResponse<String> unwatched = http.send(HttpRequest.newBuilder(URI.create(url + "/api/v1/namespaces/" + NAMESPACE + "/bots/none"))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(404, unwatched.statusCode());
    }

    private String pausedAnnotation() {
        var annotations = client.resources(ManybotResource.class).inNamespace(NAMESPACE).withName("format-bot").get().getMetadata().getAnnotations();
        return annotations == null ? null : annotations.get(ManybotResource.PAUSED);
    }

    /** A signed GitHub issue_comment on acme/widgets (as served from 127.0.0.1) by {@code author}. */
    private HttpResponse<String> comment(String author, String text, String delivery) throws Exception {
        com.fasterxml.jackson.databind.node.ObjectNode event;
        try (InputStream in = ClusterApiTest.class.getResourceAsStream("/webhooks/github-issue-comment.json")) {
            event = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(in);
        }
        ((com.fasterxml.jackson.databind.node.ObjectNode) event.path("comment")).put("body", text);
        ((com.fasterxml.jackson.databind.node.ObjectNode) event.path("comment").path("user")).put("login", author);
        ((com.fasterxml.jackson.databind.node.ObjectNode) event.path("sender")).put("login", author);
        byte[] body = json.writeValueAsString(event).replace("github.com", "127.0.0.1").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return http.send(HttpRequest.newBuilder(URI.create(url + "/webhooks/github"))
                .header("X-GitHub-Event", "issue_comment").header("X-GitHub-Delivery", delivery).header("Content-Type", "application/json")
                .header("X-Hub-Signature-256", WebhookVerifier.sign(SECRET, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private void awaitIdle() throws Exception {
        OperatorFixtures.await("format-bot has finished its first cycle and is idle", () -> {
            ManybotResource b = client.resources(ManybotResource.class).inNamespace(NAMESPACE).withName("format-bot").get();
            return b.getStatus() != null && b.getStatus().lastCycle != null && b.getStatus().lastCycle.outcome != null
                    && "Idle".equals(b.getStatus().phase) ? b : null;
        });
    }

    private HttpResponse<String> post(String bot, String verb, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url + "/api/v1/namespaces/" + NAMESPACE + "/bots/" + bot + "/" + verb))
                .POST(HttpRequest.BodyPublishers.noBody());
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aBodyOverOneMebibyteIsRefusedWith413() throws Exception {
        byte[] big = new byte[(1 << 20) + 1];
        HttpResponse<String> response = webhook(WebhookVerifier.sign(SECRET, big), big, "d-big");
        assertEquals(413, response.statusCode(), response.body());
    }

    private void createBotWithDocsSubscription() throws Exception {
        Path remote = OperatorFixtures.exampleRepository(temp);
        for (HasMetadata resource : OperatorFixtures.exampleResources(temp, remote)) {
            if (resource instanceof ManybotResource bot) {
                bot.getSpec().repository.url = "https://github.com/acme/widgets.git";
            }
            client.resource(resource).inNamespace(NAMESPACE).create();
        }
        createDocsSubscription();
    }

    private void createDocsSubscription() throws Exception {
        SubscriptionResource docs = new SubscriptionResource();
        docs.getMetadata().setName("format-bot-on-docs");
        docs.setSpec(new SubscriptionSpec());
        docs.getSpec().bot = "format-bot";
        docs.getSpec().trigger = SubscriptionSpec.Trigger.PUSH;
        docs.getSpec().paths = List.of("docs/**");
        client.resource(docs).inNamespace(NAMESPACE).create();
        OperatorFixtures.await("the subscription is registered", () -> {
            SubscriptionResource s = client.resources(SubscriptionResource.class).inNamespace(NAMESPACE).withName("format-bot-on-docs").get();
            return s.getStatus() != null && Conditions.isTrue(s.getStatus().conditions, Conditions.READY) ? s : null;
        });
    }

    private JsonNode get(String path, int status) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url + path)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(status, response.statusCode(), path + ": " + response.body());
        return json.readTree(response.body());
    }

    private HttpResponse<String> trigger(Map<String, String> headers, String body) throws Exception {
        return triggerOf("format-bot", headers, body);
    }

    private HttpResponse<String> triggerOf(String bot, Map<String, String> headers, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url + "/api/v1/namespaces/" + NAMESPACE + "/bots/" + bot + "/trigger"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static byte[] push() throws Exception {
        try (InputStream in = ClusterApiTest.class.getResourceAsStream("/webhooks/github-push.json")) {
            return in.readAllBytes();
        }
    }

    private HttpResponse<String> webhook(String signature, byte[] body, String delivery) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url + "/webhooks/github"))
                .header("X-GitHub-Event", "push").header("X-GitHub-Delivery", delivery).header("Content-Type", "application/json")
                .header("X-Hub-Signature-256", signature)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
