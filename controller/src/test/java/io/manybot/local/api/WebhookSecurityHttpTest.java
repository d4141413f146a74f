package io.manybot.local.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.manybot.cli.ManybotCommand;
import io.manybot.core.event.WebhookVerifier;
import io.manybot.local.LocalController;
import io.manybot.local.state.Event;
import io.manybot.local.state.StateStore;
import io.manybot.testing.ApiCalls;
import io.manybot.testing.Await;
import io.manybot.testing.FormatRepository;
import io.manybot.testing.GitRepos;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
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
 * The local home's webhooks as an attacker would try them (issue 12), on the real controller, the
 * real Micronaut server on loopback and the real SQLite state: a captured delivery replayed under a
 * new id, without an id, and after a restart; payload paths that leave the repository; tokens glued
 * to other text; a comment author posing as a bot; requests over the server's limits.
 */
class WebhookSecurityHttpTest {
    static final String SECRET = "webhook-secret-for-the-security-test-77d1";
    static final String API_KEY = "security-test-api-key-0123456789abcdef";
    /** Token shapes (not real tokens) glued to other text, as the issue found them unmasked. */
    static final String TOKEN_A = "ghp_" + "Z9y8X7w6V5u4T3s2R1q0P9o8N7m6L5k4J3i2";
    static final String TOKEN_B = "ghp_" + "Q1w2E3r4T5y6U7i8O9p0A1s2D3f4G5h6J7k8";
    static final String TOKEN_C = "ghp_" + "M1n2B3v4C5x6Z7l8K9j0H1g2F3d4S5a6P7o8";

    @TempDir
    Path temp;

    private final ObjectMapper json = new ObjectMapper();
    private final StringWriter terminal = new StringWriter();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private LocalController controller;
    private Thread running;
    private ApiServer server;
    private ApiSettings settings;
    private Path state;
    private ApiCalls calls;

    @BeforeEach
    void startTheHome() throws Exception {
        Path work = temp.resolve("work");
        GitRepos.write(work, Map.of(
                "OWNERS", "primary: human:root-owner\n",
                "src/format/OWNERS", "primary: manybot:format-bot\ndelegates:\n  - human:alice\n",
                "src/format/a.txt", "TODO a\n",
                ".manybot/goal.yaml", FormatRepository.GOAL,
                ".manybot/format-bot.yaml", FormatRepository.bot("sed -i s/TODO/done/ src/format/*.txt", Map.of()),
                ".manybot/format-pushes.yaml", FormatRepository.SUBSCRIPTION));
        GitRepos.initAndCommit(work, "initial");
        Path bare = temp.resolve("repo.git");
        Git.cloneRepository().setBare(true).setURI(work.toUri().toString()).setDirectory(bare.toFile()).call().close();
        state = temp.resolve("state");
        Path keys = temp.resolve("api-keys");
        Files.writeString(keys, API_KEY + "\n");
        controller = new LocalController(new LocalController.Options(bare, state, null, 2, ".manybot"),
                new PrintWriter(terminal, true), Clock.systemUTC());
        settings = ApiSettings.of("127.0.0.1:0", keys, null, Map.of(ApiSettings.WEBHOOK_SECRET_ENV, SECRET));
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
        Await.until(() -> calls.doneCycles("format-bot").size() >= 1, terminal);
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
    }

    @Test
    void aCapturedDeliveryReplayedUnderANewIdWithoutOneOrAfterARestartIsADuplicate() throws Exception {
        byte[] push = push("alice", "c1", List.of("src/format/a.txt"));
        HttpResponse<String> first = calls.post("/webhooks/github", push, github("push", "d-1", push));
        assertEquals(202, first.statusCode(), first.body());
        assertEquals(1, calls.json(first).path("activations").size(), first.body());

        HttpResponse<String> newId = calls.post("/webhooks/github", push, github("push", "d-2", push));
        assertEquals(200, newId.statusCode(), newId.body());
        assertEquals("duplicate", calls.json(newId).path("outcome").asText(), newId.body());
        assertTrue(calls.json(newId).path("message").asText().contains("same signed body"), newId.body());
        Map<String, String> withoutId = new LinkedHashMap<>(github("push", "unused", push));
        withoutId.remove("X-GitHub-Delivery");
        HttpResponse<String> noId = calls.post("/webhooks/github", push, withoutId);
        assertEquals(200, noId.statusCode(), noId.body());
        assertEquals("duplicate", calls.json(noId).path("outcome").asText(), noId.body());

        // A delivery without an id is de-duplicated by its body: accepted once, then a duplicate.
        byte[] other = push("alice", "c2", List.of("src/format/a.txt"));
        Map<String, String> otherWithoutId = new LinkedHashMap<>(github("push", "unused", other));
        otherWithoutId.remove("X-GitHub-Delivery");
        assertEquals(202, calls.post("/webhooks/github", other, otherWithoutId).statusCode());
        assertEquals(200, calls.post("/webhooks/github", other, otherWithoutId).statusCode());

        // The log is in the state's SQLite file: a restarted API still knows both deliveries.
        server.close();
        server = ApiServer.start(settings, controller.view());
        calls = new ApiCalls("http://127.0.0.1:" + server.port());
        HttpResponse<String> sameId = calls.post("/webhooks/github", push, github("push", "d-1", push));
        assertEquals(200, sameId.statusCode(), sameId.body());
        assertEquals("duplicate", calls.json(sameId).path("outcome").asText(), sameId.body());
        assertEquals(200, calls.post("/webhooks/github", push, github("push", "d-3", push)).statusCode());
        assertEquals(200, calls.post("/webhooks/github", other, otherWithoutId).statusCode());

        try (StateStore store = StateStore.open(state)) {
            List<String> messages = store.events("format-bot", 10_000).stream().map(Event::message).toList();
            long triggers = messages.stream().filter(m -> m.startsWith("trigger requested: ")).count();
            assertEquals(2, triggers, "only the two first deliveries triggered the bot: " + messages);
        }
        String audit = Files.readString(state.resolve("audit.log"));
        assertTrue(audit.contains("same signed body"), audit);
    }

    @Test
    void payloadPathsLeavingTheRepositoryAreRefusedBeforeRoutingAndAudited() throws Exception {
        byte[] push = push("mallory", "c3", List.of("src/format/../../../etc/shadow", "/etc/passwd", "src\\format\\a.txt",
                "src/format/a\u0000.txt"));
        HttpResponse<String> response = calls.post("/webhooks/github", push, github("push", "d-paths", push));
        assertEquals(202, response.statusCode(), response.body());
        JsonNode answer = calls.json(response);
        assertEquals(0, answer.path("activations").size(), "no refused path is routed: " + response.body());
        assertEquals(4, answer.path("refusedPaths").size(), response.body());
        assertTrue(answer.path("refusedPaths").get(0).asText().contains("'..' is refused"), response.body());
        String audit = Files.readString(state.resolve("audit.log"));
        assertTrue(audit.contains("etc/shadow") && audit.contains("absolute paths are refused") && audit.contains("backslash")
                && audit.contains("NUL"), audit);

        // A path that only needs normalising is routed under its normal form.
        byte[] dotted = push("mallory", "c4", List.of("src/./format//b.txt"));
        HttpResponse<String> routed = calls.post("/webhooks/github", dotted, github("push", "d-dotted", dotted));
        assertEquals(1, calls.json(routed).path("activations").size(), routed.body());
        assertTrue(calls.json(routed).path("activations").get(0).path("reason").asText().contains("src/format/b.txt"), routed.body());
        try (StateStore store = StateStore.open(state)) {
            long triggers = store.events("format-bot", 10_000).stream().map(Event::message)
                    .filter(m -> m.startsWith("trigger requested: ")).count();
            assertEquals(1, triggers);
        }
    }

    @Test
    void tokensGluedToOtherTextAreMaskedInAnswersAuditCyclesEventsAndLogs() throws Exception {
        int n = 0;
        for (String pusher : List.of("key_" + TOKEN_A, "x" + TOKEN_B, "9" + TOKEN_C)) {
            byte[] push = push(pusher, "c-token-" + n, List.of("src/format/a.txt"));
            HttpResponse<String> response = calls.post("/webhooks/github", push, github("push", "d-token-" + n++, push));
            assertEquals(202, response.statusCode(), response.body());
            assertEquals(1, calls.json(response).path("activations").size(), response.body());
        }
        Await.until(() -> calls.doneCycles("format-bot").stream().filter(c -> c.path("trigger").asText().contains("push")).count() >= 1,
                terminal);
        Await.until(() -> calls.queueDepth() == 0, terminal);
        calls.get("/api/v1/bots/format-bot/events?tail=1000");
        calls.get("/api/v1/bots/format-bot/cycles");
        StringWriter logs = new StringWriter();
        ManybotCommand.execute(new String[] {"logs", "format-bot", "--tail", "1000", "--state-dir", state.toString()},
                new PrintWriter(logs, true), new PrintWriter(logs, true));
        StringBuilder cycles = new StringBuilder();
        try (StateStore store = StateStore.open(state)) {
            store.cycles("format-bot", 100).forEach(c -> cycles.append(c.trigger()).append('\n'));
            store.events("format-bot", 10_000).forEach(e -> cycles.append(e.message()).append('\n'));
        }
        assertTrue(cycles.toString().contains("key_***") || cycles.toString().contains("x***"), cycles.toString());
        String everything = calls.everything() + Files.readString(state.resolve("audit.log")) + cycles + logs + terminal;
        for (String token : List.of(TOKEN_A, TOKEN_B, TOKEN_C)) {
            assertFalse(everything.contains(token.substring(4)), "a glued token came back unmasked:\n" + everything);
        }
    }

    @Test
    void aCommentAuthorIsAHostLoginNeverABotPrincipal() throws Exception {
        byte[] comment = comment("manybot:format-bot", "@manybot pause format-bot");
        HttpResponse<String> response = calls.post("/webhooks/github", comment, github("issue_comment", "d-spoof", comment));
        assertEquals(202, response.statusCode(), response.body());
        JsonNode commands = calls.json(response).path("commands");
        assertEquals(1, commands.size(), response.body());
        assertFalse(commands.get(0).path("allowed").asBoolean(), response.body());
        assertTrue(commands.get(0).path("reason").asText().contains("human:manybot:format-bot"), response.body());
        try (StateStore store = StateStore.open(state)) {
            assertFalse(store.bot("format-bot").orElseThrow().paused(), "the bot obeyed a comment posing as itself");
        }

        // The delegate's own login still works.
        byte[] byAlice = comment("alice", "@manybot pause format-bot");
        HttpResponse<String> allowed = calls.post("/webhooks/github", byAlice, github("issue_comment", "d-alice", byAlice));
        assertTrue(calls.json(allowed).path("commands").get(0).path("allowed").asBoolean(), allowed.body());
    }

    @Test
    void requestsOverTheServersLimitsGetTheirOwnStatusInTheApisFormatAndAreAudited() throws Exception {
        Answer headers = raw("GET /api/v1/bots HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " + "h".repeat(20_000) + "\r\n\r\n");
        assertEquals(431, headers.status(), headers.text());
        assertTrue(json.readTree(headers.body()).path("error").asText().contains("headers too large"), headers.text());

        Answer uri = raw("GET /api/v1/bots?x=" + "u".repeat(10_000) + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        assertEquals(414, uri.status(), uri.text());
        assertTrue(json.readTree(uri.body()).path("error").asText().contains("request line too long"), uri.text());

        // A chunked body (no Content-Length) over the limit: the server's 413, in the API's format, audited as a delivery.
        byte[] huge = new byte[(1 << 20) + 4096];
        java.util.Arrays.fill(huge, (byte) ' ');
        HttpRequest.Builder chunked = HttpRequest.newBuilder(URI.create(calls.base() + "/webhooks/github"))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(huge)));
        github("push", "d-chunked", huge).forEach(chunked::header);
        HttpResponse<String> tooLarge = calls.client().send(chunked.build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(413, tooLarge.statusCode(), tooLarge.body());
        JsonNode body = json.readTree(tooLarge.body());
        assertEquals(413, body.path("status").asInt(), tooLarge.body());
        assertTrue(body.path("error").asText().startsWith("payload too large"), tooLarge.body());
        assertFalse(body.has("_links"), "not Micronaut's error format: " + tooLarge.body());

        String audit = Files.readString(state.resolve("audit.log"));
        assertTrue(audit.contains("431 request headers too large"), audit);
        assertTrue(audit.contains("414 request line too long"), audit);
        assertTrue(audit.contains("\"kind\":\"webhook\"") && audit.contains("413 payload too large"), audit);
        assertEquals(200, calls.get("/health").statusCode(), "the server goes on serving");
    }

    // ---- payloads ----

    /** A GitHub push to main of acme/widgets with one commit {@code id} changing {@code paths}, pushed by {@code pusher}. */
    private byte[] push(String pusher, String id, List<String> paths) throws Exception {
        ObjectNode root = json.createObjectNode();
        root.put("ref", "refs/heads/main").put("before", "9049f1265b7d61be4a8904a9a27120d2064dab3b")
                .put("after", "0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c");
        root.putObject("repository").put("full_name", "acme/widgets").put("clone_url", "https://github.com/acme/widgets.git")
                .put("default_branch", "main");
        root.putObject("pusher").put("name", pusher);
        root.putObject("sender").put("login", pusher);
        ObjectNode commit = root.putArray("commits").addObject();
        commit.put("id", id).put("message", "change");
        ArrayNode modified = commit.putArray("modified");
        paths.forEach(modified::add);
        return json.writeValueAsBytes(root);
    }

    private byte[] comment(String author, String body) throws Exception {
        ObjectNode payload;
        try (InputStream in = WebhookSecurityHttpTest.class.getResourceAsStream("/webhooks/github-issue-comment.json")) {
            payload = (ObjectNode) json.readTree(in);
        }
        ObjectNode comment = (ObjectNode) payload.path("comment");
        comment.put("body", body);
        ((ObjectNode) comment.path("user")).put("login", author);
        ((ObjectNode) payload.path("sender")).put("login", author);
        return json.writeValueAsBytes(payload);
    }

    private static Map<String, String> github(String event, String delivery, byte[] body) {
        return Map.of("X-GitHub-Event", event, "X-GitHub-Delivery", delivery, "Content-Type", "application/json",
                "X-Hub-Signature-256", WebhookVerifier.sign(SECRET, body));
    }

    // ---- raw HTTP (the JDK client refuses to send such requests) ----

    record Answer(int status, String text) {
        String body() {
            int blank = text.indexOf("\r\n\r\n");
            return blank < 0 ? "" : text.substring(blank + 4);
        }
    }

    private Answer raw(String request) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder text = new StringBuilder();
            byte[] buffer = new byte[8192];
            int contentLength = -1;
            int headerEnd = -1;
            while (true) {
                int read = in.read(buffer);
                if (read < 0) {
                    break;
                }
                text.append(new String(buffer, 0, read, StandardCharsets.ISO_8859_1));
                if (headerEnd < 0 && (headerEnd = text.indexOf("\r\n\r\n")) >= 0) {
                    java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?i)content-length:\\s*(\\d+)").matcher(text.substring(0, headerEnd));
                    contentLength = m.find() ? Integer.parseInt(m.group(1)) : -1;
                }
                if (headerEnd >= 0 && contentLength >= 0 && text.length() >= headerEnd + 4 + contentLength) {
                    break;
                }
            }
            String all = text.toString();
            int status = Integer.parseInt(all.substring(9, 12));
            return new Answer(status, all);
        }
    }
}
