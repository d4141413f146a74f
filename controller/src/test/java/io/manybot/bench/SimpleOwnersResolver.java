package io.manybot.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.Yaml;

/**
 * "The simple way" to find who owns a path, written independently of the ownership engine as a
 * baseline and a cross-check: for each path, walk up the directories on disk, read and parse every
 * OWNERS file met (no cache, no schema validation), and collect the principals who may write.
 *
 * <ul>
 *   <li>manybot format: the primary, and delegates of level maintainer or owner (a delegate written
 *       as a bare string is a maintainer);</li>
 *   <li>Prow format: the approvers of every rule that applies (the top-level lists, or each filter
 *       whose regular expression is found in the path relative to the OWNERS directory), except the
 *       file's emeritus approvers;</li>
 *   <li>names of OWNERS_ALIASES aliases (any letter case) stand for their members, recursively;</li>
 *   <li>the walk stops after a manybot-format file with {@code options.no_parent_owners: true}, and
 *       after a Prow-format one with it that named an approver for the path (Prow's rule).</li>
 * </ul>
 * Principals are returned normalised as {@code manybot:<bot>}, {@code human:<login>} (lower case)
 * or {@code team:<org>/<team>} (lower case). Only valid files are expected.
 */
public final class SimpleOwnersResolver {
    private static final Set<String> MANYBOT_KEYS = Set.of("primary", "delegates", "auto_approve", "policies", "meetings");

    private final Path root;
    /** alias (lower case) → members as written. */
    private final Map<String, List<String>> aliases = new HashMap<>();

    public SimpleOwnersResolver(Path root) throws IOException {
        this.root = root;
        Path aliasesFile = root.resolve("OWNERS_ALIASES");
        if (Files.isRegularFile(aliasesFile)) {
            Map<String, Object> document = new Yaml().load(Files.readString(aliasesFile, StandardCharsets.UTF_8));
            Map<String, Object> all = document == null ? Map.of() : map(document.get("aliases"));
            for (Map.Entry<String, Object> alias : all.entrySet()) {
                aliases.put(alias.getKey().toLowerCase(Locale.ROOT), strings(alias.getValue()));
            }
        }
    }

    /** The owners of the file at {@code path} (repository-relative). */
    public Set<String> owners(String path) {
        Set<String> owners = new LinkedHashSet<>();
        String directory = parent(path);
        while (true) {
            Path file = directory.isEmpty() ? root.resolve("OWNERS") : root.resolve(directory).resolve("OWNERS");
            if (Files.isRegularFile(file)) {
                Map<String, Object> document = parse(file);
                boolean contributed = collect(document, relative(directory, path), owners);
                if (Boolean.TRUE.equals(map(document.get("options")).get("no_parent_owners")) && contributed) {
                    break;
                }
            }
            if (directory.isEmpty()) {
                break;
            }
            directory = parent(directory);
        }
        return owners;
    }

    private static Map<String, Object> parse(Path file) {
        try {
            Map<String, Object> document = new Yaml().load(Files.readString(file, StandardCharsets.UTF_8));
            return document == null ? Map.of() : document;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Adds the file's owners of the path; whether it named any (a manybot-format file always does). */
    private boolean collect(Map<String, Object> document, String relativePath, Set<String> owners) {
        boolean manybot = MANYBOT_KEYS.stream().anyMatch(document::containsKey) || document.get("reviewers") instanceof Map;
        if (manybot) {
            owners.addAll(expand(String.valueOf(document.get("primary"))));
            for (Object delegate : list(document.get("delegates"))) {
                if (delegate instanceof Map<?, ?> object) {
                    Object level = object.get("level");
                    if (level == null || level.equals("maintainer") || level.equals("owner")) {
                        owners.addAll(expand(String.valueOf(object.get("principal"))));
                    }
                } else {
                    owners.addAll(expand(String.valueOf(delegate)));
                }
            }
            return true;
        }
        Set<String> emeritus = new HashSet<>();
        for (String former : strings(document.get("emeritus_approvers"))) {
            emeritus.addAll(expand(former));
        }
        List<Map<String, Object>> rules = new ArrayList<>();
        if (document.containsKey("filters")) {
            for (Map.Entry<String, Object> filter : map(document.get("filters")).entrySet()) {
                if (Pattern.compile(filter.getKey()).matcher(relativePath).find()) {
                    rules.add(map(filter.getValue()));
                }
            }
        } else {
            rules.add(document);
        }
        boolean contributed = false;
        for (Map<String, Object> rule : rules) {
            for (String approver : strings(rule.get("approvers"))) {
                for (String principal : expand(approver)) {
                    if (!emeritus.contains(principal)) {
                        owners.add(principal);
                        contributed = true;
                    }
                }
            }
        }
        return contributed;
    }

    /** The principals {@code written} stands for: an alias's members, or itself. */
    private List<String> expand(String written) {
        List<String> out = new ArrayList<>();
        expand(written, new HashSet<>(), out);
        return out;
    }

    private void expand(String written, Set<String> visiting, List<String> out) {
        List<String> members = aliases.get(written.trim().toLowerCase(Locale.ROOT));
        if (members == null) {
            out.add(normalize(written));
            return;
        }
        if (!visiting.add(written.trim().toLowerCase(Locale.ROOT))) {
            return;
        }
        for (String member : members) {
            expand(member, visiting, out);
        }
    }

    /** {@code manybot:<bot>} as written; humans and teams in lower case; a bare login is a human. */
    static String normalize(String written) {
        String value = written.trim();
        if (value.startsWith("manybot:")) {
            return value;
        }
        if (value.startsWith("human:") || value.startsWith("team:")) {
            return value.toLowerCase(Locale.ROOT);
        }
        return "human:" + value.toLowerCase(Locale.ROOT);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    private static List<?> list(Object value) {
        return value instanceof List<?> l ? l : List.of();
    }

    private static List<String> strings(Object value) {
        List<String> out = new ArrayList<>();
        for (Object item : list(value)) {
            out.add(String.valueOf(item));
        }
        return out;
    }

    private static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? "" : path.substring(0, slash);
    }

    private static String relative(String directory, String path) {
        return directory.isEmpty() ? path : path.substring(directory.length() + 1);
    }
}
