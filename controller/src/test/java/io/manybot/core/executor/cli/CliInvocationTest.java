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

    @Test
    void geminiGetsApiKeyAuthTheTurnLimitAndMcpServersInItsSettingsAndItsBaseUrlInTheEnvironment() {
        CliInvocation invocation = new GeminiCli().invocation(new CliRun("gemini", "p", Path.of("/w/c"), Path.of("/w/h"),
                new Bot.Model("google", "gemini-2.5-pro", "http://127.0.0.1:2", "K", null, null, null), 9, MCP));
        assertEquals(List.of("gemini", "-p", "p", "--output-format", "stream-json", "--approval-mode", "auto_edit", "--skip-trust",
                "-m", "gemini-2.5-pro", "--allowed-mcp-server-names", "files", "search"), invocation.argv());
        assertEquals("http://127.0.0.1:2", invocation.environment().get("GOOGLE_GEMINI_BASE_URL"));
        String json = invocation.homeFiles().get(".gemini/settings.json");
        assertTrue(json.contains("\"selectedType\" : \"gemini-api-key\"") && json.contains("\"maxSessionTurns\" : 9")
                && json.contains("\"TOKEN\" : \"t-123\"") && json.contains("\"httpUrl\" : \"https://mcp.example.com/mcp\""), json);
        assertFalse(invocation.argv().contains("t-123"));
        assertEquals("GEMINI_API_KEY", new GeminiCli().apiKeyVariable(null));
    }

    @Test
    void geminiStreamJsonBecomesStepsFilesMessageAndTokens() {
        String output = String.join("\n",
                "{\"type\":\"init\",\"session_id\":\"s1\",\"model\":\"gemini-2.5-pro\"}",
                "{\"type\":\"message\",\"role\":\"user\",\"content\":\"the task\"}",
                "{\"type\":\"tool_use\",\"tool_name\":\"read_file\",\"tool_id\":\"r1\",\"parameters\":{\"absolute_path\":\"/w/c/mine/a.txt\"}}",
                "{\"type\":\"tool_result\",\"tool_id\":\"r1\",\"status\":\"success\",\"output\":\"TODO a\"}",
                "{\"type\":\"tool_use\",\"tool_name\":\"write_file\",\"tool_id\":\"w1\",\"parameters\":{\"file_path\":\"/w/c/mine/a.txt\",\"content\":\"done\"}}",
                "{\"type\":\"tool_result\",\"tool_id\":\"w1\",\"status\":\"success\"}",
                "{\"type\":\"tool_use\",\"tool_name\":\"run_shell_command\",\"tool_id\":\"s1\",\"parameters\":{\"command\":\"ls\"}}",
                "{\"type\":\"tool_result\",\"tool_id\":\"s1\",\"status\":\"error\",\"error\":{\"type\":\"x\",\"message\":\"not approved\"}}",
                "{\"type\":\"message\",\"role\":\"assistant\",\"content\":\"Fixed \",\"delta\":true}",
                "{\"type\":\"message\",\"role\":\"assistant\",\"content\":\"a.txt\",\"delta\":true}",
                "{\"type\":\"result\",\"status\":\"success\",\"stats\":{\"total_tokens\":1300,\"input_tokens\":1200,\"output_tokens\":100,\"tool_calls\":3}}");
        CliReport report = new GeminiCli().parse("t1", output);
        assertNull(report.error());
        assertEquals("Fixed a.txt", report.finalMessage());
        assertEquals(java.util.Set.of("/w/c/mine/a.txt"), report.filesTouched());
        assertEquals(List.of("read_file /w/c/mine/a.txt", "write_file /w/c/mine/a.txt", "run_shell_command {\"command\":\"ls\"}"),
                report.steps().stream().map(step -> step.description()).toList());
        assertFalse(report.steps().get(2).succeeded());
        assertEquals("not approved", report.steps().get(2).output());
        assertEquals(1300, report.tokens().total());
        assertEquals("quota exceeded", new GeminiCli().parse("t1", "{\"type\":\"error\",\"severity\":\"error\",\"message\":\"quota exceeded\"}\n"
                + "{\"type\":\"result\",\"status\":\"error\",\"stats\":{}}").error());
        assertEquals("Gemini CLI ended without a result line", new GeminiCli().parse("t1", "").error());
    }

    @Test
    void openCodeGetsItsConfigFileWithPermissionsProviderAndMcpServers() {
        CliInvocation invocation = new OpenCodeCli().invocation(RUN);
        assertEquals(List.of("codex", "run", "--format", "json", "-m", "openai/gpt-test", "do \"it\""), invocation.argv());
        assertEquals("/w/home/.manybot/opencode.json", invocation.environment().get("OPENCODE_CONFIG"));
        String json = invocation.homeFiles().get(".manybot/opencode.json");
        assertTrue(json.contains("\"edit\" : \"allow\"") && json.contains("\"bash\" : \"deny\"") && json.contains("\"steps\" : 7")
                && json.contains("\"baseURL\" : \"http://127.0.0.1:8089/v1\"") && json.contains("\"type\" : \"local\"")
                && json.contains("\"TOKEN\" : \"t-123\"") && json.contains("\"type\" : \"remote\""), json);
        assertFalse(invocation.argv().contains("t-123"));
        CliRun compatible = new CliRun("opencode", "p", Path.of("/w/c"), Path.of("/w/h"),
                new Bot.Model("openai-compatible", "qwen", "http://127.0.0.1:3/v1", "K", null, null, null), 5, McpConfig.NONE);
        CliInvocation custom = new OpenCodeCli().invocation(compatible);
        assertTrue(custom.argv().contains("manybot/qwen"), custom.argv().toString());
        assertTrue(custom.homeFiles().get(".manybot/opencode.json").contains("\"npm\" : \"@ai-sdk/openai-compatible\""));
        assertEquals("ANTHROPIC_API_KEY", new OpenCodeCli().apiKeyVariable(new Bot.Model("anthropic", "c", null, null, null, null, null)));
        assertEquals("OPENAI_API_KEY", new OpenCodeCli().apiKeyVariable(compatible.model()));
    }

    @Test
    void openCodeJsonEventsBecomeStepsFilesMessageAndTokens() {
        String output = String.join("\n",
                "{\"type\":\"step_start\",\"timestamp\":1,\"sessionID\":\"s\",\"part\":{\"type\":\"step-start\"}}",
                "{\"type\":\"tool_use\",\"timestamp\":2,\"sessionID\":\"s\",\"part\":{\"type\":\"tool\",\"tool\":\"edit\",\"state\":{\"status\":\"completed\",\"input\":{\"filePath\":\"/w/c/mine/a.txt\"},\"output\":\"ok\"}}}",
                "{\"type\":\"tool_use\",\"timestamp\":3,\"sessionID\":\"s\",\"part\":{\"type\":\"tool\",\"tool\":\"bash\",\"state\":{\"status\":\"error\",\"input\":{\"command\":\"rm -rf /\"},\"error\":\"denied\"}}}",
                "{\"type\":\"step_finish\",\"timestamp\":4,\"sessionID\":\"s\",\"part\":{\"type\":\"step-finish\",\"tokens\":{\"input\":500,\"output\":40,\"reasoning\":10,\"cache\":{\"read\":100,\"write\":0}}}}",
                "{\"type\":\"text\",\"timestamp\":5,\"sessionID\":\"s\",\"part\":{\"type\":\"text\",\"text\":\"Fixed a.txt\"}}",
                "{\"type\":\"step_finish\",\"timestamp\":6,\"sessionID\":\"s\",\"part\":{\"type\":\"step-finish\",\"tokens\":{\"input\":600,\"output\":20,\"reasoning\":0,\"cache\":{\"read\":0,\"write\":0}}}}");
        CliReport report = new OpenCodeCli().parse("t1", output);
        assertNull(report.error());
        assertEquals("Fixed a.txt", report.finalMessage());
        assertEquals(java.util.Set.of("/w/c/mine/a.txt"), report.filesTouched());
        assertEquals(List.of("edit /w/c/mine/a.txt", "bash rm -rf /"), report.steps().stream().map(step -> step.description()).toList());
        assertFalse(report.steps().get(1).succeeded());
        assertEquals(1200, report.tokens().input());
        assertEquals(70, report.tokens().output());
        assertEquals("Incorrect API key", new OpenCodeCli().parse("t1",
                "{\"type\":\"error\",\"sessionID\":\"s\",\"error\":{\"name\":\"APIError\",\"data\":{\"message\":\"Incorrect API key\"}}}").error());
    }

    @Test
    void aiderKeepsItsHistoryOutOfTheCheckoutAndItsTextOutputBecomesEditsAndTokens() {
        CliInvocation invocation = new AiderCli().invocation(new CliRun("aider", "p", Path.of("/w/c"), Path.of("/w/h"),
                new Bot.Model("anthropic", "claude-x", null, "K", null, null, null), 5, MCP));
        assertTrue(invocation.argv().containsAll(List.of("--message", "p", "--yes-always", "--no-auto-commits", "--no-gitignore",
                "/w/h/.aider.chat.history.md", "--model", "claude-x")), invocation.argv().toString());
        assertEquals("ANTHROPIC_API_KEY", new AiderCli().apiKeyVariable(new Bot.Model("anthropic", "c", null, null, null, null, null)));
        CliReport report = new AiderCli().parse("t1", "Editing a.txt\nApplied edit to mine/a.txt\nApplied edit to mine/b.txt\n"
                + "Tokens: 2.3k sent, 1.1k cache write, 150 received. Cost: $0.01\n");
        assertEquals(java.util.Set.of("mine/a.txt", "mine/b.txt"), report.filesTouched());
        assertEquals(2300, report.tokens().input());
        assertEquals(150, report.tokens().output());
        assertEquals("Editing a.txt", report.finalMessage());
    }

    @Test
    void gooseGetsItsConfigurationFileWithTheMcpCredentialsNotTheCommandLine() {
        CliInvocation invocation = new GooseCli().invocation(new CliRun("goose", "p", Path.of("/w/c"), Path.of("/w/h"),
                new Bot.Model("openai-compatible", "m", "http://127.0.0.1:4", "K", null, null, null), 6, MCP));
        assertEquals(List.of("goose", "run", "--text", "p", "--no-session", "--quiet", "--max-turns", "6", "--output-format", "json"),
                invocation.argv());
        assertEquals("http://127.0.0.1:4", invocation.environment().get("OPENAI_HOST"));
        String yaml = invocation.homeFiles().get(".config/goose/config.yaml");
        assertTrue(yaml.contains("GOOSE_PROVIDER: \"openai\"") && yaml.contains("GOOSE_MODE: auto") && yaml.contains("\"TOKEN\": \"t-123\"")
                && yaml.contains("type: streamable_http"), yaml);
        assertEquals("Goose ended without its JSON result", new GooseCli().parse("t1", "error: no provider\n").error());
    }
}
