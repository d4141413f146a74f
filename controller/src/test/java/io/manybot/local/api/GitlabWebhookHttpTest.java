package io.manybot.local.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.manybot.local.LocalController;
import io.manybot.testing.ApiCalls;
import io.manybot.testing.Await;
import io.manybot.testing.FormatRepository;
import io.manybot.testing.GitRepos;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * GitLab webhooks at the local home's {@code POST /webhooks/gitlab}, end to end: the real controller
 * on a real repository, the real Micronaut server on loopback, the GitLab token configured as
 * {@code manybot run --http} reads it ({@value ApiSettings#GITLAB_TOKEN_ENV}). The payloads are
 * GitLab's (test resources {@code webhooks/gitlab-*.json}); the bot names no repository, so events
 * of any repository route to it (the home's router has no home repository).
 */
class GitlabWebhookHttpTest {
    static final String TOKEN = "gitlab-token-for-the-http-test-8c1d";
    static final String API_KEY = "gitlab-test-api-key-0123456789abcdef";
    static final String MERGE_REQUESTS = """
            apiVersion: manybot.io/v1alpha1
            kind: Subscription
            metadata:
              name: format-merge-requests
            spec:
              bot: format-bot
              trigger: pull_request
            """;

    @TempDir
    Path temp;

    private final ObjectMapper json = new ObjectMapper();
    private final StringWriter terminal = new StringWriter();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private LocalController controller;
    private Thread running;
    private ApiServer server;
    private Path state;
    private ApiCalls calls;

    @BeforeEach
    void startTheHome() throws Exception {
        Path work = temp.resolve("work");
        GitRepos.write(work, Map.of(
                "OWNERS", "primary: human:root-owner\n",
                "src/format/OWNERS", "primary: manybot:format-bot\ndelegates:\n  - human:alice\n",
                "src/format/a.txt", "TODO a\n",
                "src/other/OWNERS", "primary: human:mallory\n",
                ".manybot/goal.yaml", FormatRepository.GOAL,
                ".manybot/format-bot.yaml", FormatRepository.bot("sed -i s/TODO/done/ src/format/*.txt", Map.of()),
                ".manybot/format-pushes.yaml", FormatRepository.SUBSCRIPTION,
                ".manybot/format-merge-requests.yaml", MERGE_REQUESTS));
        GitRepos.initAndCommit(work, "initial");
        Path bare = temp.resolve("repo.git");
        Git.cloneRepository().setBare(true).setURI(work.toUri().toString()).setDirectory(bare.toFile()).call().close();
        state = temp.resolve("state");
        Path keys = temp.resolve("api-keys");
        Files.writeString(keys, API_KEY + "\n");

        controller = new LocalController(new LocalController.Options(bare, state, null, 2, ".manybot"),
                new PrintWriter(terminal, true), Clock.systemUTC());
        // as `manybot run --http` builds them: the GitLab token from the environment
        ApiSettings settings = ApiSettings.of("127.0.0.1:0", keys, null, Map.of(ApiSettings.GITLAB_TOKEN_ENV, TOKEN));
        running = new Thread(() -> {
            try {
                controller.run();
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        server = ApiServer.start(settings, controller.view());
        calls = new ApiCalls("http://127.0.0.1:" + server.port());
        running.start();
        // the first cycle (trigger "start") ends before any webhook is sent
        await(() -> calls.doneCycles("format-bot").size() >= 1);
    }

    @AfterEach
    void stopTheHome() throws Exception {
        try {
            if (server != null) {
                server.close();
            }
        } finally {
            controller.stop();
            running.join(60_000);
        }
        assertEquals(null, failure.get());
        String everything = calls.everything() + terminal + Files.readString(state.resolve("audit.log"));
        assertFalse(everything.contains(TOKEN), "the GitLab token leaked into a response, the terminal or the audit log");
    }

    @Test
    void aPushHookWithTheTokenStartsTheSubscribedBotsCycleAndItsRedeliveryIsIgnored() throws Exception {
        byte[] push = sample("gitlab-push.json");
        HttpResponse<String> accepted = calls.post("/webhooks/gitlab", push, gitlab("Push Hook", "uuid-push-1", TOKEN));
        assertEquals(202, accepted.statusCode(), accepted.body());
        assertEquals("accepted", calls.json(accepted).path("outcome").asText(), accepted.body());
        JsonNode activations = calls.json(accepted).path("activations");
        assertEquals(1, activations.size(), accepted.body());
        assertEquals("format-bot", activations.get(0).path("bot").asText(), accepted.body());
        assertEquals("requested", activations.get(0).path("status").asText(), accepted.body());
        String reason = activations.get(0).path("reason").asText();
        assertTrue(reason.startsWith("subscription format-pushes: push to main changed src/format/settings.toml"), reason);

        // GitLab retries with the same X-Gitlab-Event-UUID: the second delivery is a duplicate and routes nothing
        HttpResponse<String> again = calls.post("/webhooks/gitlab", push, gitlab("Push Hook", "uuid-push-1", TOKEN));
        assertEquals(200, again.statusCode(), again.body());
        assertEquals("duplicate", calls.json(again).path("outcome").asText(), again.body());
        assertTrue(calls.json(again).path("message").asText().contains("GitLab delivery uuid-push-1 was received before"), again.body());
        assertTrue(calls.json(again).path("activations").isMissingNode(), again.body());

        // the cycle really runs, with the activation's reason as its trigger, and does the bot's work
        await(() -> calls.doneCycles("format-bot").stream().anyMatch(c -> reason.equals(c.path("trigger").asText())));
        await(() -> calls.queueDepth() == 0);
        assertEquals(1, calls.doneCycles("format-bot").stream().filter(c -> c.path("trigger").asText().contains("push to main")).count(), calls.cycles("format-bot").toString());
        assertEquals(1, events("trigger taken"), "one trigger for two deliveries of the same event");
        assertEquals(2, calls.cycles("format-bot").size(), "the start cycle and the push's: " + calls.cycles("format-bot"));

        String metrics = calls.get("/metrics").body();
        assertTrue(metrics.contains("manybot_webhook_deliveries_total{result=\"accepted\"} 1.0"), metrics);
        assertTrue(metrics.contains("manybot_webhook_deliveries_total{result=\"duplicate\"} 1.0"), metrics);
    }

    @Test
    void aPushHookWithAWrongOrMissingTokenIsRefusedWith401AndStartsNothing() throws Exception {
        byte[] push = sample("gitlab-push.json");
        String wrongToken = "not-the-gitlab-token-31b7";
        HttpResponse<String> wrong = calls.post("/webhooks/gitlab", push, gitlab("Push Hook", "uuid-wrong", wrongToken));
        assertEquals(401, wrong.statusCode(), wrong.body());
        assertEquals("unauthorized: X-Gitlab-Token does not match the configured secret token", calls.json(wrong).path("message").asText());
        assertFalse(wrong.body().contains(wrongToken), "the token received is not echoed: " + wrong.body());
        HttpResponse<String> missing = calls.post("/webhooks/gitlab", push, gitlab("Push Hook", "uuid-missing", null));
        assertEquals(401, missing.statusCode(), missing.body());
        assertTrue(calls.json(missing).path("message").asText().contains("missing X-Gitlab-Token header"), missing.body());
        // sent through the provider-detecting endpoint as well
        HttpResponse<String> detected = calls.post("/webhooks", push, gitlab("Push Hook", "uuid-detected", wrongToken));
        assertEquals(401, detected.statusCode(), detected.body());

        await(() -> calls.queueDepth() == 0);
        assertEquals(0, events("trigger taken"), "no trigger was requested, so none taken");
        assertEquals(1, calls.cycles("format-bot").size(), "only the start cycle: " + calls.cycles("format-bot"));
        String metrics = calls.get("/metrics").body();
        assertTrue(metrics.contains("manybot_webhook_deliveries_total{result=\"unauthorized\"} 3.0"), metrics);
        assertFalse(metrics.contains("manybot_webhook_deliveries_total{result=\"accepted\"}"), metrics);

        // a refused delivery is not remembered: the real one with the same UUID still counts
        HttpResponse<String> real = calls.post("/webhooks/gitlab", push, gitlab("Push Hook", "uuid-wrong", TOKEN));
        assertEquals(202, real.statusCode(), real.body());
        await(() -> calls.doneCycles("format-bot").stream().anyMatch(c -> c.path("trigger").asText().contains("push to main")));
    }

    @Test
    void aNoteHookCommandPausesTheBotOnlyWhenItsAuthorOwnsTheBotsPaths() throws Exception {
        // mallory owns src/other, not format-bot's src/format
        byte[] mallory = note("mallory", "Please stop.\n\n@manybot pause format-bot");
        HttpResponse<String> refused = calls.post("/webhooks/gitlab", mallory, gitlab("Note Hook", "uuid-note-mallory", TOKEN));
        assertEquals(202, refused.statusCode(), refused.body());
        JsonNode refusedCommands = calls.json(refused).path("commands");
        assertEquals(1, refusedCommands.size(), refused.body());
        assertEquals("pause", refusedCommands.get(0).path("command").asText(), refused.body());
        assertFalse(refusedCommands.get(0).path("allowed").asBoolean(), refused.body());
        assertTrue(refusedCommands.get(0).path("reason").asText().contains("human:mallory is not an owner"), refused.body());
        await(() -> calls.queueDepth() == 0);
        assertEquals(0, events("pause requested"), "mallory's command requested nothing");
        assertFalse(calls.json(calls.get("/api/v1/bots/format-bot")).path("paused").asBoolean());

        // alice is a delegate in src/format/OWNERS
        byte[] alice = note("alice", "@manybot pause format-bot");
        HttpResponse<String> allowed = calls.post("/webhooks/gitlab", alice, gitlab("Note Hook", "uuid-note-alice", TOKEN));
        assertEquals(202, allowed.statusCode(), allowed.body());
        JsonNode commands = calls.json(allowed).path("commands");
        assertEquals(1, commands.size(), allowed.body());
        assertTrue(commands.get(0).path("allowed").asBoolean(), allowed.body());
        assertTrue(commands.get(0).path("reason").asText().contains("src/format/OWNERS"), allowed.body());
        assertEquals("requested", commands.get(0).path("status").asText(), allowed.body());
        await(() -> calls.json(calls.get("/api/v1/bots/format-bot")).path("paused").asBoolean());
        // The positive witness: alice's pause was requested and taken, and it is the only one ever requested.
        await(() -> events("pause requested") >= 1);
        assertEquals(1, events("pause requested"), "only alice's command requested a pause; mallory's requested nothing");
        String audit = Files.readString(state.resolve("audit.log"));
        assertTrue(audit.contains("pause format-bot refused") && audit.contains("pause format-bot by alice"), audit);
    }

    @Test
    void anOpenedMergeRequestStartsTheBotSubscribedToPullRequestsIntoItsBranch() throws Exception {
        byte[] opened = sample("gitlab-merge-request.json");
        HttpResponse<String> accepted = calls.post("/webhooks/gitlab", opened, gitlab("Merge Request Hook", "uuid-mr-open", TOKEN));
        assertEquals(202, accepted.statusCode(), accepted.body());
        JsonNode activations = calls.json(accepted).path("activations");
        assertEquals(1, activations.size(), accepted.body());
        String reason = activations.get(0).path("reason").asText();
        assertEquals("subscription format-merge-requests: pull request #7 opened into main", reason);
        await(() -> calls.doneCycles("format-bot").stream().anyMatch(c -> reason.equals(c.path("trigger").asText())));

        // closing it brings no new code: verified and accepted, but it wakes nobody
        ObjectNode closed = (ObjectNode) json.readTree(opened);
        ((ObjectNode) closed.path("object_attributes")).put("action", "close").put("state", "closed");
        HttpResponse<String> close = calls.post("/webhooks/gitlab", json.writeValueAsBytes(closed),
                gitlab("Merge Request Hook", "uuid-mr-close", TOKEN));
        assertEquals(202, close.statusCode(), close.body());
        assertEquals(0, calls.json(close).path("activations").size(), close.body());
    }

    // ---- payloads ----

    private static byte[] sample(String name) throws Exception {
        try (InputStream in = GitlabWebhookHttpTest.class.getResourceAsStream("/webhooks/" + name)) {
            return in.readAllBytes();
        }
    }

    /** A new GitLab note (comment) on merge request !7 into main, by {@code author}. */
    private byte[] note(String author, String text) throws Exception {
        ObjectNode payload = (ObjectNode) json.readTree(sample("gitlab-note.json"));
        ((ObjectNode) payload.path("user")).put("username", author).put("name", author);
        ((ObjectNode) payload.path("object_attributes")).put("note", text);
        return json.writeValueAsBytes(payload);
    }

    /** The headers GitLab sends; no {@code X-Gitlab-Token} when {@code token} is null. */
    private static Map<String, String> gitlab(String event, String uuid, String token) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-Gitlab-Event", event);
        headers.put("X-Gitlab-Event-UUID", uuid);
        headers.put("X-Gitlab-Instance", "https://gitlab.example.com");
        headers.put("Content-Type", "application/json");
        if (token != null) {
            headers.put("X-Gitlab-Token", token);
        }
        return headers;
    }

    // ---- HTTP ----

    /** How many of format-bot's events have exactly {@code message} (the controller's record of each control request taken). */
    private long events(String message) throws Exception {
        List<JsonNode> list = new ArrayList<>();
        calls.json(calls.get("/api/v1/bots/format-bot/events?tail=1000")).forEach(list::add);
        return list.stream().filter(e -> message.equals(e.path("message").asText())).count();
    }

    private void await(Await.Check check) throws Exception {
        Await.until(check, terminal);
    }
}
