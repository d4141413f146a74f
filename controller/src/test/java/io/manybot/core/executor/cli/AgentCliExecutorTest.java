package io.manybot.core.executor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.manybot.core.cycle.CycleFixture;
import io.manybot.core.cycle.ExecutedStep;
import io.manybot.core.cycle.Task;
import io.manybot.core.declaration.Bot;
import io.manybot.core.executor.ExecutionRequest;
import io.manybot.core.executor.ExecutionResult;
import io.manybot.core.process.ProcessRunner;
import io.manybot.core.secret.SecretRedactor;
import io.manybot.testing.AgentClis;
import io.manybot.testing.ScriptedAnthropicServer;
import io.manybot.testing.ScriptedAnthropicServer.Turn;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input for agent-CLI executors: a CLI that is not installed, a provider that refuses the key, a CLI that hangs
 * while flooding its output, an agent that leaves a symbolic link out of the checkout. The provider is
 * {@link ScriptedAnthropicServer} (a test double); the hanging and linking CLIs are stand-in shell scripts, named so.
 */
class AgentCliExecutorTest {
    private static final String KEY = "sk-ant-PLANTED-0a1b2c3d4e5f6789";

    @TempDir
    Path temp;

    private final ProcessRunner processes = new ProcessRunner();
    private final SecretRedactor redactor = new SecretRedactor();

    @Test
    void aMissingCliFailsTheTaskWithTheExactInstallCommand() throws Exception {
        ExecutionResult result = executor(Confinement.none("test")).execute(request(bot(temp.resolve("no-such/claude").toString(),
                "http://127.0.0.1:9", Duration.ofMinutes(1), null)));
        assertFalse(result.succeeded());
        assertTrue(result.summary().contains("is not installed") && result.summary().contains("npm install -g @anthropic-ai/claude-code@"
                + ClaudeCodeCli.VERSION), result.summary());
    }

    @Test
    void aProviderRefusingTheKeyFailsTheTaskWithTheReasonAndTheKeyMasked() throws Exception {
        String claude = AgentClis.require("claude");
        try (ScriptedAnthropicServer provider = new ScriptedAnthropicServer(List.of(Turn.text("unused")))) {
            provider.failWith(401);
            ExecutionResult result = executor(Confinement.none("test")).execute(request(bot(claude, provider.baseUrl(), Duration.ofMinutes(2), null)));
            assertFalse(result.succeeded());
            assertTrue(result.summary().contains("failed"), result.summary());
            String everything = result.summary() + result.steps();
            assertTrue(everything.contains("401") || everything.toLowerCase().contains("auth"), everything);
            assertFalse(everything.contains(KEY), "the key is masked");
            assertTrue(provider.apiKeys().contains(KEY), "the CLI sent the key it was given");
        }
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(ints = {429, 500})
    void aProviderThatKeepsFailingEndsTheTaskWithTheReasonAfterTheCliRetries(int status) throws Exception {
        String claude = AgentClis.require("claude");
        try (ScriptedAnthropicServer provider = new ScriptedAnthropicServer(List.of(Turn.text("unused")))) {
            provider.failWith(status);
            ExecutionResult result = executor(Confinement.none("test")).execute(request(bot(claude, provider.baseUrl(), Duration.ofMinutes(2), null)));
            assertFalse(result.succeeded());
            assertTrue(result.summary().startsWith("claude-code: failed: "), result.summary());
            assertTrue(provider.requests().size() > 1, "the CLI retried (CLAUDE_CODE_MAX_RETRIES=2) before giving up");
            assertFalse((result.summary() + result.steps()).contains(KEY), "the key is masked");
        }
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(ints = {401, 429, 500})
    void codexEndsTheTaskWithTheProvidersErrorAndTheKeyMasked(int status) throws Exception {
        String codex = AgentClis.require("codex");
        try (io.manybot.testing.ScriptedOpenAiServer provider = new io.manybot.testing.ScriptedOpenAiServer(
                List.of(io.manybot.testing.ScriptedOpenAiServer.Turn.text("unused")))) {
            provider.failWith(status);
            Bot base = bot(codex, null, Duration.ofMinutes(3), null);
            Bot bot = new Bot(base.name(), base.goal(), base.owns(), base.repository(), base.mode(), base.schedule(),
                    new Bot.Executor(Bot.ExecutorType.CODEX, List.of(codex), false, Map.of(), Duration.ofMinutes(3),
                            new Bot.Model("openai", "gpt-5", provider.baseUrl(), "MANYBOT_TEST_ANTHROPIC_KEY", null, null, null)),
                    null, base.limits(), base.reviewers(), false, false, true, null);
            AgentCliExecutor executor = new AgentCliExecutor(new CodexCli(), processes, environment(), redactor, Confinement.none("test"),
                    McpConfig.NONE, 256 * 1024);
            ExecutionResult result = executor.execute(request(bot));
            assertFalse(result.succeeded());
            // Codex names 401 and 429 with their status; a 500 it reports in its own words ("… temporary errors")
            assertTrue(result.summary().startsWith("codex: failed: ") && (status == 500 ? result.summary().contains("error")
                    : result.summary().contains(String.valueOf(status))), result.summary());
            assertTrue(provider.apiKeys().contains(KEY), "the CLI sent the key it was given");
            if (status != 401) {
                assertTrue(provider.requests().size() > 1, "Codex retried (request_max_retries = 2) before giving up");
            }
            assertFalse((result.summary() + result.steps()).contains(KEY), "the key is masked");
        }
    }

    @Test
    void claudeCodeWritingToAnAbsolutePathOutsideTheCheckoutIsRefused() throws Exception {
        String claude = AgentClis.require("claude");
        Path outside = Files.createDirectories(temp.resolve("outside"));
        Path checkout = checkout();
        try (ScriptedAnthropicServer provider = new ScriptedAnthropicServer(List.of(
                Turn.tool("Write", "{\"file_path\": \"" + outside.resolve("escaped.txt") + "\", \"content\": \"out\\n\"}"),
                Turn.tool("Read", "{\"file_path\": \"${cwd}/mine/a.txt\"}"),
                Turn.tool("Write", "{\"file_path\": \"${cwd}/mine/a.txt\", \"content\": \"done a\\n\"}"),
                Turn.text("Wrote the files.")))) {
            ExecutionResult result = executor(Confinement.none("test")).execute(request(bot(claude, provider.baseUrl(), Duration.ofMinutes(2),
                    null), checkout));
            assertFalse(result.succeeded());
            assertTrue(result.summary().contains("refused: the agent wrote outside the checkout: " + outside.resolve("escaped.txt")),
                    result.summary() + result.steps());
            assertFalse(Files.exists(outside.resolve("escaped.txt")), "Claude Code's acceptEdits mode did not write outside its directory");
            assertEquals("done a\n", Files.readString(checkout.resolve("mine/a.txt")), "the run went on inside the checkout");
        }
    }

    @Test
    void aStandInCliThatHangsWhileFloodingIsKilledAtTheTimeoutWithItsOutputCapped() throws Exception {
        Path hanging = script("hanging-cli-stand-in.sh", "#!/bin/sh\nwhile :; do echo flooding flooding flooding flooding; done &\nsleep 600\n");
        AgentCliExecutor executor = new AgentCliExecutor(new ClaudeCodeCli(), processes, environment(), redactor, Confinement.none("test"),
                McpConfig.NONE, 64 * 1024);
        ExecutionResult result = executor.execute(request(bot(hanging.toString(), "http://127.0.0.1:9", Duration.ofSeconds(2), null)));
        assertFalse(result.succeeded());
        assertTrue(result.summary().contains("timed out after 2 s; the process tree was killed (output cut)"), result.summary());
        ExecutedStep run = result.steps().stream().filter(step -> step.kind().equals("command")).findFirst().orElseThrow();
        assertTrue(run.output().length() < 10_000, "the step keeps the tail only");
    }

    @Test
    void aSymbolicLinkLeavingTheCheckoutIsRemovedAndTheTaskRefused() throws Exception {
        Path linking = script("linking-cli-stand-in.sh", "#!/bin/sh\nln -s /etc/passwd mine/passwd\nln -s a.txt mine/inside\n"
                + "echo '{\"type\":\"result\",\"subtype\":\"success\",\"is_error\":false,\"result\":\"linked\",\"usage\":{\"input_tokens\":5,\"output_tokens\":2}}'\n");
        Path checkout = checkout();
        ExecutionResult result = executor(Confinement.none("test")).execute(request(bot(linking.toString(), "http://127.0.0.1:9",
                Duration.ofMinutes(1), null), checkout));
        assertFalse(result.succeeded());
        assertTrue(result.summary().contains("symbolic links leaving the checkout (removed): mine/passwd"), result.summary());
        assertFalse(Files.exists(checkout.resolve("mine/passwd"), java.nio.file.LinkOption.NOFOLLOW_LINKS));
        assertTrue(Files.isSymbolicLink(checkout.resolve("mine/inside")), "a link inside the checkout stays");
        assertEquals(7, result.tokens().total());
    }

    @Test
    void theTokenLimitOfTheCycleStopsFurtherTasks() throws Exception {
        Path cli = script("spending-cli-stand-in.sh", "#!/bin/sh\n"
                + "echo '{\"type\":\"result\",\"subtype\":\"success\",\"is_error\":false,\"result\":\"spent\",\"usage\":{\"input_tokens\":900,\"output_tokens\":200}}'\n");
        AgentCliExecutor executor = executor(Confinement.none("test"));
        Bot bot = bot(cli.toString(), "http://127.0.0.1:9", Duration.ofMinutes(1), 1000L);
        ExecutionResult first = executor.execute(request(bot));
        assertFalse(first.succeeded());
        assertTrue(first.summary().contains("token limit reached while it ran: 1100 tokens used in this cycle, the limit is 1000"), first.summary());
        assertTrue(first.endsCycle().endsWith("nothing of this cycle lands"), first.endsCycle());
        ExecutionResult second = executor.execute(request(bot));
        assertTrue(second.summary().contains("not run: the cycle's token budget is spent"), second.summary());
        assertEquals(0, second.tokens().total());
    }

    @Test
    void bubblewrapLetsTheCliWriteOnlyTheCheckoutAndItsHome() throws Exception {
        Confinement confinement = Confinement.detect(processes, System.getenv());
        org.junit.jupiter.api.Assumptions.assumeTrue(confinement.confined(), confinement.description());
        Path outside = temp.resolve("outside");
        Files.createDirectories(outside);
        Path writer = script("writing-cli-stand-in.sh", "#!/bin/sh\necho in > mine/in.txt\necho home > \"$HOME/in-home.txt\"\n"
                + "echo out > " + outside + "/escaped.txt 2>/dev/null || echo 'refused outside'\n"
                + "echo '{\"type\":\"result\",\"subtype\":\"success\",\"is_error\":false,\"result\":\"wrote\",\"usage\":{}}'\n");
        Path checkout = checkout();
        ExecutionResult result = executor(confinement).execute(request(bot(writer.toString(), "http://127.0.0.1:9", Duration.ofMinutes(1), null),
                checkout));
        assertTrue(result.succeeded(), () -> result.summary() + result.steps());
        assertEquals("in\n", Files.readString(checkout.resolve("mine/in.txt")));
        assertFalse(Files.exists(outside.resolve("escaped.txt")), "the system outside the checkout is read-only");
        ExecutedStep run = result.steps().stream().filter(step -> step.kind().equals("command")).findFirst().orElseThrow();
        assertTrue(run.output().contains("refused outside") && run.output().contains("bubblewrap"), run.output());
    }

    @Test
    void theBotsMcpServerReachesClaudeCodeWhichCallsIt() throws Exception {
        String claude = AgentClis.require("claude");
        String server = AgentClis.require("mcp-server-filesystem");
        Path checkout = checkout();
        Files.writeString(checkout.resolve("mine/listed-by-mcp.txt"), "x\n");
        McpConfig mcp = McpConfig.resolve(List.of(new io.manybot.core.declaration.Bot.McpServer("files", List.of(server, checkout.toString()),
                List.of(), null)), Map.of(), redactor);
        try (ScriptedAnthropicServer provider = new ScriptedAnthropicServer(List.of(
                Turn.tool("mcp__files__list_directory", "{\"path\": \"${cwd}/mine\"}"), Turn.text("Listed.")))) {
            AgentCliExecutor executor = new AgentCliExecutor(new ClaudeCodeCli(), processes, environment(), redactor, Confinement.none("test"),
                    mcp, 256 * 1024);
            ExecutionResult result = executor.execute(request(bot(claude, provider.baseUrl(), Duration.ofMinutes(2), null), checkout));
            assertTrue(result.succeeded(), () -> result.summary() + result.steps());
            assertTrue(result.steps().stream().anyMatch(step -> step.description().startsWith("mcp__files__list_directory")),
                    () -> result.steps().toString());
            assertTrue(provider.requests().stream().anyMatch(body -> body.contains("tool_result") && body.contains("listed-by-mcp.txt")),
                    "the MCP server's answer went back to the provider");
        }
    }

    private AgentCliExecutor executor(Confinement confinement) {
        return new AgentCliExecutor(new ClaudeCodeCli(), processes, environment(), redactor, confinement, McpConfig.NONE, 256 * 1024);
    }

    private static Map<String, String> environment() {
        return Map.of("PATH", System.getenv("PATH"), "MANYBOT_TEST_ANTHROPIC_KEY", KEY);
    }

    private Path script(String name, String content) throws Exception {
        Path file = temp.resolve(name);
        Files.writeString(file, content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }

    private Path checkout() throws Exception {
        Path checkout = temp.resolve("checkout-" + System.nanoTime());
        Files.createDirectories(checkout.resolve("mine"));
        Files.writeString(checkout.resolve("mine/a.txt"), "TODO a\n");
        return checkout;
    }

    private ExecutionRequest request(Bot bot) throws Exception {
        return request(bot, checkout());
    }

    private static ExecutionRequest request(Bot bot, Path checkout) {
        return new ExecutionRequest(bot, CycleFixture.goal(), null, new Task("t1", Task.Kind.WORK, "Remove the TODOs", "3 left",
                Task.State.IN_PROGRESS, null), checkout, null, Duration.ofMinutes(5));
    }

    static Bot bot(String executable, String baseUrl, Duration timeout, Long tokensPerCycle) {
        Bot base = CycleFixture.bot("true", null, false);
        Bot.Model model = new Bot.Model("anthropic", "claude-sonnet-4-5", baseUrl, "MANYBOT_TEST_ANTHROPIC_KEY", null, null, null);
        return new Bot(base.name(), base.goal(), base.owns(), base.repository(), base.mode(), base.schedule(),
                new Bot.Executor(Bot.ExecutorType.CLAUDE_CODE, List.of(executable), false, Map.of(), timeout, model),
                null, new Bot.Limits(3, 20, Duration.ofMinutes(5), 5, tokensPerCycle), base.reviewers(), false, false, true, null);
    }
}
