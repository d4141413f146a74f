package io.manybot.core.team;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.manybot.core.declaration.Bot;
import io.manybot.core.repo.RepoPath;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A new bot as seed 000's quick start describes it ({@code manybot create NAME --goal … --kr … --owns … --reviewer …
 * [--parent BOT]}), and the files that declare it: a Goal and a Manybot in one YAML file of the declarations directory, and
 * for each owned directory an OWNERS file (manybot format) making the bot primary — with the parent bot, if any, as a
 * maintainer delegate and the reviewers required — so that the repository's own ownership gives the bot its paths.
 *
 * @param keyResults each as {@code <what> from <baseline> to <target>}, e.g. {@code coverage from 67% to 90%}
 * @param measurements scripts measuring the key results, in their order (fewer than the key results is fine)
 * @param owns directories (or globs ending in {@code /**}) the bot owns
 * @param parentGoal the parent bot's goal (the new goal's parent), or null
 * @param executor the executor type ({@code command} needs {@code command})
 * @param template the bot the new one takes its repository, tests and (for the same executor type) model, environment and
 *     timeout from — the parent —, or null
 */
public record BotDraft(String name, String objective, List<String> keyResults, List<String> measurements, List<String> owns,
        List<String> reviewers, String parent, String parentGoal, String executor, String command, LocalDate start, LocalDate deadline,
        Bot template) {

    private static final Pattern NAME = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern KR = Pattern.compile(
            "(?i)^\\s*(?<what>.*?)\\s+from\\s+(?<a>-?\\d+(?:\\.\\d+)?)\\s*(?<ua>[^\\s\\d][^\\s]*)?\\s+to\\s+(?<b>-?\\d+(?:\\.\\d+)?)\\s*(?<ub>[^\\s\\d][^\\s]*)?\\s*$");

    /** A draft that takes nothing from another bot. */
    public BotDraft(String name, String objective, List<String> keyResults, List<String> measurements, List<String> owns,
            List<String> reviewers, String parent, String parentGoal, String executor, String command, LocalDate start, LocalDate deadline) {
        this(name, objective, keyResults, measurements, owns, reviewers, parent, parentGoal, executor, command, start, deadline, null);
    }

    public BotDraft {
        keyResults = List.copyOf(keyResults);
        measurements = List.copyOf(measurements);
        owns = List.copyOf(owns);
        reviewers = List.copyOf(reviewers);
    }

    /** Every problem of the draft's own values (empty when it can be written), each naming the option to fix. */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (name == null || name.length() > 63 || !NAME.matcher(name).matches()) {
            problems.add("NAME '" + name + "' must be a DNS-1123 label: lower-case letters, digits and '-', at most 63 characters");
        }
        if (objective == null || objective.isBlank()) {
            problems.add("--goal is required: the objective, e.g. --goal \"Achieve comprehensive test coverage\"");
        }
        if (keyResults.isEmpty()) {
            problems.add("at least one --kr is required, e.g. --kr \"unit test coverage from 67% to 90%\"");
        }
        for (String kr : keyResults) {
            Matcher m = KR.matcher(kr);
            if (!m.matches() || m.group("what").isBlank()) {
                problems.add("--kr \"" + kr + "\": say it as '<what> from <baseline> to <target>', e.g. 'p99 latency from 800ms to 500ms'");
            } else if (Double.parseDouble(m.group("a")) == Double.parseDouble(m.group("b"))) {
                problems.add("--kr \"" + kr + "\": the target equals the baseline: nothing to achieve");
            }
        }
        if (measurements.size() > keyResults.size()) {
            problems.add("more --measure (" + measurements.size() + ") than --kr (" + keyResults.size() + "): each measures the key result of its position");
        }
        if (owns.isEmpty()) {
            problems.add("at least one --owns is required: a directory the bot owns, e.g. --owns src/api/");
        }
        for (String path : owns) {
            try {
                directory(path);
            } catch (IllegalArgumentException e) {
                problems.add("--owns " + path + ": " + e.getMessage());
            }
        }
        if ("command".equals(executor) && (command == null || command.isBlank())) {
            problems.add("--executor command needs --command, e.g. --command \"python3 scripts/fix.py\"");
        }
        if (!deadline.isAfter(start)) {
            problems.add("the deadline " + deadline + " must come after the start " + start);
        }
        return problems;
    }

    /** The files to write: repository-relative path → content. */
    public Map<String, byte[]> files(String declarationsDirectory) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put(declarationPath(declarationsDirectory), (goalYaml() + botYaml()).getBytes(StandardCharsets.UTF_8));
        for (String path : owns) {
            String dir = directory(path);
            files.put((dir.isEmpty() ? "" : dir + "/") + "OWNERS", owners().getBytes(StandardCharsets.UTF_8));
        }
        return files;
    }

    /** Where the Goal and the Manybot are declared: {@code <declarations>/<name>.yaml}. */
    public String declarationPath(String declarationsDirectory) {
        return declarationsDirectory + "/" + name + ".yaml";
    }

    /** The Goal as a YAML document (the cluster home takes it as a custom resource). */
    public String goalYaml() {
        return yaml(goal());
    }

    /** The Manybot as a YAML document. */
    public String botYaml() {
        return yaml(bot());
    }

    /** The directory an {@code --owns} value names ({@code src/api/}, {@code src/api}, {@code src/api/**}). */
    static String directory(String owns) {
        String text = owns.strip();
        if (text.endsWith("/**")) {
            text = text.substring(0, text.length() - 3);
        }
        while (text.endsWith("/")) {
            text = text.substring(0, text.length() - 1);
        }
        if (text.isEmpty() || text.equals(".")) {
            throw new IllegalArgumentException("give a directory below the repository's root (the root's OWNERS is not rewritten)");
        }
        if (text.contains("*") || text.contains("?") || text.contains("[")) {
            throw new IllegalArgumentException("give a directory (an OWNERS file is written there), not a pattern");
        }
        return RepoPath.normalize(text);
    }

    private ObjectNode goal() {
        ObjectNode root = header("Goal");
        ObjectNode spec = root.putObject("spec");
        spec.put("objective", objective.strip());
        spec.put("start", start.toString());
        spec.put("deadline", deadline.toString());
        if (parentGoal != null) {
            spec.put("parent", parentGoal);
        }
        ArrayNode krs = spec.putArray("keyResults");
        java.util.Set<String> names = new java.util.HashSet<>();
        for (int i = 0; i < keyResults.size(); i++) {
            Matcher m = KR.matcher(keyResults.get(i));
            if (!m.matches()) {
                throw new IllegalStateException("check problems() first: " + keyResults.get(i));
            }
            ObjectNode kr = krs.addObject();
            kr.put("name", unique(slug(m.group("what")), names));
            kr.put("description", keyResults.get(i).strip());
            double baseline = Double.parseDouble(m.group("a"));
            double target = Double.parseDouble(m.group("b"));
            number(kr, "baseline", baseline);
            number(kr, "target", target);
            String unit = m.group("ub") != null ? m.group("ub") : m.group("ua");
            if (unit != null) {
                kr.put("unit", unit);
            }
            kr.put("direction", target > baseline ? "increase" : "decrease");
            if (i < measurements.size()) {
                kr.putObject("measurement").put("script", measurements.get(i));
            }
        }
        return root;
    }

    private ObjectNode bot() {
        ObjectNode root = header("Manybot");
        ObjectNode spec = root.putObject("spec");
        spec.put("goal", name);
        ArrayNode globs = spec.putArray("owns");
        owns.forEach(path -> globs.add(directory(path) + "/**"));
        if (template != null && template.repository() != null) {
            repository(spec, template.repository());
        }
        ObjectNode exec = spec.putObject("executor");
        exec.put("type", executor);
        if (command != null && !command.isBlank()) {
            exec.putArray("command").add("sh").add("-c").add(command);
        }
        if (template != null && executor.equals(template.executor().type().name().toLowerCase(Locale.ROOT).replace('_', '-'))) {
            executorSettings(exec, template.executor());
        }
        if (template != null && template.tests() != null) {
            ObjectNode tests = spec.putObject("tests");
            ArrayNode list = tests.putArray("command");
            template.tests().command().forEach(list::add);
            if (template.tests().timeout() != null) {
                tests.put("timeout", seconds(template.tests().timeout()));
            }
        }
        if (!reviewers.isEmpty()) {
            ArrayNode list = spec.putArray("reviewers");
            reviewers.forEach(list::add);
        }
        if (parent != null) {
            spec.put("parent", parent);
        }
        return root;
    }

    private static void repository(ObjectNode spec, Bot.Repository from) {
        ObjectNode repo = JsonNodeFactory.instance.objectNode();
        putIf(repo, "url", from.url());
        if (from.url() != null || !Bot.Repository.DEFAULT_BRANCH.equals(from.branch())) {
            putIf(repo, "branch", from.branch());
        }
        putIf(repo, "credentialsSecret", from.credentialsSecret());
        Bot.ReviewHost review = from.review();
        putIf(repo, "host", review.host());
        putIf(repo, "apiUrl", review.apiUrl());
        putIf(repo, "tokenSecret", review.tokenSecret());
        putIf(repo, "tokenEnv", review.tokenEnv());
        putIf(repo, "tokenFile", review.tokenFile());
        if (!repo.isEmpty()) {
            spec.set("repository", repo);
        }
    }

    private static void executorSettings(ObjectNode exec, Bot.Executor from) {
        if (from.model() != null) {
            Bot.Model m = from.model();
            ObjectNode model = exec.putObject("model");
            putIf(model, "provider", m.provider());
            putIf(model, "name", m.name());
            putIf(model, "baseUrl", m.baseUrl());
            putIf(model, "apiKeyEnv", m.apiKeyEnv());
            putIf(model, "apiKeyFile", m.apiKeyFile());
            if (m.temperature() != null) {
                model.put("temperature", m.temperature());
            }
            if (m.maxTokens() != null) {
                model.put("maxTokens", m.maxTokens());
            }
        }
        if (!from.env().isEmpty()) {
            ObjectNode env = exec.putObject("env");
            new java.util.TreeMap<>(from.env()).forEach(env::put);
        }
        if (from.timeout() != null) {
            exec.put("timeout", seconds(from.timeout()));
        }
    }

    private static String seconds(java.time.Duration duration) {
        return Math.max(1, duration.toSeconds()) + "s";
    }

    private static void putIf(ObjectNode node, String field, String value) {
        if (value != null && !value.isBlank()) {
            node.put(field, value);
        }
    }

    private String owners() {
        StringBuilder text = new StringBuilder("# Written by manybot create " + name + "\nprimary: manybot:" + name + "\n");
        if (parent != null) {
            text.append("delegates:\n  - principal: manybot:").append(parent).append("\n    level: maintainer\n");
        }
        if (!reviewers.isEmpty()) {
            text.append("reviewers:\n  required:\n");
            reviewers.forEach(r -> text.append("    - ").append(r).append('\n'));
        }
        return text.toString();
    }

    private ObjectNode header(String kind) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("apiVersion", "manybot.io/v1alpha1");
        root.put("kind", kind);
        root.putObject("metadata").put("name", name);
        return root;
    }

    private static void number(ObjectNode node, String field, double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            node.put(field, (long) value);
        } else {
            node.put(field, value);
        }
    }

    static String slug(String text) {
        String slug = text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        if (slug.length() > 60) {
            slug = slug.substring(0, 60).replaceAll("-+$", "");
        }
        return slug.isEmpty() ? "kr" : slug;
    }

    private static String unique(String name, java.util.Set<String> taken) {
        String candidate = name;
        for (int n = 2; !taken.add(candidate); n++) {
            candidate = name + "-" + n;
        }
        return candidate;
    }

    private static String yaml(ObjectNode node) {
        try {
            return new YAMLMapper(new YAMLFactory().enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                    .disable(YAMLGenerator.Feature.SPLIT_LINES)).writeValueAsString(node);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
