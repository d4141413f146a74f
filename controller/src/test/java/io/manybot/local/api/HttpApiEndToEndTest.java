package io.manybot.local.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.manybot.core.cycle.CyclePhase;
import io.manybot.core.event.WebhookVerifier;
import io.manybot.local.LocalController;
import io.manybot.testing.ApiCalls;
import io.manybot.testing.Await;
import io.manybot.testing.FormatRepository;
import io.manybot.testing.GitRepos;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local home's HTTP API end to end: the real controller on a real repository, the real
 * Micronaut server on loopback, {@link HttpClient} as the client. A signed push webhook starts the
 * subscribed bot's cycle; forged, replayed and oversized deliveries change nothing; writes need an
 * API key; chat commands obey OWNERS; the event stream shows a cycle's phases in order; planted
 * secrets reach no audit entry, log line or response; /metrics counts cycles.
 */
class HttpApiEndToEndTest {
    static final String SECRET = "webhook-secret-for-the-test-4f2a";
    static final String API_KEY = "test-api-key-0123456789abcdef";
    /** Token shapes (not real tokens) planted in a webhook and in the bot's executor environment. */
    static final String PLANTED_GITHUB = "ghp_" + "A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8";
    static final String PLANTED_OPENAI = "sk-" + "proj0123456789abcdefABCDEF0123456789";

    static final String GOAL = FormatRepository.GOAL;
    static final String BOT = FormatRepository.bot("echo using key $LLM_KEY; sed -i s/TODO/done/ src/format/*.txt",
            Map.of("LLM_KEY", PLANTED_OPENAI));
    static final String SUBSCRIPTION = FormatRepository.SUBSCRIPTION;

    @TempDir
    Path temp;

    private final ObjectMapper json = new ObjectMapper();
    private ApiCalls calls;

    @Test
    void webhooksControlEventsAuditAndMetricsAgainstTheRealController() throws Exception {
        Path work = temp.resolve("work");
        GitRepos.write(work, Map.of(
                "OWNERS", "primary: human:root-owner\n",
                "src/format/OWNERS", "primary: manybot:format-bot\ndelegates:\n  - human:alice\n",
                "src/format/a.txt", "TODO a\n",
                "src/other/OWNERS", "primary: human:mallory\n",
                ".manybot/goal.yaml", GOAL,
                ".manybot/format-bot.yaml", BOT,
                ".manybot/format-pushes.yaml", SUBSCRIPTION,
                "MARATHON.md", "<!--\n_meta:\n  updated: 2026-11-24T12:00:00Z\n  version: 7.1.0\n  status: active\n-->\n"
                        + "<!-- CURRENT FOCUS: src/format first -->\n"));
        GitRepos.initAndCommit(work, "initial");
        Path bare = temp.resolve("repo.git");
        Git.cloneRepository().setBare(true).setURI(work.toUri().toString()).setDirectory(bare.toFile()).call().close();
        Path state = temp.resolve("state");
        Path keys = temp.resolve("api-keys");
        Files.writeString(keys, "# keys\n" + API_KEY + "\n");

        StringWriter terminal = new StringWriter();
        LocalController controller = new LocalController(new LocalController.Options(bare, state, null, 2, ".manybot"),
                new PrintWriter(terminal, true), Clock.systemUTC());
        ApiSettings settings = ApiSettings.of("127.0.0.1:0", keys, null, Map.of(ApiSettings.WEBHOOK_SECRET_ENV, SECRET));
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread running = new Thread(() -> {
            try {
                controller.run();
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        try (ApiServer server = ApiServer.start(settings, controller.view())) {
            calls = new ApiCalls("http://127.0.0.1:" + server.port());
            List<JsonNode> streamed = Collections.synchronizedList(new ArrayList<>());
            Thread sse = follow("/api/v1/events?after=0", streamed);
            running.start();

            // the first cycle (trigger "start") ends; reads are open on loopback
            await(() -> calls.doneCycles("format-bot").size() >= 1, terminal);
            assertEquals(200, calls.get("/health").statusCode());
            JsonNode bots = calls.json(calls.get("/api/v1/bots"));
            assertEquals("format-bot", bots.get(0).path("name").asText(), bots.toString());
            assertEquals(404, calls.get("/api/v1/bots/nobody").statusCode());
            assertTrue(calls.json(calls.get("/api/v1/bots/nobody")).path("error").asText().contains("nobody"));
            assertEquals("tidy-format", calls.json(calls.get("/api/v1/goals")).get(0).path("name").asText());
            assertEquals("format-pushes", calls.json(calls.get("/api/v1/subscriptions")).get(0).path("name").asText());
            JsonNode owners = calls.json(calls.get("/api/v1/owners?path=src/format/a.txt&as=human:alice"));
            assertTrue(owners.path("owners").get(0).path("location").asText().startsWith("src/format/OWNERS:1"), owners.toString());
            assertEquals("write", owners.path("verdict").path("decision").asText(), owners.toString());
            assertEquals("src/format/OWNERS:3:5", owners.path("verdict").path("decidedBy").asText(), owners.toString());
            assertEquals(400, calls.get("/api/v1/owners?path=../../etc/passwd").statusCode());

            // a push webhook with a valid signature triggers the subscribed bot
            byte[] push = pushPayload();
            HttpResponse<String> accepted = calls.post("/webhooks/github", push, github("push", "delivery-1", SECRET, push));
            assertEquals(202, accepted.statusCode(), accepted.body());
            JsonNode activations = calls.json(accepted).path("activations");
            assertEquals("format-bot", activations.get(0).path("bot").asText(), accepted.body());
            await(() -> calls.doneCycles("format-bot").stream().anyMatch(c -> c.path("trigger").asText().contains("push")), terminal);
            JsonNode pushed = calls.doneCycles("format-bot").stream().filter(c -> c.path("trigger").asText().contains("push")).findFirst().orElseThrow();
            HttpResponse<String> full = calls.get("/api/v1/cycles/" + pushed.path("id").asText());
            assertEquals(200, full.statusCode());
            JsonNode landing = calls.json(full).path("landing");
            assertTrue(landing.has("rebasedOver") && landing.has("retested") && landing.has("conflicts"), "how the cycle landed: " + landing);
            int cyclesAfterPush = calls.cycles("format-bot").size();

            // a replay is ignored, a forged signature refused, an oversized body refused: nothing starts
            long triggersBefore = controlEvents("trigger taken");
            long resumesBefore = controlEvents("resume taken");
            HttpResponse<String> replay = calls.post("/webhooks/github", push, github("push", "delivery-1", SECRET, push));
            assertEquals(200, replay.statusCode(), replay.body());
            assertEquals("duplicate", calls.json(replay).path("outcome").asText());
            HttpResponse<String> forged = calls.post("/webhooks/github", push, github("push", "delivery-2", "not-the-secret", push));
            assertEquals(401, forged.statusCode(), forged.body());
            byte[] huge = new byte[(1 << 20) + 10];
            java.util.Arrays.fill(huge, (byte) ' ');
            // over a plain socket, so that the answer is read even when the server answers before it has the whole body
            // (the JDK client may then report a closed connection instead of the 413)
            assertEquals(413, rawPost(calls.base(), "/webhooks/github", github("push", "delivery-3", SECRET, huge), huge, false),
                    "oversized, with Content-Length");
            assertEquals(413, rawPost(calls.base(), "/webhooks/github", github("push", "delivery-4", SECRET, huge), huge, true),
                    "oversized, chunked (no Content-Length: Micronaut's max-request-size stops it once the body outgrows it)");
            // the witness: a resume (a no-op here) requested after them is taken, so anything they had requested was taken before it
            assertEquals(202, calls.post("/api/v1/bots/format-bot/resume", new byte[0], Map.of("X-API-Key", API_KEY)).statusCode());
            await(() -> controlEvents("resume taken") > resumesBefore && calls.queueDepth() == 0, terminal);
            assertEquals(triggersBefore, controlEvents("trigger taken"), "no trigger requested by a refused delivery");
            assertEquals(cyclesAfterPush, calls.cycles("format-bot").size(), "no cycle started by a refused delivery");

            // writes need a key
            HttpResponse<String> anonymous = calls.post("/api/v1/bots/format-bot/pause", new byte[0], Map.of());
            assertEquals(401, anonymous.statusCode());
            assertTrue(calls.json(anonymous).path("error").asText().contains("X-API-Key"), anonymous.body());
            assertEquals(401, calls.post("/api/v1/bots/format-bot/pause", new byte[0], Map.of("X-API-Key", "wrong")).statusCode());
            assertFalse(calls.json(calls.get("/api/v1/bots/format-bot")).path("paused").asBoolean());
            HttpResponse<String> paused = calls.post("/api/v1/bots/format-bot/pause", new byte[0], Map.of("X-API-Key", API_KEY));
            assertEquals(202, paused.statusCode(), paused.body());
            await(() -> calls.json(calls.get("/api/v1/bots/format-bot")).path("paused").asBoolean(), terminal);
            assertEquals(202, calls.post("/api/v1/bots/format-bot/resume", new byte[0], Map.of("X-API-Key", API_KEY)).statusCode());
            await(() -> !calls.json(calls.get("/api/v1/bots/format-bot")).path("paused").asBoolean(), terminal);

            // chat: a non-owner is refused, an owner (a delegate of src/format) pauses the bot. First every earlier request is
            // taken: logged "... requested" by the state store and "... taken" by the controller
            await(() -> calls.queueDepth() == 0 && controlEvents("pause taken") == controlEvents("pause requested")
                    && controlEvents("resume taken") == controlEvents("resume requested"), terminal);
            byte[] mallory = commentPayload("mallory", "@manybot pause format-bot");
            HttpResponse<String> refused = calls.post("/webhooks", mallory, github("issue_comment", "c-1", SECRET, mallory));
            assertEquals(202, refused.statusCode(), refused.body());
            assertFalse(calls.json(refused).path("commands").get(0).path("allowed").asBoolean(), refused.body());
            long pausesBefore = controlEvents("pause requested");
            long resumesAfterRefusal = controlEvents("resume taken");
            assertEquals(202, calls.post("/api/v1/bots/format-bot/resume", new byte[0], Map.of("X-API-Key", API_KEY)).statusCode());
            await(() -> controlEvents("resume taken") > resumesAfterRefusal && calls.queueDepth() == 0, terminal);
            assertEquals(pausesBefore, controlEvents("pause requested"), "the refused command requested nothing");
            assertFalse(calls.json(calls.get("/api/v1/bots/format-bot")).path("paused").asBoolean());
            byte[] alice = commentPayload("alice", "@manybot status format-bot\n\n@manybot pause format-bot");
            HttpResponse<String> allowed = calls.post("/webhooks", alice, github("issue_comment", "c-2", SECRET, alice));
            assertEquals(202, allowed.statusCode(), allowed.body());
            JsonNode commands = calls.json(allowed).path("commands");
            assertTrue(commands.toString().contains("\"status\":{"), "status answers in the body: " + allowed.body());
            await(() -> calls.json(calls.get("/api/v1/bots/format-bot")).path("paused").asBoolean(), terminal);

            // the event stream delivered each cycle's phases in order
            String cycleId = pushed.path("id").asText();
            await(() -> phases(streamed, cycleId).contains("DONE"), terminal);
            List<String> phases = phases(streamed, cycleId);
            assertEquals("SENSE", phases.get(0), phases.toString());
            for (int i = 1; i < phases.size(); i++) {
                assertTrue(CyclePhase.valueOf(phases.get(i - 1)).ordinal() < CyclePhase.valueOf(phases.get(i)).ordinal(), phases.toString());
            }

            // a client reconnecting with Last-Event-ID gets what follows, first
            long resumeAfter;
            synchronized (streamed) {
                resumeAfter = streamed.get(2).path("seq").asLong();
            }
            HttpResponse<Stream<String>> resumed = calls.client().send(HttpRequest.newBuilder(URI.create(calls.base() + "/api/v1/events"))
                    .header("Last-Event-ID", Long.toString(resumeAfter)).build(), HttpResponse.BodyHandlers.ofLines());
            try (Stream<String> lines = resumed.body()) {
                String first = lines.filter(line -> line.startsWith("id:")).findFirst().orElseThrow();
                assertEquals(Long.toString(resumeAfter + 1), first.substring(3).strip());
            }

            // the live directives in force
            HttpResponse<String> directives = calls.get("/api/v1/directives");
            assertEquals(200, directives.statusCode(), directives.body());
            JsonNode applied = json.readTree(directives.body());
            assertEquals("7.1.0", applied.path("version").asText(), directives.body());
            assertEquals(64, applied.path("contentHash").asText().length(), directives.body());
            assertFalse(applied.path("appliedAt").isMissingNode() || applied.path("appliedAt").isNull(), directives.body());

            // metrics
            String metrics = calls.get("/metrics").body();
            assertTrue(metrics.contains("manybot_cycles_total{bot=\"format-bot\""), metrics);
            assertTrue(metrics.contains("manybot_webhook_deliveries_total{result=\"accepted\"}"), metrics);
            assertTrue(metrics.contains("manybot_cycle_duration_seconds"), metrics);
            assertTrue(metrics.contains("manybot_key_result_progress{goal=\"tidy-format\",key_result=\"files-with-todo\"} 100.0"), metrics);
            assertTrue(metrics.contains("manybot_queue_depth "), metrics);
            assertTrue(metrics.contains("manybot_activations_total{bot=\"format-bot\"}"), metrics);
            // the gauge is there; what it counts over its 60-second window is LastMinuteTest's, on a clock it moves
            assertTrue(metrics.lines().anyMatch(l -> l.matches("manybot_activations_per_minute \\d+\\.\\d+")), metrics);
            sse.interrupt();

            // audit: writes, deliveries and cycles; never a key or a planted secret
            String audit = Files.readString(state.resolve("audit.log"));
            assertTrue(audit.contains("\"kind\":\"api\"") && audit.contains("\"kind\":\"webhook\"") && audit.contains("\"kind\":\"cycle\""),
                    audit);
            assertTrue(audit.contains(io.manybot.core.audit.AuditLog.keyId(API_KEY)), audit);
            assertTrue(audit.contains("\"contentLength\":1048586"), audit);
            // the executor's key is in the declaration; the API shows it masked
            assertTrue(calls.get("/api/v1/bots/format-bot").body().contains("\"LLM_KEY\":\"***\""));
            String everything = audit + terminal + calls.everything() + streamed;
            for (String secret : List.of(PLANTED_GITHUB, PLANTED_OPENAI, API_KEY, SECRET)) {
                assertFalse(everything.contains(secret), "leaked " + secret.substring(0, 4) + "…");
            }
        } finally {
            controller.stop();
            running.join(60_000);
        }
        assertEquals(null, failure.get());
    }

    // ---- payloads ----

    private static byte[] pushPayload() throws Exception {
        return sample("github-push.json").replace("PLANTED_TOKEN", PLANTED_GITHUB).getBytes(StandardCharsets.UTF_8);
    }

    private byte[] commentPayload(String author, String body) throws Exception {
        ObjectNode payload = (ObjectNode) json.readTree(sample("github-issue-comment.json"));
        ObjectNode comment = (ObjectNode) payload.path("comment");
        comment.put("body", body);
        ((ObjectNode) comment.path("user")).put("login", author);
        ((ObjectNode) payload.path("sender")).put("login", author);
        return json.writeValueAsBytes(payload);
    }

    private static String sample(String name) throws Exception {
        try (InputStream in = HttpApiEndToEndTest.class.getResourceAsStream("/webhooks/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static Map<String, String> github(String event, String delivery, String secret, byte[] body) {
        return Map.of("X-GitHub-Event", event, "X-GitHub-Delivery", delivery, "Content-Type", "application/json",
                "X-Hub-Signature-256", WebhookVerifier.sign(secret, body));
    }

    // ---- HTTP ----

    /** Follows an event stream in the background, collecting the JSON data of each event. */
    private Thread follow(String path, List<JsonNode> into) {
        Thread thread = new Thread(() -> {
            try {
                HttpResponse<Stream<String>> response = calls.client().send(HttpRequest.newBuilder(URI.create(calls.base() + path))
                        .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofLines());
                response.body().forEach(line -> {
                    if (line.startsWith("data:")) {
                        try {
                            into.add(json.readTree(line.substring(5).strip()));
                        } catch (Exception e) {
                            throw new IllegalStateException(line, e);
                        }
                    }
                });
            } catch (Exception e) {
                // interrupted at the end of the test
            }
        }, "sse-follower");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /**
     * POSTs {@code body} over a plain socket (with Content-Length, or chunked) and returns the status
     * of the answer, read even when the server stopped taking the body (a failed write is not an answer).
     */
    static int rawPost(String base, String path, Map<String, String> headers, byte[] body, boolean chunked) throws Exception {
        URI uri = URI.create(base);
        try (java.net.Socket socket = new java.net.Socket(uri.getHost(), uri.getPort())) {
            socket.setSoTimeout(60_000);
            StringBuilder head = new StringBuilder("POST " + path + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort()
                    + "\r\nConnection: close\r\n");
            headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
            head.append(chunked ? "Transfer-Encoding: chunked\r\n" : "Content-Length: " + body.length + "\r\n").append("\r\n");
            java.io.OutputStream out = socket.getOutputStream();
            try {
                out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
                int step = 64 * 1024;
                for (int at = 0; at < body.length; at += step) {
                    int length = Math.min(step, body.length - at);
                    if (chunked) {
                        out.write((Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    }
                    out.write(body, at, length);
                    if (chunked) {
                        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                    }
                }
                if (chunked) {
                    out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                }
                out.flush();
            } catch (java.io.IOException closedEarly) {
                // the server answered and closed before taking the whole body: its answer is still there to read
            }
            String status = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();
            assertTrue(status != null && status.startsWith("HTTP/1.1 "), "an HTTP answer: " + status);
            return Integer.parseInt(status.substring("HTTP/1.1 ".length(), "HTTP/1.1 ".length() + 3));
        }
    }

    /** How many of format-bot's events say {@code message} (the controller logs each control request it takes). */
    private long controlEvents(String message) throws Exception {
        JsonNode events = calls.json(calls.get("/api/v1/bots/format-bot/events?tail=10000"));
        long count = 0;
        for (JsonNode event : events) {
            if (message.equals(event.path("message").asText())) {
                count++;
            }
        }
        return count;
    }

    private static List<String> phases(List<JsonNode> events, String cycleId) {
        synchronized (events) {
            return events.stream().filter(e -> cycleId.equals(e.path("cycleId").asText()) && e.has("phase"))
                    .map(e -> e.path("phase").asText()).toList();
        }
    }

    private static void await(Await.Check check, StringWriter terminal) throws Exception {
        Await.until(check, terminal);
    }
}
