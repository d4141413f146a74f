package io.manybot.core.executor.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.manybot.core.cycle.ExecutedStep;
import io.manybot.core.cycle.TokenUsage;
import io.manybot.core.declaration.Bot;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * OpenCode ({@code opencode-ai}): {@code opencode run --format json [-m provider/model] <prompt>} in the checkout, its
 * configuration in the file {@code OPENCODE_CONFIG} names (in the throw-away HOME): edits allowed, shell commands and web
 * fetches denied, no sharing or auto-update, the turn limit as the build agent's {@code steps}, the model's
 * {@code baseUrl} as its provider's {@code options.baseURL} ({@code openai-compatible} and {@code ollama} as a provider
 * {@code manybot} of the {@code @ai-sdk/openai-compatible} kind), and the bot's MCP servers under {@code mcp}. The key is
 * the provider's own variable ({@code ANTHROPIC_API_KEY}, {@code GOOGLE_GENERATIVE_AI_API_KEY}, else
 * {@code OPENAI_API_KEY}).
 */
public final class OpenCodeCli implements AgentCli {
    public static final String VERSION = "1.18.33";
    static final String CONFIG_FILE = ".manybot/opencode.json";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> EDIT_TOOLS = Set.of("edit", "write", "patch", "multiedit");
    private static final Pattern PATCHED = Pattern.compile("^\\*\\*\\* (?:Add|Update|Delete) File: (.+)$", Pattern.MULTILINE);

    @Override
    public String type() {
        return "opencode";
    }

    @Override
    public String executable() {
        return "opencode";
    }

    @Override
    public String installCommand() {
        return "npm install -g opencode-ai@" + VERSION;
    }

    @Override
    public String apiKeyVariable() {
        return "OPENAI_API_KEY";
    }

    @Override
    public String apiKeyVariable(Bot.Model model) {
        String provider = model == null || model.provider() == null ? "" : model.provider();
        return switch (provider) {
            case "anthropic" -> "ANTHROPIC_API_KEY";
            case "google" -> "GOOGLE_GENERATIVE_AI_API_KEY";
            default -> "OPENAI_API_KEY";
        };
    }

    @Override
    public List<String> providers() {
        return List.of("anthropic", "openai", "openai-compatible", "ollama", "google");
    }

    @Override
    public CliInvocation invocation(CliRun run) {
        List<String> argv = new ArrayList<>(List.of(run.executable(), "run", "--format", "json"));
        if (run.model() != null && run.model().name() != null && !run.model().name().isBlank()) {
            argv.addAll(List.of("-m", providerId(run.model()) + "/" + run.model().name()));
        }
        argv.add(run.prompt());
        Map<String, String> env = new LinkedHashMap<>();
        env.put("OPENCODE_CONFIG", run.home().resolve(CONFIG_FILE).toString());
        env.put("OPENCODE_DISABLE_AUTOUPDATE", "true");
        return new CliInvocation(argv, env, Map.of(CONFIG_FILE, config(run)));
    }

    /** {@code openai-compatible} and {@code ollama} become OpenCode's custom provider {@code manybot}. */
    static String providerId(Bot.Model model) {
        return switch (model.provider() == null ? "" : model.provider()) {
            case "openai-compatible", "ollama" -> "manybot";
            case "" -> "openai";
            default -> model.provider();
        };
    }

    static String config(CliRun run) {
        ObjectNode root = JSON.createObjectNode();
        root.put("$schema", "https://opencode.ai/config.json");
        root.put("autoupdate", false);
        root.put("share", "disabled");
        root.putObject("permission").put("edit", "allow").put("bash", "deny").put("webfetch", "deny");
        root.putObject("agent").putObject("build").put("steps", run.maxTurns());
        Bot.Model model = run.model();
        if (model != null && model.name() != null) {
            String id = providerId(model);
            if (id.equals("manybot")) {
                ObjectNode provider = root.putObject("provider").putObject("manybot");
                provider.put("npm", "@ai-sdk/openai-compatible").put("name", "manybot");
                String baseUrl = model.baseUrl() != null ? model.baseUrl() : "http://127.0.0.1:11434/v1";
                provider.putObject("options").put("baseURL", baseUrl).put("apiKey", "{env:OPENAI_API_KEY}");
                provider.putObject("models").putObject(model.name()).put("name", model.name());
            } else if (model.baseUrl() != null) {
                root.putObject("provider").putObject(id).putObject("options").put("baseURL", model.baseUrl());
            }
        }
        if (run.mcp() != null && !run.mcp().isEmpty()) {
            ObjectNode servers = root.putObject("mcp");
            for (McpConfig.Server server : run.mcp().servers()) {
                ObjectNode node = servers.putObject(server.name());
                if (server.stdio()) {
                    node.put("type", "local");
                    server.command().forEach(node.putArray("command")::add);
                    ObjectNode env = node.putObject("environment");
                    server.environment().forEach(env::put);
                } else {
                    node.put("type", "remote").put("url", server.url());
                }
                node.put("enabled", true);
            }
        }
        return root.toPrettyString();
    }

    /**
     * {@code --format json} prints one event a line, each with a {@code part}: {@code tool_use} (a finished tool call:
     * {@code tool}, {@code state.status}, {@code state.input}, {@code state.output} or {@code state.error}), {@code text}
     * (the agent's text), {@code step_finish} ({@code tokens.input}, {@code tokens.output}, {@code tokens.cache}), and
     * {@code error} ({@code error.data.message} or {@code error.name}).
     */
    @Override
    public CliReport parse(String taskId, String output) {
        List<ExecutedStep> steps = new ArrayList<>();
        Set<String> files = new LinkedHashSet<>();
        String finalMessage = null;
        TokenUsage tokens = TokenUsage.NONE;
        String error = null;
        boolean finishedStep = false;
        for (JsonNode line : JsonLines.read(output)) {
            JsonNode part = line.path("part");
            switch (line.path("type").asText()) {
                case "tool_use" -> {
                    String tool = part.path("tool").asText();
                    JsonNode state = part.path("state");
                    JsonNode input = state.path("input");
                    String path = input.path("filePath").asText(input.path("path").asText(null));
                    boolean ok = !state.path("status").asText("completed").equals("error");
                    if (path != null && ok && EDIT_TOOLS.contains(tool)) {
                        files.add(path);
                    }
                    if (tool.equals("apply_patch")) {
                        Matcher patched = PATCHED.matcher(input.path("patchText").asText(""));
                        List<String> paths = new ArrayList<>();
                        while (patched.find()) {
                            paths.add(patched.group(1).strip());
                        }
                        if (ok) {
                            files.addAll(paths);
                        }
                        path = paths.isEmpty() ? null : String.join(", ", paths);
                    }
                    String described = tool.equals("bash") ? "bash " + input.path("command").asText() : tool + (path != null ? " " + path : "");
                    steps.add(new ExecutedStep(taskId, "tool", described, null, ok,
                            ok ? state.path("output").asText("") : state.path("error").asText(""), 0));
                }
                case "text" -> finalMessage = part.path("text").asText(finalMessage);
                case "step_finish" -> {
                    finishedStep = true;
                    JsonNode used = part.path("tokens");
                    tokens = tokens.plus(new TokenUsage(used.path("input").asLong(0) + used.path("cache").path("read").asLong(0)
                            + used.path("cache").path("write").asLong(0), used.path("output").asLong(0) + used.path("reasoning").asLong(0)));
                }
                case "error" -> {
                    JsonNode cause = line.path("error");
                    error = cause.path("data").path("message").asText(cause.path("name").asText("error"));
                }
                default -> {
                    // step_start, reasoning
                }
            }
        }
        if (error == null && !finishedStep) {
            error = "OpenCode ended without finishing a step";
        }
        return new CliReport(steps, files, finalMessage, tokens, error);
    }
}
