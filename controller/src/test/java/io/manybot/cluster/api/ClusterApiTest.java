package io.manybot.cluster.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
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
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
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
    static final String NAMESPACE = "shop";
    static KubernetesClient client;
    static KubernetesMockServer server;

    @TempDir
    Path temp;

    private ManybotOperator operator;
    private ApplicationContext context;
    private String url;
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @BeforeEach
    void start() throws Exception {
        operator = new ManybotOperator(client, OperatorFixtures.settings(temp, ManybotSpec.RunnerMode.IN_PROCESS), Clock.systemUTC(), false);
        operator.start();
        context = ApplicationContext.builder().banner(false)
                .properties(Map.of("micronaut.server.host", "127.0.0.1", "micronaut.server.port", -1))
                .singletons(operator, new ClusterApiSettings(List.of(API_KEY), SECRET, null)).start();
        EmbeddedServer embedded = context.getBean(EmbeddedServer.class);
        embedded.start();
        url = "http://127.0.0.1:" + embedded.getPort();
    }

    @AfterEach
    void stop() {
        if (context != null) {
            context.close();
        }
        if (operator != null) {
            operator.close();
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
