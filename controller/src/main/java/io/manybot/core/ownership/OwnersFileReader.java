package io.manybot.core.ownership;

import com.fasterxml.jackson.databind.JsonNode;
import io.manybot.core.problem.Problem;
import io.manybot.core.problem.SourceLocation;
import io.manybot.core.schema.FileFormat;
import io.manybot.core.schema.SchemaCatalog;
import io.manybot.core.yaml.FieldPath;
import io.manybot.core.yaml.ParsedYaml;
import io.manybot.core.yaml.YamlDocument;
import io.manybot.core.yaml.YamlReader;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads one OWNERS file. The format is told by its keys: a file with any of {@code primary},
 * {@code delegates}, {@code auto_approve}, {@code policies}, {@code meetings}, or a mapping under
 * {@code reviewers}, is in the manybot format; otherwise it is in the Prow format.
 */
final class OwnersFileReader {
    private static final Set<String> MANYBOT_KEYS = Set.of("primary", "delegates", "auto_approve", "policies", "meetings");
    private static final List<String> PROW_ONLY_KEYS = List.of("approvers", "required_reviewers", "emeritus_approvers", "labels", "filters");
    private static final List<String> PROW_LIST_KEYS = List.of("approvers", "reviewers", "required_reviewers", "emeritus_approvers", "labels");

    private final OwnersAliases aliases;
    private final SchemaCatalog schemas = SchemaCatalog.get();

    OwnersFileReader(OwnersAliases aliases) {
        this.aliases = aliases;
    }

    /**
     * The file, or a {@link BrokenOwners} when it has problems (all added to {@code problems}); the
     * broken file names the first problem in the file's order.
     */
    OwnersFile read(String path, byte[] content, List<Problem> problems) {
        ParsedYaml parsed = YamlReader.read(path, content);
        List<Problem> found = new ArrayList<>(parsed.problems());
        OwnersFile file = found.isEmpty() ? read(path, parsed, found) : null;
        if (!found.isEmpty()) {
            found.sort(Problem.BY_LOCATION);
            problems.addAll(found);
            return new BrokenOwners(path, found.get(0));
        }
        return file;
    }

    private OwnersFile read(String path, ParsedYaml parsed, List<Problem> problems) {
        if (parsed.documents().isEmpty()) {
            problems.add(Problem.error(new SourceLocation(path, 1, 1), "",
                    "empty OWNERS file: expected 'primary' (manybot format) or 'approvers' (Prow format)"));
            return null;
        }
        if (parsed.documents().size() > 1) {
            YamlDocument second = parsed.documents().get(1);
            problems.add(second.error(FieldPath.ROOT, "an OWNERS file holds one YAML document; found "
                    + parsed.documents().size()));
            return null;
        }
        YamlDocument document = parsed.documents().get(0);
        JsonNode root = document.root();
        if (!root.isObject()) {
            problems.add(document.error(FieldPath.ROOT, "an OWNERS file must be a mapping of fields such as "
                    + "'primary' or 'approvers'"));
            return null;
        }
        boolean manybot = MANYBOT_KEYS.stream().anyMatch(root::has) || root.path("reviewers").isObject();
        if (manybot) {
            for (String key : PROW_ONLY_KEYS) {
                if (root.has(key)) {
                    problems.add(Problem.error(document.locateKey(FieldPath.of(key)), key,
                            "Prow field in a manybot-format OWNERS file (it has 'primary'); use one format per file"));
                }
            }
            if (!problems.isEmpty()) {
                return null;
            }
            problems.addAll(schemas.validate(document, FileFormat.OWNERS_MANYBOT));
            ManybotOwners owners = problems.isEmpty() ? manybot(path, document, problems) : null;
            return problems.isEmpty() ? owners : null;
        }
        problems.addAll(schemas.validate(document, FileFormat.OWNERS_PROW));
        if (root.has("filters")) {
            for (String key : PROW_LIST_KEYS) {
                if (root.has(key)) {
                    problems.add(Problem.error(document.locateKey(FieldPath.of(key)), key,
                            "top-level " + key + " cannot be combined with filters; move them under filters[\".*\"]"));
                }
            }
        }
        ProwOwners prow = problems.isEmpty() ? prow(path, document, problems) : null;
        return problems.isEmpty() ? prow : null;
    }

    private ManybotOwners manybot(String path, YamlDocument document, List<Problem> problems) {
        JsonNode root = document.root();
        List<ManybotOwners.Delegate> delegates = new ArrayList<>();
        JsonNode delegateNodes = root.path("delegates");
        for (int i = 0; i < delegateNodes.size(); i++) {
            JsonNode node = delegateNodes.get(i);
            FieldPath at = FieldPath.of("delegates", i);
            DelegateLevel level = node.isObject() && node.has("level")
                    ? DelegateLevel.valueOf(node.path("level").asText().toUpperCase(Locale.ROOT))
                    : DelegateLevel.MAINTAINER;
            String principal = node.isObject() ? node.path("principal").asText() : node.asText();
            for (Entry entry : expand(principal, document, node.isObject() ? at.key("principal") : at, problems)) {
                delegates.add(new ManybotOwners.Delegate(entry, level));
            }
        }
        List<ManybotOwners.AutoApprove> autoApprove = new ArrayList<>();
        JsonNode globs = root.path("auto_approve");
        for (int i = 0; i < globs.size(); i++) {
            FieldPath at = FieldPath.of("auto_approve", i);
            try {
                autoApprove.add(new ManybotOwners.AutoApprove(Glob.compile(globs.get(i).asText()), document.locate(at)));
            } catch (IllegalArgumentException e) {
                problems.add(document.error(at, e.getMessage()));
            }
        }
        List<Entry> primary = expand(root.path("primary").asText(), document, FieldPath.of("primary"), problems);
        if (!problems.isEmpty()) {
            return null;
        }
        if (primary.size() != 1) {
            problems.add(document.error(FieldPath.of("primary"), "the primary owner must be one principal; alias '"
                    + root.path("primary").asText() + "' has " + primary.size() + " members (list the others as delegates)"));
            return null;
        }
        JsonNode policies = root.path("policies");
        FieldPath p = FieldPath.of("policies");
        List<String> meetings = new ArrayList<>();
        root.path("meetings").forEach(m -> meetings.add(m.asText()));
        return new ManybotOwners(
                path,
                primary.get(0),
                delegates,
                list(document, FieldPath.of("reviewers", "required"), problems),
                list(document, FieldPath.of("reviewers", "optional"), problems),
                autoApprove,
                new Policies(
                        policies.has("max_changes_per_pr") ? new Policies.Setting<>(policies.path("max_changes_per_pr").asInt(), document.locate(p.key("max_changes_per_pr"))) : null,
                        policies.has("require_tests") ? new Policies.Setting<>(policies.path("require_tests").asBoolean(), document.locate(p.key("require_tests"))) : null,
                        policies.has("min_coverage") ? new Policies.Setting<>(policies.path("min_coverage").asDouble(), document.locate(p.key("min_coverage"))) : null,
                        policies.has("allow_proposals") ? new Policies.Setting<>(policies.path("allow_proposals").asBoolean(), document.locate(p.key("allow_proposals"))) : null),
                meetings,
                root.path("options").path("no_parent_owners").asBoolean(false));
    }

    private ProwOwners prow(String path, YamlDocument document, List<Problem> problems) {
        JsonNode root = document.root();
        List<ProwOwners.Rule> rules = new ArrayList<>();
        if (root.has("filters")) {
            for (Iterator<Map.Entry<String, JsonNode>> it = root.path("filters").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> filter = it.next();
                FieldPath at = FieldPath.of("filters", filter.getKey());
                Pattern pattern;
                try {
                    pattern = Pattern.compile(filter.getKey());
                } catch (PatternSyntaxException e) {
                    problems.add(Problem.error(document.locateKey(at), at.display(),
                            "invalid regular expression: " + e.getDescription() + " near index " + e.getIndex()));
                    continue;
                }
                rules.add(rule(pattern, document, at, problems));
            }
        } else {
            rules.add(rule(null, document, FieldPath.ROOT, problems));
        }
        return new ProwOwners(path, rules, list(document, FieldPath.of("emeritus_approvers"), problems),
                root.path("options").path("no_parent_owners").asBoolean(false));
    }

    private ProwOwners.Rule rule(Pattern filter, YamlDocument document, FieldPath at, List<Problem> problems) {
        List<String> labels = new ArrayList<>();
        document.root().at(at.pointer()).path("labels").forEach(label -> labels.add(label.asText()));
        return new ProwOwners.Rule(
                filter,
                document.locateKey(at),
                list(document, at.key("approvers"), problems),
                list(document, at.key("reviewers"), problems),
                list(document, at.key("required_reviewers"), problems),
                labels);
    }

    private List<Entry> list(YamlDocument document, FieldPath at, List<Problem> problems) {
        JsonNode array = document.root().at(at.pointer());
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            entries.addAll(expand(array.get(i).asText(), document, at.index(i), problems));
        }
        return entries;
    }

    /**
     * The principals {@code text} stands for: an alias's members, or itself. A leading '@' is dropped
     * (Prow's {@code NormLogin}; the schemas allow it only in the Prow format); a name with a '/' must
     * be an alias (a team is written {@code team:<org>/<team>}).
     */
    private List<Entry> expand(String text, YamlDocument document, FieldPath at, List<Problem> problems) {
        String name = OwnersAliases.normalizeLogin(text);
        Optional<List<Entry>> members = aliases.members(name);
        if (members.isPresent()) {
            return members.get().stream()
                    .map(member -> new Entry(member.principal(), document.locate(at), member.viaAlias()))
                    .toList();
        }
        if (name.indexOf('/') >= 0 && name.indexOf(':') < 0) {
            problems.add(document.error(at, "'" + text + "' is not an alias in " + OwnersAliases.FILE
                    + "; a team is written team:<org>/<team>"));
            return List.of();
        }
        return List.of(new Entry(Principal.parse(name), document.locate(at)));
    }
}
