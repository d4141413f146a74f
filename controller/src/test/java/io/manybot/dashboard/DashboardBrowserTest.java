package io.manybot.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.manybot.cli.ManybotCommand;
import io.manybot.local.LocalController;
import io.manybot.local.api.ApiServer;
import io.manybot.local.api.ApiSettings;
import io.manybot.testing.ApiCalls;
import io.manybot.testing.Await;
import io.manybot.testing.GitRepos;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.ResetCommand;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.transport.RefSpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard in real headless Chromium (Playwright) against the local home, as {@code manybot run
 * REPO --http} runs it (the controller and the HTTP server in this process), on a copy of the example
 * repository: both goals with their key-result charts after the first cycles; a cycle triggered from
 * the page appears in it without a reload; pause refused without a key and done with one; the
 * ownership explorer's verdict equals {@code manybot owners}; a commit message with a script tag is
 * shown as text. Writes the README's screenshots to {@code target/screenshots}.
 */
class DashboardBrowserTest {
    static final String XSS = "<script>alert(1)</script>";
    private static final String API_KEY = "dashboard-test-key-0123456789";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;

    @BeforeAll
    static void installed() {
        Browser.assumeInstalled();
    }

    @Test
    void thePageAgainstTheLocalHome() throws Exception {
        Path work = temp.resolve("work");
        copy(Path.of("../examples/repo-with-owners").toAbsolutePath().normalize(), work);
        GitRepos.initAndCommit(work, "the example repository");
        Path bare = temp.resolve("repo.git");
        Git.cloneRepository().setBare(true).setURI(work.toUri().toString()).setDirectory(bare.toFile()).call().close();
        Path keys = temp.resolve("api-keys");
        Files.writeString(keys, API_KEY + "\n");

        StringWriter terminal = new StringWriter();
        LocalController controller = new LocalController(new LocalController.Options(bare, temp.resolve("state"), null, 2, ".manybot"),
                new PrintWriter(terminal, true), Clock.systemUTC());
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread running = new Thread(() -> {
            try {
                controller.run();
            } catch (Throwable e) {
                failure.set(e);
            }
        }, "manybot-run");
        try (ApiServer server = ApiServer.start(ApiSettings.of("127.0.0.1:0", keys, null, Map.of()), controller.view())) {
            ApiCalls calls = new ApiCalls("http://127.0.0.1:" + server.port());
            running.start();
            // the first cycle of each bot ends
            Await.until(() -> !calls.doneCycles("api-bot").isEmpty() && !calls.doneCycles("format-bot").isEmpty(), terminal);

            // someone else's commit in format-bot's paths, its message a script tag: format-bot reviews it
            pushAsSomeoneElse(work, bare, "scripts/NOTES.txt", "notes\n", XSS);
            AtomicReference<String> xssCycle = new AtomicReference<>();
            Await.until(() -> {
                for (JsonNode cycle : calls.doneCycles("format-bot")) {
                    String text = calls.get("/api/v1/cycles/" + cycle.path("id").asText()).body();
                    if (text.contains("alert(1)")) {
                        xssCycle.set(cycle.path("id").asText());
                        return true;
                    }
                }
                return false;
            }, terminal);
            String idle = calls.json(calls.get("/api/v1/bots/format-bot")).path("phase").asText();

            JsonNode r = Browser.run("local-home.mjs", "--url", calls.base(), "--key", API_KEY, "--triggerBot", "api-bot",
                    "--pauseBot", "format-bot", "--ownersPath", "src/api/routes/orders.py", "--ownersAs", "manybot:format-bot",
                    "--xssCycle", xssCycle.get());

            // goals with their charts
            assertEquals(List.of("api-test-coverage", "no-format-faults"), sorted(r.path("goals")), r.toString());
            assertEquals(2, r.path("charts").asInt(), "one chart per key result: " + r);
            // a cycle started while the page was open, shown without a reload, and a real cycle of the bot
            assertNotEquals(r.path("cycleBefore").asText(), r.path("cycleAfter").asText(), r.toString());
            assertEquals(200, calls.get("/api/v1/cycles/" + r.path("cycleAfter").asText()).statusCode(), r.toString());
            assertTrue(calls.get("/api/v1/cycles/" + r.path("cycleAfter").asText()).body().contains("api trigger"), r.toString());
            assertTrue(r.path("sameDocument").asBoolean(), "the page was not reloaded: " + r);
            // pause: refused without a key, done with one
            assertTrue(r.path("pauseWithoutKey").asText().contains("missing X-API-Key"), r.toString());
            assertTrue(r.path("pausedRow").asText().contains("PAUSED"), r.toString());
            assertTrue(calls.json(calls.get("/api/v1/bots/format-bot")).path("paused").asBoolean(), "the bot is paused in the state");
            // the ownership explorer says what `manybot owners` says
            JsonNode cli = ownersCommand(work, "src/api/routes/orders.py", "manybot:format-bot").get(0).path("verdict");
            assertEquals(cli.path("decision").asText(), r.path("verdict").path("decision").asText(), r.toString());
            assertEquals(cli.path("reason").asText(), r.path("verdict").path("reason").asText(), r.toString());
            assertEquals(cli.path("decidedBy").asText(), r.path("verdict").path("decidedBy").asText(), r.toString());
            assertTrue(r.path("treeRows").asInt() > 5, "the directory tree is listed: " + r);
            // the script tag is text: shown, not run, and no script element was added
            assertTrue(r.path("xssShownAsText").asBoolean(), r.path("cycleText").asText());
            assertEquals(List.of("/ui/vendor/uPlot.iife.min.js", "/ui/app.js"), list(r.path("scripts")), r.toString());
            assertEquals(0, r.path("dialogs").size(), r.toString());
            // nothing broke the page, the Content-Security-Policy refused nothing, a narrow window does not scroll sideways
            assertEquals(0, r.path("errors").size(), r.toString());
            assertEquals(0, r.path("csp").size(), r.toString());
            assertTrue(r.path("narrowOverflow").asInt() <= 0, "the page fits a 400 px window: " + r);
            assertFalse(idle.isEmpty());
        } finally {
            controller.stop();
            running.join(60_000);
        }
        if (failure.get() != null) {
            throw new AssertionError("the controller failed", failure.get());
        }
    }

    /** {@code manybot owners --repo WORK --as AS --json PATH}, in this process. */
    private static JsonNode ownersCommand(Path repo, String path, String as) throws IOException {
        StringWriter out = new StringWriter();
        int exit = ManybotCommand.execute(new String[] {"owners", "--repo", repo.toString(), "--as", as, "--json", path},
                new PrintWriter(out, true), new PrintWriter(new StringWriter(), true));
        assertEquals(0, exit, out.toString());
        return JSON.readTree(out.toString());
    }

    /** Commits {@code file} as a person (not a bot) on the bare repository's main, retrying when a bot landed first. */
    static void pushAsSomeoneElse(Path work, Path bare, String file, String content, String message) throws Exception {
        try (Git git = Git.open(work.toFile())) {
            for (int attempt = 0; ; attempt++) {
                git.fetch().setRemote(bare.toUri().toString()).setRefSpecs(new RefSpec("+refs/heads/main:refs/remotes/origin/main")).call();
                git.reset().setMode(ResetCommand.ResetType.HARD).setRef("refs/remotes/origin/main").call();
                GitRepos.write(work, Map.of(file, content + attempt + "\n"));
                git.add().addFilepattern(file).call();
                PersonIdent mallory = new PersonIdent("Mallory", "mallory@example.com");
                git.commit().setMessage(message).setAuthor(mallory).setCommitter(mallory).setSign(false).call();
                var results = git.push().setRemote(bare.toUri().toString()).setRefSpecs(new RefSpec("refs/heads/main:refs/heads/main")).call();
                boolean ok = true;
                for (var result : results) {
                    for (var update : result.getRemoteUpdates()) {
                        ok &= update.getStatus() == org.eclipse.jgit.transport.RemoteRefUpdate.Status.OK;
                    }
                }
                if (ok) {
                    return;
                }
                if (attempt > 20) {
                    throw new AssertionError("could not push to " + bare);
                }
            }
        }
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            files.forEach(source -> {
                try {
                    Path target = to.resolve(from.relativize(source).toString());
                    if (Files.isDirectory(source)) {
                        Files.createDirectories(target);
                    } else {
                        Files.copy(source, target);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    static List<String> list(JsonNode array) {
        List<String> out = new java.util.ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    static List<String> sorted(JsonNode array) {
        return list(array).stream().sorted().toList();
    }
}
