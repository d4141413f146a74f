package io.manybot.core.declaration;

import com.fasterxml.jackson.databind.JsonNode;
import io.manybot.core.problem.Problem;
import io.manybot.core.problem.SourceLocation;
import io.manybot.core.repo.FileTooLargeException;
import io.manybot.core.repo.PathRefusedException;
import io.manybot.core.repo.RepoPath;
import io.manybot.core.repo.RepositoryTree;
import io.manybot.core.schema.FileFormat;
import io.manybot.core.schema.SchemaCatalog;
import io.manybot.core.yaml.FieldPath;
import io.manybot.core.yaml.ParsedYaml;
import io.manybot.core.yaml.YamlDocument;
import io.manybot.core.yaml.YamlReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the declarations directory of a repository ({@code .manybot/} unless configured): every
 * {@code .yaml}/{@code .yml} file below it, each holding one or more documents of kind Goal,
 * Manybot, Subscription or Meeting. Every document is checked against its JSON Schema; a document with
 * problems is left out and the problems are reported, and the rest still load.
 */
public final class DeclarationLoader {
    public static final String DEFAULT_DIRECTORY = ".manybot";
    public static final String API_VERSION = "manybot.io/v1alpha1";
    private static final Map<String, FileFormat> KINDS = Map.of(
            "Goal", FileFormat.GOAL, "Manybot", FileFormat.MANYBOT, "Subscription", FileFormat.SUBSCRIPTION, "Meeting", FileFormat.MEETING);
    private static final String KIND_NAMES = "Goal, Manybot, Subscription, Meeting";

    private final SchemaCatalog schemas = SchemaCatalog.get();

    /** Loads declarations; problems found are added to {@code problems}. */
    public Declarations load(RepositoryTree tree, String directory, List<Problem> problems) throws IOException {
        return load(tree, tree.files(), directory, problems);
    }

    /** As {@link #load(RepositoryTree, String, List)}, with the tree's file list already at hand. */
    public Declarations load(RepositoryTree tree, List<String> files, String directory, List<Problem> problems) throws IOException {
        String root = RepoPath.normalize(directory);
        Map<String, Located<Goal>> goals = new LinkedHashMap<>();
        Map<String, Located<Bot>> bots = new LinkedHashMap<>();
        Map<String, Located<Subscription>> subscriptions = new LinkedHashMap<>();
        Map<String, Located<Meeting>> meetings = new LinkedHashMap<>();
        Set<String> rejected = new HashSet<>();
        for (String file : files) {
            if (!RepoPath.isWithin(root, file) || !(file.endsWith(".yaml") || file.endsWith(".yml"))) {
                continue;
            }
            for (YamlDocument document : readDocuments(tree, file, problems)) {
                accept(document, goals, bots, subscriptions, meetings, rejected, problems);
            }
        }
        return new Declarations(goals, bots, subscriptions, rejected, meetings);
    }

    /**
     * Declarations from one YAML text that is not a repository file, such as a custom resource the
     * cluster home read from the API server; {@code source} names it in problems.
     */
    public Declarations loadText(String source, byte[] content, List<Problem> problems) {
        Map<String, Located<Goal>> goals = new LinkedHashMap<>();
        Map<String, Located<Bot>> bots = new LinkedHashMap<>();
        Map<String, Located<Subscription>> subscriptions = new LinkedHashMap<>();
        Map<String, Located<Meeting>> meetings = new LinkedHashMap<>();
        Set<String> rejected = new HashSet<>();
        ParsedYaml parsed = YamlReader.read(source, content);
        if (!parsed.ok()) {
            problems.addAll(parsed.problems());
        } else {
            for (YamlDocument document : parsed.documents()) {
                accept(document, goals, bots, subscriptions, meetings, rejected, problems);
            }
        }
        return new Declarations(goals, bots, subscriptions, rejected, meetings);
    }

    /** Checks one document (envelope, schema, binding) and adds what it declares, or reports why not. */
    private void accept(YamlDocument document, Map<String, Located<Goal>> goals, Map<String, Located<Bot>> bots,
            Map<String, Located<Subscription>> subscriptions, Map<String, Located<Meeting>> meetings, Set<String> rejected,
            List<Problem> problems) {
        List<Problem> found = new ArrayList<>();
        String kind = checkEnvelope(document, found);
        if (kind != null) {
            found.addAll(schemas.validate(document, KINDS.get(kind)));
        }
        if (!found.isEmpty()) {
            reject(document, rejected);
            problems.addAll(found);
            return;
        }
        DeclarationBinder binder = new DeclarationBinder(document, found);
        switch (kind) {
            case "Goal" -> put(goals, binder.goal(), document, "Goal", found);
            case "Manybot" -> put(bots, binder.bot(), document, "Manybot", found);
            case "Meeting" -> put(meetings, binder.meeting(), document, "Meeting", found);
            default -> put(subscriptions, binder.subscription(), document, "Subscription", found);
        }
        if (!found.isEmpty()) {
            reject(document, rejected);
        }
        problems.addAll(found);
    }

    private static void reject(YamlDocument document, Set<String> rejected) {
        JsonNode kind = document.root().path("kind");
        JsonNode name = document.root().path("metadata").path("name");
        if (kind.isTextual() && name.isTextual()) {
            rejected.add(kind.asText() + "/" + name.asText());
        }
    }

    /** The documents of one file; read, size and YAML problems are reported and yield none. */
    static List<YamlDocument> readDocuments(RepositoryTree tree, String file, List<Problem> problems) throws IOException {
        byte[] content;
        try {
            content = tree.read(file, YamlReader.MAX_BYTES);
        } catch (FileTooLargeException e) {
            problems.add(Problem.error(SourceLocation.wholeFile(file), "",
                    "file is " + e.size() + " bytes; the limit is " + e.limit() + " bytes"));
            return List.of();
        } catch (PathRefusedException e) {
            problems.add(Problem.error(SourceLocation.wholeFile(file), "", e.reason()));
            return List.of();
        }
        ParsedYaml parsed = YamlReader.read(file, content);
        if (!parsed.ok()) {
            problems.addAll(parsed.problems());
            return List.of();
        }
        if (parsed.documents().isEmpty()) {
            problems.add(Problem.error(new SourceLocation(file, 1, 1), "",
                    "empty file: expected at least one document of kind " + KIND_NAMES));
        }
        return parsed.documents();
    }

    private static String checkEnvelope(YamlDocument document, List<Problem> problems) {
        JsonNode root = document.root();
        if (!root.isObject()) {
            problems.add(document.error(FieldPath.ROOT,
                    "a document must be a mapping with apiVersion, kind, metadata and spec; found a " + kindOf(root)));
            return null;
        }
        JsonNode kind = root.path("kind");
        if (kind.isMissingNode()) {
            problems.add(Problem.error(document.locate(FieldPath.ROOT), "kind",
                    "required field is missing; expected one of " + KIND_NAMES));
            return null;
        }
        if (!kind.isTextual() || !KINDS.containsKey(kind.asText())) {
            problems.add(document.error(FieldPath.of("kind"),
                    "unknown kind " + kind + "; expected one of " + KIND_NAMES));
            return null;
        }
        return kind.asText();
    }

    private static String kindOf(JsonNode node) {
        return node.isArray() ? "sequence" : node.isNull() ? "null" : "scalar " + node;
    }

    /** Adds the declaration unless binding found problems in it (then it is left out, like a schema failure). */
    private static <T> void put(Map<String, Located<T>> byName, T value, YamlDocument document, String kind, List<Problem> problems) {
        if (!problems.isEmpty()) {
            return;
        }
        Located<T> declaration = new Located<>(value, document);
        String name = DeclarationBinder.name(document.root());
        Located<T> previous = byName.putIfAbsent(name, declaration);
        if (previous != null) {
            problems.add(Problem.error(declaration.at(FieldPath.of("metadata", "name")), "metadata.name",
                    kind + " '" + name + "' is declared twice (first at " + previous.at(FieldPath.of("metadata", "name")) + ")"));
        }
    }
}
