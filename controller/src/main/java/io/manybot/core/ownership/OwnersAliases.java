package io.manybot.core.ownership;

import com.fasterxml.jackson.databind.JsonNode;
import io.manybot.core.problem.Problem;
import io.manybot.core.problem.SourceLocation;
import io.manybot.core.yaml.FieldPath;
import io.manybot.core.yaml.YamlDocument;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The root {@code OWNERS_ALIASES} file: named groups of principals. Wherever an OWNERS file lists a
 * name that is an alias (compared case-insensitively, a leading '@' dropped, as Prow does), its
 * members stand in its place. A group is a YAML list or a mapping whose keys are the members
 * ({@code {alice, bob}}); names may contain '/' ({@code sig/reviewers}). An alias may list other
 * aliases (an extension to Prow); a cycle is an error and its members are dropped.
 */
public final class OwnersAliases {
    public static final String FILE = "OWNERS_ALIASES";
    public static final OwnersAliases NONE = new OwnersAliases(Map.of());

    /** alias name (lower case) → its members, expanded, each with the place it was written. */
    private final Map<String, List<Entry>> expanded;

    private OwnersAliases(Map<String, List<Entry>> expanded) {
        this.expanded = expanded;
    }

    /** Reads a schema-valid OWNERS_ALIASES document; cycles are reported to {@code problems}. */
    static OwnersAliases read(YamlDocument document, List<Problem> problems) {
        Map<String, List<Member>> raw = new LinkedHashMap<>();
        Map<String, SourceLocation> definedAt = new HashMap<>();
        JsonNode aliases = document.root().path("aliases");
        for (Iterator<Map.Entry<String, JsonNode>> it = aliases.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> alias = it.next();
            String name = normalizeLogin(alias.getKey()).toLowerCase(Locale.ROOT);
            FieldPath at = FieldPath.of("aliases", alias.getKey());
            List<Member> members = new ArrayList<>();
            if (alias.getValue().isObject()) {
                for (Iterator<String> keys = alias.getValue().fieldNames(); keys.hasNext(); ) {
                    String member = keys.next();
                    members.add(new Member(normalizeLogin(member), document.locateKey(at.key(member))));
                }
            } else {
                int i = 0;
                for (JsonNode member : alias.getValue()) {
                    members.add(new Member(normalizeLogin(member.asText()), document.locate(at.index(i++))));
                }
            }
            raw.put(name, members);
            definedAt.put(name, document.locateKey(at));
        }
        Map<String, List<Entry>> expanded = new HashMap<>();
        Set<String> reported = new LinkedHashSet<>();
        for (String name : raw.keySet()) {
            expanded.put(name, expand(name, raw, new ArrayList<>(), definedAt, reported, problems));
        }
        return new OwnersAliases(Collections.unmodifiableMap(expanded));
    }

    private static List<Entry> expand(
            String name, Map<String, List<Member>> raw, List<String> stack, Map<String, SourceLocation> definedAt,
            Set<String> reported, List<Problem> problems) {
        if (stack.contains(name)) {
            List<String> cycle = new ArrayList<>(stack.subList(stack.indexOf(name), stack.size()));
            cycle.add(name);
            String key = String.join(">", new java.util.TreeSet<>(cycle));
            if (reported.add(key)) {
                problems.add(Problem.error(definedAt.get(cycle.get(0)), "aliases." + cycle.get(0),
                        "alias cycle: " + String.join(" -> ", cycle)));
            }
            return List.of();
        }
        stack.add(name);
        List<Entry> out = new ArrayList<>();
        for (Member member : raw.get(name)) {
            String lower = member.text().toLowerCase(Locale.ROOT);
            if (raw.containsKey(lower)) {
                out.addAll(expand(lower, raw, stack, definedAt, reported, problems));
            } else {
                out.add(new Entry(Principal.parse(member.text()), member.location(), name));
            }
        }
        stack.remove(stack.size() - 1);
        return List.copyOf(out);
    }

    /** The members of {@code name} when it is an alias. */
    public Optional<List<Entry>> members(String name) {
        return Optional.ofNullable(expanded.get(normalizeLogin(name).toLowerCase(Locale.ROOT)));
    }

    /** A name as written in a Prow file, without the '@' Prow drops ({@code @CJWagner} is {@code CJWagner}). */
    static String normalizeLogin(String written) {
        String trimmed = written.trim();
        return trimmed.startsWith("@") ? trimmed.substring(1) : trimmed;
    }

    public Map<String, List<Entry>> all() {
        return expanded;
    }

    private record Member(String text, SourceLocation location) {}
}
