package io.manybot.core.executor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.manybot.core.declaration.Bot;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What each CLI is given (argv, environment, configuration files) and how its structured output is read. */
class CliInvocationTest {
    private static final Bot.Model MODEL = new Bot.Model("openai", "gpt-test", "http://127.0.0.1:8089/v1", "KEY_VAR", null, null, null);
    private static final McpConfig MCP = new McpConfig(List.of(
            new McpConfig.Server("files", List.of("mcp-server-filesystem", "/srv/docs"), Map.of("TOKEN", "t-123"), null),
            new McpConfig.Server("search", List.of(), Map.of(), "https://mcp.example.com/mcp")));
    private static final CliRun RUN = new CliRun("codex", "do \"it\"", Path.of("/w/checkout"), Path.of("/w/home"), MODEL, 7, MCP);

    @Test
    void codexGetsItsProviderAndMcpServersInConfigTomlAndThePromptAsOneArgument() {
        CliInvocation invocation = new CodexCli().invocation(RUN);
        assertEquals(List.of("codex", "exec", "--json", "--skip-git-repo-check", "--sandbox", "workspace-write", "--cd", "/w/checkout",
                "-m", "gpt-test", "do \"it\""), invocation.argv());
        assertEquals("/w/home/.codex", invocation.environment().get("CODEX_HOME"));
        String toml = invocation.homeFiles().get(".codex/config.toml");
        assertTrue(toml.contains("model_provider = \"manybot\""), toml);
        assertTrue(toml.contains("base_url = \"http://127.0.0.1:8089/v1\"\nenv_key = \"OPENAI_API_KEY\""), toml);
        assertTrue(toml.contains("[mcp_servers.files]\ncommand = \"mcp-server-filesystem\"\nargs = [\"/srv/docs\"]"), toml);
        assertTrue(toml.contains("[mcp_servers.files.env]\nTOKEN = \"t-123\""), toml);
        assertTrue(toml.contains("[mcp_servers.search]\nurl = \"https://mcp.example.com/mcp\""), toml);
    }

    @Test
    void claudeCodeGetsItsMcpConfigFileAndAllowsOnlyItsOwnServersTools() {
        CliInvocation invocation = new ClaudeCodeCli().invocation(new CliRun("claude", "p", Path.of("/w/c"), Path.of("/w/h"),
                new Bot.Model("anthropic", "claude-x", "http://127.0.0.1:1", "K", null, null, null), 9, MCP));
        assertEquals(List.of("claude", "-p", "p", "--output-format", "stream-json", "--verbose", "--permission-mode", "acceptEdits",
                "--max-turns", "9", "--model", "claude-x", "--mcp-config", "/w/h/.manybot/mcp.json", "--strict-mcp-config",
                "--allowedTools", "mcp__files", "mcp__search"), invocation.argv());
        assertEquals("http://127.0.0.1:1", invocation.environment().get("ANTHROPIC_BASE_URL"));
        String json = invocation.homeFiles().get(".manybot/mcp.json");
        assertTrue(json.contains("\"command\" : \"mcp-server-filesystem\"") && json.contains("\"TOKEN\" : \"t-123\"")
                && json.contains("\"type\" : \"http\""), json);
        assertFalse(invocation.argv().contains("t-123"), "credentials only in the file the MCP server's process reads");
    }

    @Test
    void codexJsonLinesBecomeStepsFilesMessageAndTokens() {
        String output = String.join("\n",
                "{\"type\":\"thread.started\",\"thread_id\":\"th_1\"}",
                "{\"type\":\"turn.started\"}",
                "{\"type\":\"item.completed\",\"item\":{\"id\":\"i0\",\"type\":\"reasoning\",\"text\":\"thinking\"}}",
                "{\"type\":\"item.completed\",\"item\":{\"id\":\"i1\",\"type\":\"command_execution\",\"command\":\"ls\",\"aggregated_output\":\"a.txt\\n\",\"exit_code\":0,\"status\":\"completed\"}}",
                "{\"type\":\"item.completed\",\"item\":{\"id\":\"i2\",\"type\":\"file_change\",\"changes\":[{\"path\":\"mine/a.txt\",\"kind\":\"update\"}],\"status\":\"completed\"}}",
                "{\"type\":\"item.completed\",\"item\":{\"id\":\"i3\",\"type\":\"mcp_tool_call\",\"server\":\"files\",\"tool\":\"read\",\"status\":\"failed\"}}",
                "not json: a warning line",
                "{\"type\":\"item.completed\",\"item\":{\"id\":\"i4\",\"type\":\"agent_message\",\"text\":\"Fixed a.txt\"}}",
                "{\"type\":\"turn.completed\",\"usage\":{\"input_tokens\":1200,\"cached_input_tokens\":1000,\"output_tokens\":80}}");
        CliReport report = new CodexCli().parse("t1", output);
        assertNull(report.error());
        assertEquals("Fixed a.txt", report.finalMessage());
        assertEquals(java.util.Set.of("mine/a.txt"), report.filesTouched());
        assertEquals(List.of("shell ls", "apply_patch update mine/a.txt", "mcp files.read"),
                report.steps().stream().map(step -> step.description()).toList());
        assertFalse(report.steps().get(2).succeeded());
        assertEquals(1280, report.tokens().total());

        CliReport failed = new CodexCli().parse("t1", "{\"type\":\"turn.failed\",\"error\":{\"message\":\"unexpected status 401 Unauthorized\"}}");
        assertEquals("unexpected status 401 Unauthorized", failed.error());
    }

    @Test
    void claudeCodeWithoutAResultLineIsAnError() {
        CliReport report = new ClaudeCodeCli().parse("t1", "{\"type\":\"system\",\"subtype\":\"init\"}\n");
        assertEquals("Claude Code ended without a result line", report.error());
    }
}
