package io.manybot.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.manybot.local.api.ApiServer;
import io.manybot.local.api.ApiSettings;
import io.manybot.cli.StateCommandsTest.Run;
import io.manybot.local.LocalController;
import io.manybot.local.state.BotState;
import io.manybot.local.state.StateStore;
import io.manybot.testing.Await;
import io.manybot.testing.FormatRepository;
import io.manybot.testing.GitRepos;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line against a running home ({@code --server}): the real controller on a real
 * repository, the real HTTP API on loopback. Runtime subscriptions made with {@code subscribe} route
 * pushes; paused ones do not; declared ones are read-only. And the same commands on the local state.
 */
class ServerCommandsTest {
    static final String API_KEY = "cli-test-api-key-0123456789abcdef";
    static final String SECRET = "cli-test-webhook-secret-77a1";

    static final String GOAL = FormatRepository.GOAL;
    static final String BOT = FormatRepository.bot("sed -i s/TODO/done/ src/format/*.txt", Map.of());
    static final String DECLARED = FormatRepository.SUBSCRIPTION;
    /** A declared subscription that matches no path of the test: its appearance in the API shows a commit was read. */
    static final String WITNESS = DECLARED.replace("format-pushes", "witness-pushes").replace("src/format/**", "nowhere/**");

    @TempDir
    Path temp;

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    private static Run run(String... args) {
        return StateCommandsTest.run(args);
    }

    @Test
    void theCommandLineWorksAgainstAServerAndRuntimeSubscriptionsRoutePushes() throws Exception {
        Path work = temp.resolve("work");
        GitRepos.write(work, Map.of(
                "OWNERS", "primary: human:root-owner\n",
                "src/format/OWNERS", "primary: manybot:format-bot\n",
                "src/format/a.txt", "TODO a\n",
                "docs/readme.md", "docs\n",
                ".manybot/goal.yaml", GOAL,
                ".manybot/format-bot.yaml", BOT,
                ".manybot/format-pushes.yaml", DECLARED));
        GitRepos.initAndCommit(work, "initial");
        Path bare = temp.resolve("repo.git");
        Git.cloneRepository().setBare(true).setURI(work.toUri().toString()).setDirectory(bare.toFile()).call().close();
        Path state = temp.resolve("state");
        Path keys = temp.resolve("api-keys");
        Files.writeString(keys, API_KEY + "\n");

        StringWriter terminal = new StringWriter();
        LocalController controller = new LocalController(new LocalController.Options(bare, state, null, 1, ".manybot"),
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
            String url = "http://127.0.0.1:" + server.port();
            running.start();
            await(() -> doneCycles(url).size() >= 1, terminal);

            // list and status: the local table, from the server
            await(() -> run("list", "--server", url).out().contains(" LANDED "), terminal);
            Run list = run("list", "--server", url);
            assertEquals(0, list.exit(), list.err());
            List<String> lines = list.out().lines().toList();
            assertTrue(lines.get(0).matches("NAME +MODE +PHASE +GOAL +PROGRESS +AT-RISK +LAST-CYCLE +AGE"), list.out());
            assertTrue(lines.get(1).matches("format-bot +triggered +\\S+ +tidy-format +\\S+ +\\S+ +\\S+ LANDED +\\d+[sm]"), list.out());
            Run status = run("status", "--server", url + "/");
            assertEquals(0, status.exit(), status.err());
            assertTrue(status.out().startsWith(list.out().lines().findFirst().orElseThrow()), status.out());
            Run statusJson = run("status", "--server", url, "--json");
            assertEquals("format-bot", json.readTree(statusJson.out()).get(0).path("name").asText(), statusJson.out());
            Run logs = run("logs", "format-bot", "--server", url, "--tail", "3");
            assertEquals(0, logs.exit(), logs.err());
            assertEquals(3, logs.out().lines().count(), logs.out());
            String cycleId = doneCycles(url).get(0).path("id").asText();
            Run result = run("result", cycleId, "--server", url);
            assertEquals(0, result.exit(), result.err());
            assertTrue(result.out().contains(cycleId), result.out());

            // writes: refused without a key or with a wrong one, done with it
            Run anonymous = run("pause", "format-bot", "--server", url);
            assertEquals(ExitCodes.FAILURE, anonymous.exit());
            assertTrue(anonymous.err().contains("the server refused the API key"), anonymous.err());
            Run wrong = run("pause", "format-bot", "--server", url, "--api-key", "wrong");
            assertTrue(wrong.err().contains("the server refused the API key"), wrong.err());
            Run pause = run("pause", "format-bot", "--server", url, "--api-key", API_KEY);
            assertEquals(0, pause.exit(), pause.err());
            assertTrue(pause.out().startsWith("format-bot: paused"), pause.out());
            await(() -> run("status", "--server", url).out().lines().skip(1).findFirst().orElse("").contains(" Paused "), terminal);
            assertEquals(0, run("resume", "format-bot", "--server", url, "--api-key", API_KEY).exit());
            await(() -> !run("status", "--server", url).out().contains(" Paused "), terminal);
            Run unknown = run("trigger", "nobody", "--server", url, "--api-key", API_KEY);
            assertEquals(ExitCodes.INVALID, unknown.exit());
            assertTrue(unknown.err().contains("no bot nobody"), unknown.err());
            Run unreachable = run("list", "--server", "http://127.0.0.1:1");
            assertEquals(ExitCodes.FAILURE, unreachable.exit());
            assertTrue(unreachable.err().toLowerCase(java.util.Locale.ROOT).contains("cannot reach http://127.0.0.1:1: connection refused"),
                    unreachable.err());

            // subscribe: checked as a declared one is (400 with field paths), then stored
            Run bad = run("subscribe", "format-bot", "--trigger", "schedule", "--schedule", "every day", "--server", url,
                    "--api-key", API_KEY);
            assertEquals(ExitCodes.INVALID, bad.exit());
            assertTrue(bad.err().contains("spec.schedule"), bad.err());
            Run badTrigger = run("subscribe", "format-bot", "--trigger", "tuesday", "--server", url, "--api-key", API_KEY);
            assertEquals(ExitCodes.INVALID, badTrigger.exit());
            assertTrue(badTrigger.err().contains("spec.trigger"), badTrigger.err());
            assertEquals(ExitCodes.FAILURE, run("subscribe", "format-bot", "--trigger", "push", "--server", url).exit());
            Run subscribe = run("subscribe", "format-bot", "--trigger", "push", "--path", "docs/**", "--name", "docs-pushes",
                    "--server", url, "--api-key", API_KEY);
            assertEquals(0, subscribe.exit(), subscribe.err());
            assertTrue(subscribe.out().contains("docs-pushes created"), subscribe.out());
            Run subscriptions = run("subscriptions", "list", "--server", url);
            assertEquals(0, subscriptions.exit(), subscriptions.err());
            assertTrue(subscriptions.out().lines().anyMatch(l -> l.matches("docs-pushes +format-bot +push +- +docs/\\*\\* +- +runtime +active")),
                    subscriptions.out());
            assertTrue(subscriptions.out().lines().anyMatch(l -> l.matches("format-pushes +format-bot +push .* declared +active")),
                    subscriptions.out());
            Run show = run("subscriptions", "show", "format-pushes", "--server", url);
            assertTrue(show.out().contains(".manybot/format-pushes.yaml"), show.out());

            // a push to the repository that only the runtime subscription matches starts a cycle
            int before = doneCycles(url).size();
            pushDocs(bare, "docs change 1");
            await(() -> doneCycles(url).stream().anyMatch(c -> c.path("trigger").asText().contains("docs-pushes")), terminal);

            // paused, it starts none
            Run paused = run("subscriptions", "pause", "docs-pushes", "--server", url, "--api-key", API_KEY);
            assertEquals(0, paused.exit(), paused.err());
            assertTrue(run("subscriptions", "list", "--server", url).out().lines()
                    .anyMatch(l -> l.startsWith("docs-pushes") && l.endsWith("paused")));
            await(() -> cycles(url).stream().allMatch(c -> c.path("phase").asText().equals("DONE")), terminal);
            int afterPause = cycles(url).size();
            assertTrue(afterPause > before);
            // the same commit declares a subscription that matches nothing: once the API lists it, the controller has read the commit
            pushDocs(bare, "docs change 2", Map.of(".manybot/witness.yaml", WITNESS));
            await(() -> run("subscriptions", "list", "--server", url).out().contains("witness-pushes"), terminal);
            // ...and a trigger requested now is taken after that commit's triggers were decided: its cycle is the only new one
            HttpResponse<String> trigger = http.send(HttpRequest.newBuilder(URI.create(url + "/api/v1/bots/format-bot/trigger"))
                    .header("X-API-Key", API_KEY).POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(202, trigger.statusCode(), trigger.body());
            await(() -> doneCycles(url).stream().anyMatch(c -> c.path("trigger").asText().startsWith("api trigger")), terminal);
            List<JsonNode> afterWitness = cycles(url);
            assertEquals(afterPause + 1, afterWitness.size(), "a paused subscription starts no cycle: " + afterWitness);
            assertTrue(afterWitness.get(0).path("trigger").asText().startsWith("api trigger"), afterWitness.toString());

            // declared ones are read-only (409)
            Run declared = run("subscriptions", "pause", "format-pushes", "--server", url, "--api-key", API_KEY);
            assertEquals(ExitCodes.INVALID, declared.exit());
            assertTrue(declared.err().contains("declared in .manybot/format-pushes.yaml; change it in git"), declared.err());
            HttpResponse<String> delete = http.send(HttpRequest.newBuilder(URI.create(url + "/api/v1/subscriptions/format-pushes"))
                    .header("X-API-Key", API_KEY).DELETE().build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(409, delete.statusCode(), delete.body());
            HttpResponse<String> create = http.send(HttpRequest.newBuilder(URI.create(url + "/api/v1/subscriptions"))
                    .header("X-API-Key", API_KEY).POST(HttpRequest.BodyPublishers.ofString(
                            "{\"name\":\"format-pushes\",\"spec\":{\"bot\":\"format-bot\",\"trigger\":\"push\"}}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(409, create.statusCode(), create.body());
            HttpResponse<String> invalid = http.send(HttpRequest.newBuilder(URI.create(url + "/api/v1/subscriptions"))
                    .header("X-API-Key", API_KEY).POST(HttpRequest.BodyPublishers.ofString(
                            "{\"name\":\"x\",\"spec\":{\"bot\":\"format-bot\",\"trigger\":\"push\",\"colour\":\"red\"}}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(400, invalid.statusCode(), invalid.body());
            assertTrue(invalid.body().contains("colour"), invalid.body());

            // delete removes it
            Run deleted = run("subscriptions", "delete", "docs-pushes", "--server", url, "--api-key", API_KEY);
            assertEquals(0, deleted.exit(), deleted.err());
            assertFalse(run("subscriptions", "list", "--server", url).out().contains("docs-pushes"));
            Run gone = run("subscriptions", "delete", "docs-pushes", "--server", url, "--api-key", API_KEY);
            assertEquals(ExitCodes.INVALID, gone.exit());
            assertTrue(gone.err().contains("no subscription docs-pushes"), gone.err());

            // webhooks are routed with runtime subscriptions too, and not with paused ones
            assertEquals(0, run("subscribe", "format-bot", "--trigger", "push", "--branch", "main", "--path", "services/**",
                    "--name", "services-hooks", "--server", url, "--api-key", API_KEY).exit());
            assertTrue(webhook(url, "d-1").contains("subscription services-hooks"));
            assertEquals(0, run("subscriptions", "pause", "services-hooks", "--server", url, "--api-key", API_KEY).exit());
            assertFalse(webhook(url, "d-2").contains("subscription services-hooks"));
        } finally {
            controller.stop();
            running.join(60_000);
        }
        if (failure.get() != null) {
            throw new AssertionError("controller failed", failure.get());
        }
    }

    @Test
    void subscribeAndListOnTheLocalState() throws Exception {
        Path repo = temp.resolve("repo");
        GitRepos.write(repo, Map.of(".manybot/goal.yaml", GOAL, ".manybot/format-bot.yaml", BOT, ".manybot/format-pushes.yaml", DECLARED));
        Path state = temp.resolve("state");
        try (StateStore store = StateStore.open(state)) {
            store.saveBot(new BotState("format-bot", "triggered", "tidy-format", false, "Idle", null, null, null, null,
                    Instant.now(), 0, null, null, null, null));
        }
        String[] where = {"--repo", repo.toString(), "--state-dir", state.toString()};
        Run subscribe = run(concat(new String[] {"subscribe", "format-bot", "--trigger", "schedule", "--schedule", "0 3 * * *"}, where));
        assertEquals(0, subscribe.exit(), subscribe.err());
        assertTrue(subscribe.out().contains("subscription format-bot-schedule created"), subscribe.out());
        Run again = run(concat(new String[] {"subscribe", "format-bot", "--trigger", "schedule", "--schedule", "0 3 * * *"}, where));
        assertEquals(ExitCodes.INVALID, again.exit());
        assertTrue(again.err().contains("exists already"), again.err());
        Run unknownBot = run(concat(new String[] {"subscribe", "nobody", "--trigger", "push"}, where));
        assertEquals(ExitCodes.INVALID, unknownBot.exit());
        assertTrue(unknownBot.err().contains("spec.bot: no bot named 'nobody'"), unknownBot.err());
        Run badPath = run(concat(new String[] {"subscribe", "format-bot", "--trigger", "push", "--path", "../etc/**"}, where));
        assertEquals(ExitCodes.INVALID, badPath.exit());
        assertTrue(badPath.err().contains("spec.paths[0]"), badPath.err());

        Run list = run(concat(new String[] {"subscriptions", "list"}, where));
        assertEquals(0, list.exit(), list.err());
        List<String> lines = list.out().lines().toList();
        assertEquals(3, lines.size(), list.out());
        assertTrue(lines.get(0).matches("NAME +BOT +TRIGGER +BRANCH +PATHS +SCHEDULE +SOURCE +STATE"), list.out());
        assertTrue(lines.get(1).matches("format-pushes +format-bot +push +- +src/format/\\*\\* +- +declared +active"), list.out());
        assertTrue(lines.get(2).matches("format-bot-schedule +format-bot +schedule +- +- +0 3 \\* \\* \\* +runtime +active"), list.out());

        assertEquals(0, run(concat(new String[] {"subscriptions", "pause", "format-bot-schedule"}, where)).exit());
        try (StateStore store = StateStore.open(state)) {
            assertTrue(store.subscription("format-bot-schedule").orElseThrow().suspend());
        }
        Run show = run(concat(new String[] {"subscriptions", "show", "format-bot-schedule", "--json"}, where));
        assertTrue(json.readTree(show.out()).path("suspend").asBoolean(), show.out());
        Run declared = run(concat(new String[] {"subscriptions", "delete", "format-pushes"}, where));
        assertEquals(ExitCodes.INVALID, declared.exit());
        assertTrue(declared.err().contains("declared in .manybot/format-pushes.yaml; change it in git"), declared.err());
        assertEquals(0, run(concat(new String[] {"subscriptions", "delete", "format-bot-schedule"}, where)).exit());
        assertFalse(run(concat(new String[] {"subscriptions", "list"}, where)).out().contains("format-bot-schedule"));
        Run none = run("subscriptions");
        assertEquals(ExitCodes.FAILURE, none.exit());
        assertTrue(none.err().contains("expected a subcommand"), none.err());
        Run listed = run("list", "--state-dir", state.toString());
        assertTrue(listed.out().lines().skip(1).findFirst().orElse("").startsWith("format-bot "), listed.out());
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = new String[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    /**
     * A signed GitHub push (changing src/format, docs and services paths); the activations' JSON. Each
     * delivery is another push (its own head commit), as GitHub's are: the same body again is a replay.
     */
    private String webhook(String url, String delivery) throws Exception {
        byte[] body;
        try (java.io.InputStream in = ServerCommandsTest.class.getResourceAsStream("/webhooks/github-push.json")) {
            String head = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-1")
                    .digest(delivery.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            body = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
                    .replace("\"after\": \"0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c\"", "\"after\": \"" + head + "\"")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url + "/webhooks/github"))
                .header("X-GitHub-Event", "push").header("X-GitHub-Delivery", delivery).header("Content-Type", "application/json")
                .header("X-Hub-Signature-256", io.manybot.core.event.WebhookVerifier.sign(SECRET, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(202, response.statusCode(), response.body());
        return json.readTree(response.body()).path("activations").toString();
    }

    private void pushDocs(Path bare, String message) throws Exception {
        pushDocs(bare, message, Map.of());
    }

    private void pushDocs(Path bare, String message, Map<String, String> more) throws Exception {
        Path clone = temp.resolve("clone-" + System.nanoTime());
        try (Git git = Git.cloneRepository().setURI(bare.toUri().toString()).setDirectory(clone.toFile()).call()) {
            Map<String, String> files = new java.util.HashMap<>(more);
            files.put("docs/readme.md", message + "\n");
            GitRepos.write(clone, files);
            GitRepos.commitAll(clone, message);
            git.push().call();
        }
    }

    private List<JsonNode> cycles(String url) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url + "/api/v1/bots/format-bot/cycles")).build(),
                HttpResponse.BodyHandlers.ofString());
        List<JsonNode> list = new ArrayList<>();
        if (response.statusCode() == 200) {
            json.readTree(response.body()).forEach(list::add);
        }
        return list;
    }

    private List<JsonNode> doneCycles(String url) throws Exception {
        return cycles(url).stream().filter(c -> c.path("phase").asText().equals("DONE")).toList();
    }

    private static void await(Await.Check check, StringWriter terminal) throws Exception {
        Await.until(check, terminal);
    }
}
