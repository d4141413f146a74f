package io.manybot.core.executor.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The npm packages CI installs and the runner image carries are the versions the CLI classes name (and tell users to install). */
class CliPinsTest {
    private static final Map<String, String> PACKAGES = Map.of(
            "@anthropic-ai/claude-code@", ClaudeCodeCli.VERSION,
            "@openai/codex@", CodexCli.VERSION,
            "opencode-ai@", OpenCodeCli.VERSION,
            "@google/gemini-cli@", GeminiCli.VERSION);

    @Test
    void theInstallScriptAndTheContainerfilePinTheClassesVersions() throws IOException {
        Path root = Path.of("").toAbsolutePath();
        if (!Files.exists(root.resolve("Containerfile"))) {
            root = root.getParent();
        }
        String script = Files.readString(root.resolve(".ci/install-agent-clis"));
        String image = Files.readString(root.resolve("Containerfile"));
        for (Map.Entry<String, String> pin : PACKAGES.entrySet()) {
            String pinned = pin.getKey() + pin.getValue();
            assertTrue(script.contains(pinned + " ") || script.contains(pinned + "\n"), ".ci/install-agent-clis installs " + pinned);
            assertTrue(image.contains(pinned + " ") || image.contains(pinned + "\n"), "the Containerfile installs " + pinned);
        }
        for (AgentCli cli : new AgentCli[] {new ClaudeCodeCli(), new CodexCli(), new OpenCodeCli(), new GeminiCli()}) {
            assertTrue(PACKAGES.entrySet().stream().anyMatch(pin -> cli.installCommand().endsWith(pin.getKey() + pin.getValue())),
                    cli.installCommand());
        }
    }
}
