package io.manybot.core.executor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.manybot.core.cycle.CycleFixture;
import io.manybot.core.cycle.Task;
import io.manybot.core.declaration.Bot;
import io.manybot.core.executor.ExecutionRequest;
import io.manybot.core.executor.ExecutionResult;
import io.manybot.core.process.ProcessRunner;
import io.manybot.core.secret.SecretRedactor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Aider and Goose, which the registries reachable here do not serve, run through the executor as STAND-IN executables
 * (shell scripts, named so) that honour their documented non-interactive flags: each refuses to run unless it is
 * invoked as the real CLI would need to be (the flags, the key in its variable, Goose's configuration file with the MCP
 * server's credential in it and not on the command line), edits the checkout, and prints the real CLI's output shape.
 */
class StandInCliTest {
    private static final String KEY = "sk-PLANTED-stand-in-4e5f60718293";

    @TempDir
    Path temp;

    private final ProcessRunner processes = new ProcessRunner();
    private final SecretRedactor redactor = new SecretRedactor();

    @Test
    void aiderStandInHonouringItsDocumentedFlagsEditsTheCheckoutAndReportsItsTokens() throws Exception {
        Path aider = script("aider-stand-in.sh", """
                #!/bin/sh
                # a stand-in for `aider`: checks the documented non-interactive flags, then edits as aider would
                args=" $* "
                for flag in --message --yes-always --no-auto-commits --no-gitignore --no-pretty --no-stream --chat-history-file; do
                  case "$args" in *" $flag "*) ;; *) echo "aider stand-in: missing $flag" >&2; exit 2;; esac
                done
                case "$args" in *" --model openai/gpt-test "*) ;; *) echo "aider stand-in: missing --model openai/gpt-test" >&2; exit 2;; esac
                [ "$OPENAI_API_KEY" = "%s" ] || { echo "aider stand-in: no key in OPENAI_API_KEY" >&2; exit 3; }
                [ "$OPENAI_API_BASE" = "http://127.0.0.1:9/v1" ] || { echo "aider stand-in: no OPENAI_API_BASE" >&2; exit 3; }
                sed -i 's/TODO/done/' mine/a.txt
                echo "Replaced the TODO in mine/a.txt. (my key: $OPENAI_API_KEY)"
                echo "Applied edit to mine/a.txt"
                echo "Tokens: 1.2k sent, 85 received. Cost: $0.01 message, $0.01 session."
                """.formatted(KEY));
        Path checkout = checkout();
        ExecutionResult result = executor(new AiderCli(), McpConfig.NONE).execute(request(bot(Bot.ExecutorType.AIDER, aider,
                new Bot.Model("openai-compatible", "gpt-test", "http://127.0.0.1:9/v1", "MANYBOT_TEST_KEY", null, null, null)), checkout));
        assertTrue(result.succeeded(), () -> result.summary() + result.steps());
        assertEquals("done a\n", Files.readString(checkout.resolve("mine/a.txt")));
        assertTrue(result.steps().stream().anyMatch(step -> step.kind().equals("tool") && step.description().equals("edit mine/a.txt")),
                () -> result.steps().toString());
        assertEquals(1200, result.tokens().input());
        assertEquals(85, result.tokens().output());
        assertFalse((result.summary() + result.steps()).contains(KEY), "the key is masked");
        assertTrue(result.summary().contains("Replaced the TODO"), result.summary());
    }

    @Test
    void gooseStandInHonouringItsDocumentedFlagsAndConfigurationEditsTheCheckoutAndReportsItsTokens() throws Exception {
        Path goose = script("goose-stand-in.sh", """
                #!/bin/sh
                # a stand-in for `goose`: checks `goose run` and its documented headless flags, then edits as goose would
                [ "$1" = run ] || { echo "goose stand-in: not 'goose run'" >&2; exit 2; }
                args=" $* "
                for flag in --text --no-session --quiet "--max-turns 5" "--output-format json"; do
                  case "$args" in *" $flag "*) ;; *) echo "goose stand-in: missing $flag" >&2; exit 2;; esac
                done
                case "$args" in *mcp-token-123*) echo "goose stand-in: a credential on the command line" >&2; exit 4;; esac
                config="$XDG_CONFIG_HOME/goose/config.yaml"
                grep -q '^GOOSE_PROVIDER: "anthropic"' "$config" && grep -q '^GOOSE_MODEL: "claude-test"' "$config" \\
                  && grep -q '^GOOSE_MODE: auto' "$config" && grep -q '"TOKEN": "mcp-token-123"' "$config" \\
                  || { echo "goose stand-in: configuration incomplete" >&2; cat "$config" >&2; exit 3; }
                [ "$ANTHROPIC_API_KEY" = "%s" ] || { echo "goose stand-in: no key in ANTHROPIC_API_KEY" >&2; exit 3; }
                sed -i 's/TODO/done/' mine/a.txt
                cat <<JSON
                {
                  "messages": [
                    {"role": "user", "content": [{"type": "text", "text": "the task"}]},
                    {"role": "assistant", "content": [{"type": "toolRequest", "id": "t1",
                      "toolCall": {"status": "success", "value": {"name": "developer__text_editor",
                        "arguments": {"command": "str_replace", "path": "$PWD/mine/a.txt"}}}}]},
                    {"role": "assistant", "content": [{"type": "text", "text": "Replaced the TODO in mine/a.txt."}]}
                  ],
                  "metadata": {"total_tokens": 1500, "input_tokens": 1400, "output_tokens": 100, "status": "completed"}
                }
                JSON
                """.formatted(KEY));
        Path checkout = checkout();
        McpConfig mcp = new McpConfig(List.of(new McpConfig.Server("files", List.of("mcp-server-filesystem", "/srv"),
                Map.of("TOKEN", "mcp-token-123"), null)));
        ExecutionResult result = executor(new GooseCli(), mcp).execute(request(bot(Bot.ExecutorType.GOOSE, goose,
                new Bot.Model("anthropic", "claude-test", null, "MANYBOT_TEST_KEY", null, null, null)), checkout));
        assertTrue(result.succeeded(), () -> result.summary() + result.steps());
        assertEquals("done a\n", Files.readString(checkout.resolve("mine/a.txt")));
        assertTrue(result.steps().stream().anyMatch(step -> step.kind().equals("tool")
                && step.description().equals("developer__text_editor str_replace " + checkout + "/mine/a.txt")), () -> result.steps().toString());
        assertEquals(1400, result.tokens().input());
        assertEquals(100, result.tokens().output());
        assertEquals("goose: Replaced the TODO in mine/a.txt.", result.summary());
    }

    private AgentCliExecutor executor(AgentCli cli, McpConfig mcp) {
        return new AgentCliExecutor(cli, processes, Map.of("PATH", System.getenv("PATH"), "MANYBOT_TEST_KEY", KEY), redactor,
                Confinement.none("test"), mcp, 256 * 1024);
    }

    private Path script(String name, String content) throws Exception {
        Path file = temp.resolve(name);
        Files.writeString(file, content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }

    private Path checkout() throws Exception {
        Path checkout = temp.resolve("checkout");
        Files.createDirectories(checkout.resolve("mine"));
        Files.writeString(checkout.resolve("mine/a.txt"), "TODO a\n");
        return checkout;
    }

    private static ExecutionRequest request(Bot bot, Path checkout) {
        return new ExecutionRequest(bot, CycleFixture.goal(), null, new Task("t1", Task.Kind.WORK, "Remove the TODOs", "3 left",
                Task.State.IN_PROGRESS, null), checkout, null, Duration.ofMinutes(5));
    }

    private static Bot bot(Bot.ExecutorType type, Path executable, Bot.Model model) {
        Bot base = CycleFixture.bot("true", null, false);
        return new Bot(base.name(), base.goal(), base.owns(), base.repository(), base.mode(), base.schedule(),
                new Bot.Executor(type, List.of(executable.toString()), false, Map.of(), Duration.ofMinutes(1), model),
                null, new Bot.Limits(3, 20, Duration.ofMinutes(5), 5, null), base.reviewers(), false, false, true, null);
    }
}
