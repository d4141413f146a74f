package io.manybot.core.executor.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.manybot.core.cycle.ExecutedStep;
import io.manybot.core.cycle.TokenUsage;
import io.manybot.core.declaration.Bot;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Goose (Block's {@code goose} CLI, a release binary): {@code goose run --text <prompt> --no-session --quiet --max-turns N
 * --output-format json}, its configuration in {@code $XDG_CONFIG_HOME/goose/config.yaml} (in the throw-away HOME): the
 * provider and model ({@code GOOSE_PROVIDER}, {@code GOOSE_MODEL}), {@code GOOSE_MODE: auto} (no one answers approvals
 * in a headless run; the confinement bounds it), the {@code developer} built-in and the bot's MCP servers as extensions
 * (their credentials in the file, never on the command line). The key is the provider's variable; a model's
 * {@code baseUrl} becomes {@code OPENAI_HOST} or {@code ANTHROPIC_HOST}. Its JSON is {@code {"messages": [...],
 * "metadata": {...}}}: assistant messages with {@code text} and {@code toolRequest} content, the metadata with the tokens.
 */
public final class GooseCli implements AgentCli {
    /** The version whose documented flags this build uses; its release binary is not on a registry here, so CI does not install it. */
    public static final String VERSION = "1.50.0";
    static final String CONFIG_FILE = ".config/goose/config.yaml";
    private static final Set<String> EDIT_COMMANDS = Set.of("write", "str_replace", "insert", "edit");

    @Override
    public String type() {
        return "goose";
    }

    @Override
    public String executable() {
        return "goose";
    }

    @Override
    public String installCommand() {
        return "download goose " + VERSION + " from its releases (github.com/block/goose) and put `goose` on the PATH";
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
            case "google" -> "GOOGLE_API_KEY";
            default -> "OPENAI_API_KEY";
        };
    }

    @Override
    public List<String> providers() {
        return List.of("anthropic", "openai", "openai-compatible", "ollama", "google");
    }

    @Override
    public CliInvocation invocation(CliRun run) {
        List<String> argv = new ArrayList<>(List.of(run.executable(), "run", "--text", run.prompt(), "--no-session", "--quiet",
                "--max-turns", Integer.toString(run.maxTurns()), "--output-format", "json"));
        Map<String, String> env = new LinkedHashMap<>();
        Bot.Model model = run.model();
        if (model != null && model.baseUrl() != null) {
            env.put("anthropic".equals(model.provider()) ? "ANTHROPIC_HOST" : "OPENAI_HOST", model.baseUrl());
        }
        return new CliInvocation(argv, env, Map.of(CONFIG_FILE, config(run)));
    }

    static String config(CliRun run) {
        StringBuilder yaml = new StringBuilder();
        Bot.Model model = run.model();
        if (model != null && model.provider() != null) {
            String provider = switch (model.provider()) {
                case "openai-compatible" -> "openai";
                default -> model.provider();
            };
            yaml.append("GOOSE_PROVIDER: ").append(quoted(provider)).append('\n');
        }
        if (model != null && model.name() != null) {
            yaml.append("GOOSE_MODEL: ").append(quoted(model.name())).append('\n');
        }
        yaml.append("GOOSE_MODE: auto\nextensions:\n");
        yaml.append("  developer:\n    type: builtin\n    name: developer\n    enabled: true\n    timeout: 300\n");
        if (run.mcp() != null) {
            for (McpConfig.Server server : run.mcp().servers()) {
                yaml.append("  ").append(quoted(server.name())).append(":\n    name: ").append(quoted(server.name()))
                        .append("\n    enabled: true\n    timeout: 300\n");
                if (server.stdio()) {
                    yaml.append("    type: stdio\n    cmd: ").append(quoted(server.command().get(0))).append("\n    args: [");
                    List<String> args = server.command().subList(1, server.command().size());
                    for (int i = 0; i < args.size(); i++) {
                        yaml.append(i == 0 ? "" : ", ").append(quoted(args.get(i)));
                    }
                    yaml.append("]\n    envs:\n");
                    server.environment().forEach((k, v) -> yaml.append("      ").append(quoted(k)).append(": ").append(quoted(v)).append('\n'));
                } else {
                    yaml.append("    type: streamable_http\n    uri: ").append(quoted(server.url())).append('\n');
                }
            }
        }
        return yaml.toString();
    }

    /** Goose prints one JSON document, pretty-printed or on one line, possibly after log lines. */
    private static List<JsonNode> documents(String output) {
        int start = output.startsWith("{") ? 0 : output.indexOf("\n{");
        if (start >= 0) {
            try {
                JsonNode whole = new com.fasterxml.jackson.databind.ObjectMapper().readTree(output.substring(start).strip());
                if (whole != null && whole.isObject()) {
                    return List.of(whole);
                }
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                // not one document: read it line by line
            }
        }
        return JsonLines.read(output);
    }

    /** A YAML double-quoted scalar (JSON string syntax is valid YAML). */
    private static String quoted(String value) {
        return Toml.string(value);
    }

    @Override
    public CliReport parse(String taskId, String output) {
        List<ExecutedStep> steps = new ArrayList<>();
        Set<String> files = new LinkedHashSet<>();
        String finalMessage = null;
        TokenUsage tokens = TokenUsage.NONE;
        String error = null;
        boolean sawMetadata = false;
        for (JsonNode document : documents(output)) {
            for (JsonNode message : document.path("messages")) {
                if (!message.path("role").asText().equals("assistant")) {
                    continue;
                }
                StringBuilder text = new StringBuilder();
                for (JsonNode content : message.path("content")) {
                    switch (content.path("type").asText()) {
                        case "text" -> text.append(content.path("text").asText());
                        case "toolRequest" -> {
                            JsonNode call = content.path("toolCall").path("value");
                            String name = call.path("name").asText(content.path("toolCall").path("name").asText("tool"));
                            JsonNode arguments = call.path("arguments");
                            String path = arguments.path("path").asText(null);
                            if (path != null && EDIT_COMMANDS.contains(arguments.path("command").asText())) {
                                files.add(path);
                            }
                            String command = arguments.path("command").asText("");
                            steps.add(new ExecutedStep(taskId, "tool", name + (command.isEmpty() ? "" : " " + command)
                                    + (path != null ? " " + path : ""), null, !content.path("toolCall").has("error"), "", 0));
                        }
                        default -> {
                            // thinking, tool responses
                        }
                    }
                }
                if (!text.isEmpty()) {
                    finalMessage = text.toString();
                }
            }
            JsonNode metadata = document.path("metadata");
            if (metadata.isObject()) {
                sawMetadata = true;
                long input = metadata.path("input_tokens").asLong(0);
                long outputTokens = metadata.path("output_tokens").asLong(0);
                tokens = tokens.plus(input + outputTokens > 0 ? new TokenUsage(input, outputTokens)
                        : new TokenUsage(metadata.path("total_tokens").asLong(0), 0));
                String status = metadata.path("status").asText("completed");
                if (!status.equals("completed")) {
                    error = metadata.path("error").asText(status);
                }
            }
        }
        if (!sawMetadata) {
            error = "Goose ended without its JSON result";
        }
        return new CliReport(steps, files, finalMessage, tokens, error);
    }
}
