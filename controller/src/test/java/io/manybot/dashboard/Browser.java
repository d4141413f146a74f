package io.manybot.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs a Playwright scenario of {@code src/test/browser} (node, playwright-core from npm, Debian's
 * chromium) as a subprocess and returns its results. Where they are not installed the test is skipped,
 * unless {@code MANYBOT_BROWSER_TESTS=required} (set by {@code .ci/run}, which installs them), when it fails.
 */
public final class Browser {
    static final Path SCRIPTS = Path.of("src/test/browser").toAbsolutePath();
    static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));
    /** Where the tests write their screenshots; the README's copies are in docs/ (see README: Dashboard). */
    static final Path SCREENSHOTS = Path.of("target/screenshots").toAbsolutePath();

    private Browser() {}

    /**
     * Whether the browser tests can run here: false without node, playwright-core or chromium, unless {@code
     * MANYBOT_BROWSER_TESTS=required}, when it fails instead (for a test whose browser part follows other checks).
     */
    public static boolean available() {
        try {
            assumeInstalled();
            return true;
        } catch (org.opentest4j.TestAbortedException skipped) {
            return false;
        }
    }

    /** Skips (or, when required, fails) without node, playwright-core or chromium. */
    static void assumeInstalled() {
        List<String> missing = new ArrayList<>();
        if (!Files.isExecutable(CHROMIUM)) {
            missing.add(CHROMIUM + " (apt-get install chromium)");
        }
        if (!Files.isDirectory(SCRIPTS.resolve("node_modules/playwright-core"))) {
            missing.add("playwright-core (npm ci --prefix controller/src/test/browser)");
        }
        if (!onPath("node")) {
            missing.add("node");
        }
        if (missing.isEmpty()) {
            return;
        }
        String why = "browser tests need " + String.join(", ", missing);
        if ("required".equals(System.getenv("MANYBOT_BROWSER_TESTS"))) {
            throw new AssertionError(why);
        }
        Assumptions.abort(why);
    }

    private static boolean onPath(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }

    /** Runs {@code script} with {@code --name value} arguments; its RESULT line as JSON, or an AssertionError with its output. */
    public static JsonNode run(String script, String... args) throws IOException, InterruptedException {
        Files.createDirectories(SCREENSHOTS);
        List<String> command = new ArrayList<>(List.of("node", SCRIPTS.resolve(script).toString(), "--screenshots", SCREENSHOTS.toString()));
        command.addAll(List.of(args));
        Path log = Files.createTempFile("manybot-browser", ".log");
        try {
            Process process = new ProcessBuilder(command).directory(SCRIPTS.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            if (!process.waitFor(15, TimeUnit.MINUTES)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new AssertionError("the browser scenario " + script + " did not end:\n" + Files.readString(log));
            }
            String output = Files.readString(log, StandardCharsets.UTF_8);
            String result = output.lines().filter(l -> l.startsWith("RESULT ")).reduce((a, b) -> b).orElse(null);
            if (process.exitValue() != 0 || result == null) {
                throw new AssertionError("the browser scenario " + script + " failed (exit " + process.exitValue() + "):\n" + output);
            }
            return new ObjectMapper().readTree(result.substring("RESULT ".length()));
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
