package io.manybot.core.executor.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.manybot.core.cycle.ExecutedStep;
import io.manybot.core.cycle.TokenUsage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * OpenAI Codex ({@code @openai/codex}): {@code codex exec --json --skip-git-repo-check --sandbox workspace-write
 * [-m M] <prompt>}, its configuration in {@code $CODEX_HOME/config.toml} (in the throw-away HOME): a model provider
 * {@code manybot} with the model's {@code baseUrl} and {@code env_key = "OPENAI_API_KEY"} when a base URL is
 * declared, and the bot's MCP servers as {@code [mcp_servers.<name>]} tables.
 */
public final class CodexCli implements AgentCli {
    public static final String VERSION = "0.171.0";
    static final String CONFIG_FILE = ".codex/config.toml";

    @Override
    public String type() {
        return "codex";
    }

    @Override
    public String executable() {
        return "codex";
    }

    @Override
    public String installCommand() {
        return "npm install -g @openai/codex@" + VERSION;
    }

    @Override
    public String apiKeyVariable() {
        return "OPENAI_API_KEY";
    }

    @Override
    public List<String> providers() {
        return List.of("openai", "openai-compatible");
    }

    @Override
    public CliInvocation invocation(CliRun run) {
        List<String> argv = new ArrayList<>(List.of(run.executable(), "exec", "--json", "--skip-git-repo-check",
                "--sandbox", "workspace-write", "--cd", run.checkout().toString()));
        if (run.model() != null && run.model().name() != null && !run.model().name().isBlank()) {
            argv.addAll(List.of("-m", run.model().name()));
        }
        argv.add(run.prompt());
        Map<String, String> env = new LinkedHashMap<>();
        env.put("CODEX_HOME", run.home().resolve(".codex").toString());
        // Codex refuses to set up its own sandbox helper (codex-linux-sandbox) under the temporary directory, so
        // TMPDIR is a directory of the throw-away HOME beside (not above) CODEX_HOME
        env.put("TMPDIR", run.home().resolve("tmp").toString());
        return new CliInvocation(argv, env, Map.of(CONFIG_FILE, config(run)));
    }

    static String config(CliRun run) {
        StringBuilder toml = new StringBuilder();
        toml.append("approval_policy = \"never\"\n");
        if (run.model() != null && run.model().baseUrl() != null) {
            toml.append("model_provider = \"manybot\"\n\n[model_providers.manybot]\nname = \"manybot\"\n")
                    .append("base_url = ").append(Toml.string(run.model().baseUrl())).append('\n')
                    .append("env_key = \"OPENAI_API_KEY\"\nwire_api = \"responses\"\n")
                    .append("request_max_retries = 2\nstream_max_retries = 2\n");
        }
        if (run.mcp() != null) {
            for (McpConfig.Server server : run.mcp().servers()) {
                toml.append("\n[mcp_servers.").append(Toml.key(server.name())).append("]\n");
                if (server.stdio()) {
                    toml.append("command = ").append(Toml.string(server.command().get(0))).append('\n');
                    toml.append("args = ").append(Toml.array(server.command().subList(1, server.command().size()))).append('\n');
                    if (!server.environment().isEmpty()) {
                        toml.append("\n[mcp_servers.").append(Toml.key(server.name())).append(".env]\n");
                        server.environment().forEach((k, v) -> toml.append(Toml.key(k)).append(" = ").append(Toml.string(v)).append('\n'));
                    }
                } else {
                    toml.append("url = ").append(Toml.string(server.url())).append('\n');
                }
            }
        }
        return toml.toString();
    }

    /**
     * {@code codex exec --json} prints one event a line: {@code item.completed} with an item of type
     * {@code agent_message}, {@code command_execution}, {@code file_change} or {@code mcp_tool_call};
     * {@code turn.completed} with {@code usage}; {@code turn.failed} and {@code error} with a message.
     */
    @Override
    public CliReport parse(String taskId, String output) {
        List<ExecutedStep> steps = new ArrayList<>();
        Set<String> files = new LinkedHashSet<>();
        String finalMessage = null;
        TokenUsage tokens = TokenUsage.NONE;
        String error = null;
        boolean completed = false;
        for (JsonNode line : JsonLines.read(output)) {
            switch (line.path("type").asText()) {
                case "item.completed" -> {
                    JsonNode item = line.path("item");
                    String kind = item.path("type").asText(item.path("item_type").asText());
                    boolean ok = !item.path("status").asText("completed").equals("failed");
                    switch (kind) {
                        case "agent_message", "assistant_message" -> finalMessage = item.path("text").asText();
                        case "command_execution" -> steps.add(new ExecutedStep(taskId, "tool", "shell " + item.path("command").asText(),
                                item.path("exit_code").isNumber() ? item.path("exit_code").asInt() : null, ok,
                                item.path("aggregated_output").asText(""), 0));
                        case "file_change" -> {
                            List<String> paths = new ArrayList<>();
                            for (JsonNode change : item.path("changes")) {
                                paths.add(change.path("kind").asText("update") + " " + change.path("path").asText());
                                files.add(change.path("path").asText());
                            }
                            steps.add(new ExecutedStep(taskId, "tool", "apply_patch " + String.join(", ", paths), null, ok, "", 0));
                        }
                        case "mcp_tool_call" -> steps.add(new ExecutedStep(taskId, "tool",
                                "mcp " + item.path("server").asText() + "." + item.path("tool").asText(), null, ok, "", 0));
                        default -> {
                            // reasoning, todo lists, web searches: not steps
                        }
                    }
                }
                case "turn.completed" -> {
                    completed = true;
                    JsonNode usage = line.path("usage");
                    tokens = tokens.plus(new TokenUsage(usage.path("input_tokens").asLong(0), usage.path("output_tokens").asLong(0)));
                }
                case "turn.failed" -> error = line.path("error").path("message").asText("the turn failed");
                case "error" -> error = line.path("message").asText("error");
                default -> {
                    // thread.started, turn.started, item.started, item.updated
                }
            }
        }
        if (!completed && error == null) {
            error = "Codex ended without completing its turn";
        }
        return new CliReport(steps, files, finalMessage, tokens, completed ? null : error);
    }
}
