package io.manybot.cluster.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.manybot.cluster.operator.ManybotOperator;
import io.manybot.cluster.operator.OperatorFixtures;
import io.manybot.cluster.resource.Conditions;
import io.manybot.cluster.resource.ManybotResource;
import io.manybot.cluster.resource.ManybotSpec;
import io.manybot.cluster.resource.SubscriptionResource;
import io.manybot.cluster.resource.SubscriptionSpec;
import io.manybot.cluster.resource.WorkCycleResource;
import io.manybot.core.event.WebhookVerifier;
import io.manybot.testing.DumbHttpGit;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * GitLab webhooks at the cluster home's {@code POST /webhooks/gitlab}: a real Micronaut server on
 * loopback in front of an operator on the fabric8 mock API server (CRUD mode, shared by the test
 * classes of the JVM: each test has a namespace of its own and removes its bots after). The bot's
 * repository is GitLab project {@code platform/tools/widgets}; a push is routed to it through a
 * Subscription on {@code docs/**}.
 */
@EnableKubernetesMockClient(crud = true)
class ClusterGitlabWebhookTest {
    static final String GITLAB_TOKEN = "cluster-gitlab-token-7e42";
    static final String GITHUB_SECRET = "cluster-github-secret-for-gitlab-test";
    static final String API_KEY = "cluster-gitlab-api-key-0123456789";
    static final String PROJECT = "/platform/tools/widgets.git";
    static final AtomicInteger NAMESPACES = new AtomicInteger();
    static KubernetesClient client;

    @TempDir
    Path temp;

    private final String namespace = "gitlab" + NAMESPACES.incrementAndGet();
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private final List<String> responses = new ArrayList<>();
    private ManybotOperator operator;
    private ClusterApiServer api;
    private String url;

    @BeforeEach
    void start() {
        api = ClusterApiServer.start(client, namespace, OperatorFixtures.settings(temp, ManybotSpec.RunnerMode.IN_PROCESS),
                new ClusterApiSettings(List.of(API_KEY), GITHUB_SECRET, GITLAB_TOKEN));
        operator = api.operator();
        url = api.url();
    }

    @AfterEach
    void stop() {
        // The mock API server outlives the test: the next test's operator (all namespaces) must not see this one's bots.
        if (api != null) {
            api.close();
        }
    }

    @Test
    void aPushHookWithTheTokenStartsACycleOfTheSubscribedBotWhoseTriggerIsTheActivationsReason() throws Exception {
        Path remote = OperatorFixtures.exampleRepository(temp);
        // The bot's repository as GitLab project platform/tools/widgets, served on 127.0.0.1 (the push names that host).
        try (DumbHttpGit git = DumbHttpGit.serve(remote, PROJECT)) {
            createBot(remote, git.url());
            createDocsSubscription();
            awaitIdle();

            HttpResponse<String> accepted = gitlab("Push Hook", "uuid-cycle", GITLAB_TOKEN, push("127.0.0.1", "docs/index.md"));
            assertEquals(202, accepted.statusCode(), accepted.body());
            JsonNode activations = json.readTree(accepted.body()).path("activations");
            assertEquals(1, activations.size(), accepted.body());
            assertEquals(namespace, activations.get(0).path("namespace").asText(), accepted.body());
            assertEquals("format-bot", activations.get(0).path("bot").asText(), accepted.body());
            String reason = activations.get(0).path("reason").asText();
            assertEquals("subscription format-bot-on-gitlab-docs: push to main changed docs/index.md", reason);

            WorkCycleResource cycle = OperatorFixtures.await("a WorkCycle for the GitLab push", () -> client.resources(WorkCycleResource.class)
                    .inNamespace(namespace).list().getItems().stream().filter(c -> reason.equals(c.getSpec().trigger)).findFirst().orElse(null));
            assertEquals("format-bot", cycle.getSpec().bot);
        }
    }

    @Test
    void aWrongOrMissingTokenIsRefusedWith401AndLeavesNothingPendingWhileTheRightOneTriggersTheBot() throws Exception {
        // an unreachable repository: the trigger's reason waits in pendingTriggers for a cycle that cannot fetch
        createBot(OperatorFixtures.exampleRepository(temp), "https://gitlab.example.com/platform/tools/widgets.git");
        createDocsSubscription();
        byte[] push = push("gitlab.example.com", "docs/index.md");

        String wrongToken = "not-the-cluster-gitlab-token";
        HttpResponse<String> wrong = gitlab("Push Hook", "uuid-1", wrongToken, push);
        assertEquals(401, wrong.statusCode(), wrong.body());
        assertEquals("unauthorized: X-Gitlab-Token does not match the configured secret token",
                json.readTree(wrong.body()).path("message").asText(), wrong.body());
        assertFalse(wrong.body().contains(wrongToken), wrong.body());
        HttpResponse<String> missing = gitlab("Push Hook", "uuid-2", null, push);
        assertEquals(401, missing.statusCode(), missing.body());
        assertTrue(operator.pendingTriggers(namespace, "format-bot").isEmpty(), "a refused delivery triggers nothing");
        assertTrue(client.resources(WorkCycleResource.class).inNamespace(namespace).list().getItems().isEmpty());

        // the refused delivery's UUID was not remembered: the real delivery with it is accepted
        HttpResponse<String> accepted = gitlab("Push Hook", "uuid-1", GITLAB_TOKEN, push);
        assertEquals(202, accepted.statusCode(), accepted.body());
        String reason = json.readTree(accepted.body()).path("activations").get(0).path("reason").asText();
        assertEquals("subscription format-bot-on-gitlab-docs: push to main changed docs/index.md", reason);
        assertEquals(List.of(reason), operator.pendingTriggers(namespace, "format-bot"));

        // GitLab's retry of the same event is a duplicate: still one trigger
        HttpResponse<String> retried = gitlab("Push Hook", "uuid-1", GITLAB_TOKEN, push);
        assertEquals(200, retried.statusCode(), retried.body());
        assertEquals("duplicate", json.readTree(retried.body()).path("outcome").asText(), retried.body());
        assertEquals(List.of(reason), operator.pendingTriggers(namespace, "format-bot"));

        String metrics = metrics();
        assertTrue(metrics.contains("manybot_webhook_deliveries_total{result=\"unauthorized\"} 2.0"), metrics);
        assertTrue(metrics.contains("manybot_webhook_deliveries_total{result=\"accepted\"} 1.0"), metrics);
        assertTrue(metrics.contains("manybot_webhook_deliveries_total{result=\"duplicate\"} 1.0"), metrics);
    }

    @Test
    void aGithubSignedDeliveryPostedToTheGitlabEndpointIsRefusedWith400AndIsAcceptedWhenResentToTheGithubOne() throws Exception {
        createBot(OperatorFixtures.exampleRepository(temp), "https://github.com/acme/widgets.git");
        createDocsSubscription();
        byte[] body;
        try (InputStream in = ClusterGitlabWebhookTest.class.getResourceAsStream("/webhooks/github-push.json")) {
            body = in.readAllBytes();
        }
        HttpResponse<String> misposted = post("/webhooks/gitlab", body, Map.of("X-GitHub-Event", "push", "X-GitHub-Delivery", "d-misposted",
                "Content-Type", "application/json", "X-Hub-Signature-256", WebhookVerifier.sign(GITHUB_SECRET, body)));
        assertEquals(400, misposted.statusCode(), misposted.body());
        JsonNode answer = json.readTree(misposted.body());
        assertEquals("malformed", answer.path("outcome").asText(), misposted.body());
        assertEquals("malformed: a GitHub delivery posted to the GitLab endpoint /webhooks/gitlab; point the hook at /webhooks/github",
                answer.path("message").asText(), misposted.body());
        assertTrue(answer.path("activations").isMissingNode(), misposted.body());
        assertTrue(operator.pendingTriggers(namespace, "format-bot").isEmpty());
        String metrics = metrics();
        assertTrue(metrics.contains("manybot_webhook_deliveries_total{result=\"malformed\"} 1.0"), metrics);
        assertFalse(metrics.contains("manybot_webhook_deliveries_total{result=\"accepted\"}"), metrics);

        // The hook's URL mended, GitHub redelivers the same delivery: it is new there, not a duplicate.
        HttpResponse<String> resent = post("/webhooks/github", body, Map.of("X-GitHub-Event", "push", "X-GitHub-Delivery", "d-misposted",
                "Content-Type", "application/json", "X-Hub-Signature-256", WebhookVerifier.sign(GITHUB_SECRET, body)));
        assertEquals(202, resent.statusCode(), resent.body());
        assertEquals(1, json.readTree(resent.body()).path("activations").size(), resent.body());
        assertEquals(1, operator.pendingTriggers(namespace, "format-bot").size());
    }

    @Test
    void aNoteHookCommandPausesTheBotForAnOwnerOfItsPathsAndIsRefusedToOthers() throws Exception {
        Path remote = OperatorFixtures.exampleRepository(temp);
        try (DumbHttpGit git = DumbHttpGit.serve(remote, PROJECT)) {
            createBot(remote, git.url());
            awaitIdle();

            // bob is only an optional reviewer of tests/: no owner of format-bot's paths
            HttpResponse<String> byBob = gitlab("Note Hook", "uuid-note-bob", GITLAB_TOKEN, note("bob", "@manybot pause format-bot"));
            assertEquals(202, byBob.statusCode(), byBob.body());
            JsonNode refused = json.readTree(byBob.body()).path("commands");
            assertEquals(1, refused.size(), byBob.body());
            assertFalse(refused.get(0).path("allowed").asBoolean(), byBob.body());
            assertEquals(null, pausedAnnotation());

            // alice is a maintainer delegate of tests/, which format-bot owns
            HttpResponse<String> byAlice = gitlab("Note Hook", "uuid-note-alice", GITLAB_TOKEN, note("alice", "@manybot pause format-bot"));
            assertEquals(202, byAlice.statusCode(), byAlice.body());
            JsonNode commands = json.readTree(byAlice.body()).path("commands");
            assertEquals(1, commands.size(), byAlice.body());
            assertTrue(commands.get(0).path("allowed").asBoolean(), byAlice.body());
            assertEquals("paused", commands.get(0).path("status").asText(), byAlice.body());
            assertTrue(String.valueOf(pausedAnnotation()).startsWith("comment:alice at "), pausedAnnotation());
            OperatorFixtures.await("format-bot is paused", () -> {
                ManybotResource b = client.resources(ManybotResource.class).inNamespace(namespace).withName("format-bot").get();
                return "Paused".equals(b.getStatus().phase) ? b : null;
            });
        }
    }

    // ---- resources ----

    /** The example's Goals, format-bot (its repository at {@code repositoryUrl}) and its pull-request Subscription. */
    private void createBot(Path remote, String repositoryUrl) throws Exception {
        for (HasMetadata resource : OperatorFixtures.exampleResources(temp, remote)) {
            if (resource instanceof ManybotResource bot) {
                bot.getSpec().repository.url = repositoryUrl;
            }
            client.resource(resource).inNamespace(namespace).create();
        }
    }

    private void createDocsSubscription() throws Exception {
        SubscriptionResource docs = new SubscriptionResource();
        docs.getMetadata().setName("format-bot-on-gitlab-docs");
        docs.setSpec(new SubscriptionSpec());
        docs.getSpec().bot = "format-bot";
        docs.getSpec().trigger = SubscriptionSpec.Trigger.PUSH;
        docs.getSpec().paths = List.of("docs/**");
        client.resource(docs).inNamespace(namespace).create();
        OperatorFixtures.await("the subscription is registered", () -> {
            SubscriptionResource s = client.resources(SubscriptionResource.class).inNamespace(namespace).withName("format-bot-on-gitlab-docs").get();
            return s.getStatus() != null && Conditions.isTrue(s.getStatus().conditions, Conditions.READY) ? s : null;
        });
    }

    private void awaitIdle() throws Exception {
        OperatorFixtures.await("format-bot has finished its first cycle and is idle", () -> {
            ManybotResource b = client.resources(ManybotResource.class).inNamespace(namespace).withName("format-bot").get();
            return b.getStatus() != null && b.getStatus().lastCycle != null && b.getStatus().lastCycle.outcome != null
                    && "Idle".equals(b.getStatus().phase) ? b : null;
        });
    }

    private String pausedAnnotation() {
        var annotations = client.resources(ManybotResource.class).inNamespace(namespace).withName("format-bot").get().getMetadata().getAnnotations();
        return annotations == null ? null : annotations.get(ManybotResource.PAUSED);
    }

    // ---- payloads ----

    /** A GitLab push of one commit by jsmith to main of project platform/tools/widgets on {@code host}, changing {@code path}. */
    private byte[] push(String host, String path) throws Exception {
        ObjectNode payload = json.createObjectNode()
                .put("object_kind", "push").put("event_name", "push")
                .put("before", "95790bf891e76fee5e1747ab589903a6a1f80f22").put("after", "da1560886d4f094c3e6c9ef40349f7d38b5d27d7")
                .put("ref", "refs/heads/main").put("user_name", "John Smith").put("user_username", "jsmith").put("project_id", 15);
        payload.putObject("project").put("id", 15).put("name", "Widgets").put("path_with_namespace", "platform/tools/widgets")
                .put("web_url", "https://" + host + "/platform/tools/widgets")
                .put("git_http_url", "https://" + host + PROJECT).put("git_ssh_url", "git@" + host + ":platform/tools/widgets.git")
                .put("default_branch", "main");
        ObjectNode commit = payload.putArray("commits").addObject().put("id", "da1560886d4f094c3e6c9ef40349f7d38b5d27d7")
                .put("message", "Explain the formatter\n").put("timestamp", "2026-11-24T10:13:02+00:00");
        commit.putObject("author").put("name", "John Smith").put("email", "jsmith@example.com");
        commit.putArray("added");
        commit.putArray("modified").add(path);
        commit.putArray("removed");
        payload.put("total_commits_count", 1);
        return json.writeValueAsBytes(payload);
    }

    /** A new GitLab note by {@code author} on merge request !7 into main of the project served on 127.0.0.1. */
    private byte[] note(String author, String text) throws Exception {
        String sample;
        try (InputStream in = ClusterGitlabWebhookTest.class.getResourceAsStream("/webhooks/gitlab-note.json")) {
            sample = new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("gitlab.example.com", "127.0.0.1");
        }
        ObjectNode payload = (ObjectNode) json.readTree(sample);
        ((ObjectNode) payload.path("user")).put("username", author).put("name", author);
        ((ObjectNode) payload.path("object_attributes")).put("note", text);
        return json.writeValueAsBytes(payload);
    }

    // ---- HTTP ----

    /** A GitLab delivery to /webhooks/gitlab; no {@code X-Gitlab-Token} when {@code token} is null. */
    private HttpResponse<String> gitlab(String event, String uuid, String token, byte[] body) throws Exception {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-Gitlab-Event", event);
        headers.put("X-Gitlab-Event-UUID", uuid);
        headers.put("Content-Type", "application/json");
        if (token != null) {
            headers.put("X-Gitlab-Token", token);
        }
        return post("/webhooks/gitlab", body, headers);
    }

    private HttpResponse<String> post(String path, byte[] body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url + path)).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        responses.add(response.body());
        return response;
    }

    private String metrics() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url + "/metrics")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        return response.body();
    }
}
