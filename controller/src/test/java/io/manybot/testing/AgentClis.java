package io.manybot.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * The real agent CLIs the tests run, installed by {@code .ci/run} (pinned, with npm) into
 * {@code $MANYBOT_AGENT_CLIS} (default {@code ~/.cache/manybot-agent-clis}). When they are missing the tests that
 * need them are skipped with the install command, unless {@code MANYBOT_REQUIRE_AGENT_CLIS=1} (CI) makes that a failure.
 */
public final class AgentClis {
    private AgentClis() {}

    public static Path directory() {
        String configured = System.getenv("MANYBOT_AGENT_CLIS");
        return configured != null && !configured.isBlank() ? Path.of(configured)
                : Path.of(System.getProperty("user.home"), ".cache", "manybot-agent-clis");
    }

    /** The installed executable {@code name} (e.g. claude, codex), or the test is skipped (or fails in CI). */
    public static String require(String name) {
        Path executable = directory().resolve("node_modules/.bin").resolve(name);
        boolean there = Files.isExecutable(executable);
        String message = name + " is not installed in " + directory() + ": run `bash .ci/install-agent-clis`";
        if (!there && "1".equals(System.getenv("MANYBOT_REQUIRE_AGENT_CLIS"))) {
            throw new AssertionError(message);
        }
        Assumptions.assumeTrue(there, message);
        return executable.toString();
    }

    /** The planted key is in no cycle record, terminal output, file under {@code dir} or commit message of {@code bare}. */
    public static void assertKeyNowhere(String key, Object cycle, String terminal, java.nio.file.Path dir, java.nio.file.Path bare)
            throws Exception {
        org.junit.jupiter.api.Assertions.assertFalse(new com.fasterxml.jackson.databind.ObjectMapper()
                .registerModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule()).writeValueAsString(cycle).contains(key), "cycle record");
        org.junit.jupiter.api.Assertions.assertFalse(terminal.contains(key), "terminal");
        try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.walk(dir).filter(java.nio.file.Files::isRegularFile)) {
            for (java.nio.file.Path file : (Iterable<java.nio.file.Path>) files::iterator) {
                org.junit.jupiter.api.Assertions.assertFalse(new String(java.nio.file.Files.readAllBytes(file),
                        java.nio.charset.StandardCharsets.ISO_8859_1).contains(key), () -> "file " + file);
            }
        }
        try (org.eclipse.jgit.api.Git git = org.eclipse.jgit.api.Git.open(bare.toFile())) {
            for (var commit : git.log().all().call()) {
                org.junit.jupiter.api.Assertions.assertFalse(commit.getFullMessage().contains(key), "commit message");
            }
        }
    }
}
