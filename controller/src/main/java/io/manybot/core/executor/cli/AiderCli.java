package io.manybot.core.executor.cli;

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
 * Aider ({@code aider-chat}, from PyPI): {@code aider --message <prompt> --yes-always --no-auto-commits
 * --no-dirty-commits --no-gitignore --no-pretty --no-stream --no-check-update --no-analytics --no-show-model-warnings
 * --map-tokens 0 --chat-history-file … --input-history-file … [--model M]}: one message, then it exits; Manybot commits
 * (not Aider), and its history files go to the throw-away HOME, not the checkout. The key is {@code ANTHROPIC_API_KEY}
 * for {@code anthropic}, else {@code OPENAI_API_KEY}; a model's {@code baseUrl} becomes {@code OPENAI_API_BASE} (for
 * {@code openai}, {@code openai-compatible} and {@code ollama}). Aider prints text, not JSON: "Applied edit to PATH"
 * lines are its edits and "Tokens: N sent, M received." its usage. It has no turn limit and no MCP client.
 */
public final class AiderCli implements AgentCli {
    /** The version whose documented flags this build uses; PyPI is not reachable here, so it is not installed by CI. */
    public static final String VERSION = "0.86.1";
    private static final Pattern APPLIED = Pattern.compile("^Applied edit to (.+)$", Pattern.MULTILINE);
    private static final Pattern TOKENS = Pattern.compile("Tokens: ([0-9.]+)([kKmM]?) sent(?:, [0-9.]+[kKmM]? cache \\w+)*, ([0-9.]+)([kKmM]?) received");

    @Override
    public String type() {
        return "aider";
    }

    @Override
    public String executable() {
        return "aider";
    }

    @Override
    public String installCommand() {
        return "python3 -m pip install aider-chat==" + VERSION;
    }

    @Override
    public String apiKeyVariable() {
        return "OPENAI_API_KEY";
    }

    @Override
    public String apiKeyVariable(Bot.Model model) {
        return model != null && "anthropic".equals(model.provider()) ? "ANTHROPIC_API_KEY" : "OPENAI_API_KEY";
    }

    @Override
    public List<String> providers() {
        return List.of("anthropic", "openai", "openai-compatible", "ollama");
    }

    @Override
    public CliInvocation invocation(CliRun run) {
        List<String> argv = new ArrayList<>(List.of(run.executable(), "--message", run.prompt(), "--yes-always", "--no-auto-commits",
                "--no-dirty-commits", "--no-gitignore", "--no-pretty", "--no-stream", "--no-check-update", "--no-analytics",
                "--no-show-model-warnings", "--map-tokens", "0",
                "--chat-history-file", run.home().resolve(".aider.chat.history.md").toString(),
                "--input-history-file", run.home().resolve(".aider.input.history").toString()));
        Bot.Model model = run.model();
        if (model != null && model.name() != null && !model.name().isBlank()) {
            boolean compatible = "openai-compatible".equals(model.provider()) || "ollama".equals(model.provider());
            argv.addAll(List.of("--model", (compatible ? "openai/" : "") + model.name()));
        }
        Map<String, String> env = new LinkedHashMap<>();
        if (model != null && !"anthropic".equals(model.provider())) {
            String baseUrl = model.baseUrl() != null ? model.baseUrl() : "ollama".equals(model.provider()) ? "http://127.0.0.1:11434/v1" : null;
            if (baseUrl != null) {
                env.put("OPENAI_API_BASE", baseUrl);
            }
        }
        return new CliInvocation(argv, env, Map.of());
    }

    @Override
    public CliReport parse(String taskId, String output) {
        List<ExecutedStep> steps = new ArrayList<>();
        Set<String> files = new LinkedHashSet<>();
        Matcher applied = APPLIED.matcher(output);
        while (applied.find()) {
            String path = applied.group(1).strip();
            files.add(path);
            steps.add(new ExecutedStep(taskId, "tool", "edit " + path, null, true, "", 0));
        }
        TokenUsage tokens = TokenUsage.NONE;
        Matcher used = TOKENS.matcher(output);
        while (used.find()) {
            tokens = tokens.plus(new TokenUsage(count(used.group(1), used.group(2)), count(used.group(3), used.group(4))));
        }
        StringBuilder message = new StringBuilder();
        for (String line : output.split("\n")) {
            if (!line.startsWith("Applied edit to ") && !TOKENS.matcher(line).find() && !line.isBlank()) {
                message.append(line).append('\n');
            }
        }
        return new CliReport(steps, files, message.isEmpty() ? null : message.toString().strip(), tokens, null);
    }

    /** "2.3k" → 2300, "1.1M" → 1100000, as Aider abbreviates. */
    static long count(String number, String unit) {
        double value = Double.parseDouble(number);
        double scale = switch (unit.toLowerCase(java.util.Locale.ROOT)) {
            case "k" -> 1_000;
            case "m" -> 1_000_000;
            default -> 1;
        };
        return Math.round(value * scale);
    }
}
