package io.manybot.core.executor.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.manybot.core.cycle.ExecutedStep;
import io.manybot.core.cycle.TokenUsage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Claude Code ({@code @anthropic-ai/claude-code}): {@code claude -p <prompt> --output-format stream-json --verbose
 * --permission-mode acceptEdits --max-turns N [--model M] [--mcp-config <file> --strict-mcp-config]}. The key is
 * {@code ANTHROPIC_API_KEY}; a model's {@code baseUrl} becomes {@code ANTHROPIC_BASE_URL}. {@code acceptEdits}
 * lets it edit files without asking; commands it wants to run are denied in print mode (no one answers).
 */
public final class ClaudeCodeCli implements AgentCli {
    public static final String VERSION = "2.1.332";
    static final String MCP_FILE = ".manybot/mcp.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public String type() {
        return "claude-code";
    }

    @Override
    public String executable() {
        return "claude";
    }

    @Override
    public String installCommand() {
        return "npm install -g @anthropic-ai/claude-code@" + VERSION;
    }

    @Override
    public String apiKeyVariable() {
        return "ANTHROPIC_API_KEY";
    }

    @Override
    public List<String> providers() {
        return List.of("anthropic");
    }

    @Override
    public CliInvocation invocation(CliRun run) {
        List<String> argv = new ArrayList<>(List.of(run.executable(), "-p", run.prompt(), "--output-format", "stream-json", "--verbose",
                "--permission-mode", "acceptEdits", "--max-turns", Integer.toString(run.maxTurns())));
        if (run.model() != null && run.model().name() != null && !run.model().name().isBlank()) {
            argv.addAll(List.of("--model", run.model().name()));
        }
        Map<String, String> files = new LinkedHashMap<>();
        if (run.mcp() != null && !run.mcp().isEmpty()) {
            String path = run.home().resolve(MCP_FILE).toString();
            files.put(MCP_FILE, mcpJson(run.mcp()));
            argv.addAll(List.of("--mcp-config", path, "--strict-mcp-config"));
            // print mode has no one to answer permission prompts: the bot's own MCP servers are allowed by name
            argv.add("--allowedTools");
            run.mcp().servers().forEach(server -> argv.add("mcp__" + server.name()));
        }
        Map<String, String> env = new LinkedHashMap<>();
        env.put("CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC", "1");
        env.put("DISABLE_AUTOUPDATER", "1");
        env.put("DISABLE_TELEMETRY", "1");
        env.put("CLAUDE_CODE_MAX_RETRIES", "2");
        if (run.model() != null && run.model().baseUrl() != null) {
            env.put("ANTHROPIC_BASE_URL", run.model().baseUrl());
        }
        return new CliInvocation(argv, env, files);
    }

    /** Claude Code's {@code --mcp-config} file: {@code {"mcpServers": {name: {command, args, env} | {type: "http", url}}}}. */
    static String mcpJson(McpConfig mcp) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode servers = root.putObject("mcpServers");
        for (McpConfig.Server server : mcp.servers()) {
            ObjectNode node = servers.putObject(server.name());
            if (server.stdio()) {
                node.put("command", server.command().get(0));
                server.command().subList(1, server.command().size()).forEach(node.putArray("args")::add);
                ObjectNode env = node.putObject("env");
                server.environment().forEach(env::put);
            } else {
                node.put("type", "http");
                node.put("url", server.url());
            }
        }
        return root.toPrettyString();
    }

    /**
     * Stream-JSON is one JSON object a line: {@code assistant} messages carry {@code tool_use} blocks (name and input),
     * the closing {@code result} line the final text, {@code usage} and whether it is an error.
     */
    @Override
    public CliReport parse(String taskId, String output) {
        List<ExecutedStep> steps = new ArrayList<>();
        Set<String> files = new LinkedHashSet<>();
        String finalMessage = null;
        String lastText = null;
        TokenUsage tokens = TokenUsage.NONE;
        TokenUsage streamed = TokenUsage.NONE;
        String error = null;
        boolean sawResult = false;
        for (JsonNode line : JsonLines.read(output)) {
            String type = line.path("type").asText();
            if (type.equals("assistant")) {
                JsonNode message = line.path("message");
                for (JsonNode block : message.path("content")) {
                    if (block.path("type").asText().equals("tool_use")) {
                        String name = block.path("name").asText();
                        JsonNode input = block.path("input");
                        String path = input.path("file_path").asText(input.path("notebook_path").asText(null));
                        if (path != null && EDIT_TOOLS.contains(name)) {
                            files.add(path);
                        }
                        steps.add(new ExecutedStep(taskId, "tool", name + (path != null ? " " + path : describe(input)), null, true, "", 0));
                    } else if (block.path("type").asText().equals("text")) {
                        lastText = block.path("text").asText();
                    }
                }
            } else if (type.equals("user")) {
                for (JsonNode block : line.path("message").path("content")) {
                    if (block.path("type").asText().equals("tool_result") && block.path("is_error").asBoolean(false) && !steps.isEmpty()) {
                        ExecutedStep last = steps.remove(steps.size() - 1);
                        steps.add(new ExecutedStep(last.task(), last.kind(), last.description(), null, false,
                                JsonLines.text(block.path("content")), 0));
                    }
                }
            } else if (type.equals("result")) {
                sawResult = true;
                finalMessage = line.path("result").isTextual() ? line.path("result").asText() : null;
                tokens = usage(line.path("usage"));
                if (line.path("is_error").asBoolean(false) || !line.path("subtype").asText("success").equals("success")) {
                    error = line.path("subtype").asText("error") + (finalMessage != null ? ": " + finalMessage : "")
                            + (line.has("terminal_reason") ? " (" + line.path("terminal_reason").asText() + ")" : "");
                }
            }
        }
        if (!sawResult) {
            error = "Claude Code ended without a result line";
        }
        return new CliReport(steps, files, finalMessage != null ? finalMessage : lastText, tokens.total() > 0 ? tokens : streamed, error);
    }

    /**
     * Claude Code's usage as it streams: each {@code assistant} line carries its API message's {@code usage} (a message of
     * several blocks comes as several lines with the same {@code id} before the {@code user} line answering it: counted
     * once), and the closing {@code result} line the run's total, which then stands.
     */
    @Override
    public UsageMeter meter() {
        return new UsageMeter() {
            private TokenUsage earlier = TokenUsage.NONE;
            private TokenUsage current = TokenUsage.NONE;
            private String currentId;
            private TokenUsage result;

            @Override
            public TokenUsage line(String text) {
                List<JsonNode> lines = JsonLines.read(text);
                if (!lines.isEmpty()) {
                    JsonNode line = lines.get(0);
                    switch (line.path("type").asText()) {
                        case "assistant" -> {
                            JsonNode message = line.path("message");
                            String id = message.path("id").asText(null);
                            if (currentId == null || !currentId.equals(id)) {
                                earlier = earlier.plus(current);
                            }
                            currentId = id;
                            current = usage(message.path("usage"));
                        }
                        case "user" -> currentId = null;
                        case "result" -> result = usage(line.path("usage"));
                        default -> {
                            // system lines carry no usage
                        }
                    }
                }
                return result != null ? result : earlier.plus(current);
            }
        };
    }

    private static final Set<String> EDIT_TOOLS = Set.of("Write", "Edit", "MultiEdit", "NotebookEdit");

    static TokenUsage usage(JsonNode usage) {
        long input = usage.path("input_tokens").asLong(0) + usage.path("cache_creation_input_tokens").asLong(0)
                + usage.path("cache_read_input_tokens").asLong(0);
        return new TokenUsage(input, usage.path("output_tokens").asLong(0));
    }

    private static String describe(JsonNode input) {
        String text = input.isMissingNode() || input.isEmpty() ? "" : " " + input;
        return text.length() > 200 ? text.substring(0, 200) + "…" : text;
    }
}
