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
 * Google's Gemini CLI ({@code @google/gemini-cli}): {@code gemini -p <prompt> --output-format stream-json
 * --approval-mode auto_edit --skip-trust [-m M]}, its settings in {@code $HOME/.gemini/settings.json} (API-key
 * authentication, the turn limit as {@code model.maxSessionTurns}, no usage statistics, the bot's MCP servers). The key
 * is {@code GEMINI_API_KEY}; a model's {@code baseUrl} becomes {@code GOOGLE_GEMINI_BASE_URL}. {@code auto_edit} lets it
 * edit files without asking; shell commands need an approval no one gives in headless mode.
 */
public final class GeminiCli implements AgentCli {
    public static final String VERSION = "0.61.0";
    static final String SETTINGS_FILE = ".gemini/settings.json";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> EDIT_TOOLS = Set.of("write_file", "replace", "edit");

    @Override
    public String type() {
        return "gemini";
    }

    @Override
    public String executable() {
        return "gemini";
    }

    @Override
    public String installCommand() {
        return "npm install -g @google/gemini-cli@" + VERSION;
    }

    @Override
    public String apiKeyVariable() {
        return "GEMINI_API_KEY";
    }

    @Override
    public List<String> providers() {
        return List.of("google");
    }

    @Override
    public CliInvocation invocation(CliRun run) {
        List<String> argv = new ArrayList<>(List.of(run.executable(), "-p", run.prompt(), "--output-format", "stream-json",
                "--approval-mode", "auto_edit", "--skip-trust"));
        if (run.model() != null && run.model().name() != null && !run.model().name().isBlank()) {
            argv.addAll(List.of("-m", run.model().name()));
        }
        if (run.mcp() != null && !run.mcp().isEmpty()) {
            argv.add("--allowed-mcp-server-names");
            run.mcp().servers().forEach(server -> argv.add(server.name()));
        }
        Map<String, String> env = new LinkedHashMap<>();
        env.put("GEMINI_CLI_NO_RELAUNCH", "true");
        if (run.model() != null && run.model().baseUrl() != null) {
            env.put("GOOGLE_GEMINI_BASE_URL", run.model().baseUrl());
        }
        return new CliInvocation(argv, env, Map.of(SETTINGS_FILE, settings(run)));
    }

    static String settings(CliRun run) {
        ObjectNode root = JSON.createObjectNode();
        root.putObject("security").putObject("auth").put("selectedType", "gemini-api-key");
        root.putObject("model").put("maxSessionTurns", run.maxTurns());
        root.putObject("privacy").put("usageStatisticsEnabled", false);
        root.putObject("general").put("disableAutoUpdate", true).put("disableUpdateNag", true);
        if (run.mcp() != null && !run.mcp().isEmpty()) {
            ObjectNode servers = root.putObject("mcpServers");
            for (McpConfig.Server server : run.mcp().servers()) {
                ObjectNode node = servers.putObject(server.name());
                if (server.stdio()) {
                    node.put("command", server.command().get(0));
                    server.command().subList(1, server.command().size()).forEach(node.putArray("args")::add);
                    ObjectNode env = node.putObject("env");
                    server.environment().forEach(env::put);
                } else {
                    node.put("httpUrl", server.url());
                }
            }
        }
        return root.toPrettyString();
    }

    /**
     * Stream-JSON is one event a line: {@code tool_use} (tool_name, tool_id, parameters), {@code tool_result} (tool_id,
     * status, output, error), {@code message} (assistant text, in deltas), {@code error}, and the closing {@code result}
     * with its status and {@code stats} (input_tokens, output_tokens).
     */
    @Override
    public CliReport parse(String taskId, String output) {
        List<ExecutedStep> steps = new ArrayList<>();
        Map<String, Integer> stepOfTool = new LinkedHashMap<>();
        Set<String> files = new LinkedHashSet<>();
        StringBuilder text = new StringBuilder();
        TokenUsage tokens = TokenUsage.NONE;
        String error = null;
        boolean sawResult = false;
        for (JsonNode line : JsonLines.read(output)) {
            switch (line.path("type").asText()) {
                case "tool_use" -> {
                    String name = line.path("tool_name").asText();
                    JsonNode parameters = line.path("parameters");
                    String path = parameters.path("file_path").asText(parameters.path("absolute_path").asText(null));
                    if (path != null && EDIT_TOOLS.contains(name)) {
                        files.add(path);
                    }
                    stepOfTool.put(line.path("tool_id").asText(), steps.size());
                    steps.add(new ExecutedStep(taskId, "tool", name + (path != null ? " " + path : describe(parameters)), null, true, "", 0));
                    text.setLength(0);
                }
                case "tool_result" -> {
                    Integer index = stepOfTool.get(line.path("tool_id").asText());
                    if (index != null && line.path("status").asText("success").equals("error")) {
                        ExecutedStep step = steps.get(index);
                        steps.set(index, new ExecutedStep(step.task(), step.kind(), step.description(), null, false,
                                line.path("error").path("message").asText(line.path("output").asText("")), 0));
                    }
                }
                case "message" -> {
                    if (line.path("role").asText().equals("assistant")) {
                        if (!line.path("delta").asBoolean(false)) {
                            text.setLength(0);
                        }
                        text.append(JsonLines.text(line.path("content")));
                    }
                }
                case "error" -> error = line.path("message").asText("error");
                case "result" -> {
                    sawResult = true;
                    JsonNode stats = line.path("stats");
                    tokens = new TokenUsage(stats.path("input_tokens").asLong(0), stats.path("output_tokens").asLong(0));
                    // an error event before a successful result was recovered from (a retried request)
                    error = line.path("status").asText("success").equals("success") ? null
                            : line.path("error").path("message").asText(error != null ? error : line.path("status").asText());
                }
                default -> {
                    // init: the session and model
                }
            }
        }
        if (!sawResult) {
            error = error != null ? error : "Gemini CLI ended without a result line";
        }
        return new CliReport(steps, files, text.isEmpty() ? null : text.toString(), tokens, error);
    }

    private static String describe(JsonNode input) {
        String text = input.isMissingNode() || input.isEmpty() ? "" : " " + input;
        return text.length() > 200 ? text.substring(0, 200) + "…" : text;
    }
}
