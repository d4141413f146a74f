package io.manybot.core.meeting;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.manybot.core.ownership.Decision;
import io.manybot.core.ownership.Entry;
import io.manybot.core.ownership.ManybotOwners;
import io.manybot.core.ownership.OwnersFile;
import io.manybot.core.ownership.OwnershipIndex;
import io.manybot.core.ownership.OwnershipResolution;
import io.manybot.core.ownership.Principal;
import io.manybot.core.problem.Problem;
import io.manybot.core.repo.OverlayTree;
import io.manybot.core.repo.RepoPath;
import io.manybot.core.repo.RepositoryTree;
import io.manybot.core.yaml.YamlReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a meeting's responsibility changes into OWNERS files (manybot format), and checks that they do what they say.
 *
 * <ul>
 *   <li>Where a manybot-format OWNERS file governs the path, that file is rewritten: the new primary, the former primary
 *       kept as a maintainer delegate (unless it is one of the two bots), the other bot a contributor delegate; everything
 *       else stays (comments are not kept: the file is written again from its YAML).</li>
 *   <li>Where a Prow-format file, CODEOWNERS or nothing governs it, a manybot-format OWNERS file is created in the path's
 *       directory: the new primary, the people who owned it as maintainer delegates, the other bot a contributor delegate,
 *       {@code no_parent_owners} (so the owners above no longer make the other bot a writer there). A directory that
 *       already holds a Prow-format OWNERS file is left for a person to change.</li>
 * </ul>
 * The result is checked on the tree as it would be: the files are valid, the new primary may write the path and the other
 * bot may not. A change that fails the check is not proposed, with the reason.
 */
public final class OwnersChanges {
    private static final YAMLMapper YAML = new YAMLMapper(new YAMLFactory().enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER).disable(YAMLGenerator.Feature.SPLIT_LINES));

    /**
     * @param files the OWNERS files to write, path → content
     * @param applied the changes the files make, each with its OWNERS file
     * @param refused why other changes are not proposed
     */
    public record Result(Map<String, String> files, List<ResponsibilityChange> applied, List<String> refused) {}

    private OwnersChanges() {}

    public static Result write(RepositoryTree tree, OwnershipIndex ownership, List<ResponsibilityChange> changes, String header)
            throws IOException {
        Map<String, String> files = new LinkedHashMap<>();
        List<ResponsibilityChange> applied = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        for (ResponsibilityChange change : changes) {
            Map<String, String> attempt = new LinkedHashMap<>(files);
            String file;
            try {
                file = rewrite(tree, ownership, change, attempt, header);
            } catch (IllegalArgumentException e) {
                refused.add(change.path() + ": " + e.getMessage());
                continue;
            }
            String failure = check(tree, attempt, change);
            if (failure != null) {
                refused.add(change.path() + ": " + failure);
                continue;
            }
            files.clear();
            files.putAll(attempt);
            applied.add(change.withOwnersFile(file));
        }
        return new Result(files, applied, refused);
    }

    private static String rewrite(RepositoryTree tree, OwnershipIndex ownership, ResponsibilityChange change, Map<String, String> files,
            String header) throws IOException {
        if (change.primary().equals(change.contributor())) {
            throw new IllegalArgumentException("the new primary and the contributor are the same bot (" + change.primary() + ")");
        }
        OwnershipResolution resolution = ownership.resolve(change.path());
        OwnersFile governing = resolution.governingFiles().isEmpty() ? null : resolution.governingFiles().get(0);
        ObjectNode node;
        String file;
        if (governing instanceof ManybotOwners manybot) {
            file = manybot.path();
            String text = files.containsKey(file) ? files.get(file)
                    : new String(tree.read(file, YamlReader.MAX_BYTES), StandardCharsets.UTF_8);
            JsonNode read = YAML.readTree(text);
            if (!(read instanceof ObjectNode object)) {
                throw new IllegalArgumentException(file + " is not a mapping");
            }
            node = object;
            String before = node.path("primary").asText();
            ArrayNode delegates = keptDelegates(node.path("delegates"), change);
            if (!Principal.parse(before).equals(Principal.bot(change.primary())) && !Principal.parse(before).equals(Principal.bot(change.contributor()))) {
                delegates.insert(0, before);
            }
            node.put("primary", Principal.bot(change.primary()).toString());
            addContributor(delegates, change.contributor());
            node.set("delegates", delegates);
        } else {
            String directory = ownership.isDirectory(change.path()) ? change.path() : RepoPath.parent(change.path());
            file = RepoPath.join(directory, OwnershipIndex.OWNERS);
            if (tree.isFile(file) && !files.containsKey(file)) {
                throw new IllegalArgumentException(file + " is a Prow-format OWNERS file: a person changes it (a bot cannot express "
                        + "primary and delegates there)");
            }
            node = JsonNodeFactory.instance.objectNode();
            node.put("primary", Principal.bot(change.primary()).toString());
            ArrayNode delegates = JsonNodeFactory.instance.arrayNode();
            for (Entry owner : resolution.nearestOwners()) {
                if (!owner.principal().isBot() && !containsPrincipal(delegates, owner.principal())) {
                    delegates.add(owner.principal().toString());
                }
            }
            addContributor(delegates, change.contributor());
            node.set("delegates", delegates);
            node.set("options", JsonNodeFactory.instance.objectNode().put("no_parent_owners", true));
        }
        files.put(file, header + YAML.writeValueAsString(node));
        return file;
    }

    private static ArrayNode keptDelegates(JsonNode delegates, ResponsibilityChange change) {
        ArrayNode kept = JsonNodeFactory.instance.arrayNode();
        for (JsonNode delegate : delegates) {
            Principal principal = Principal.parse(delegate.isObject() ? delegate.path("principal").asText() : delegate.asText());
            if (!principal.equals(Principal.bot(change.primary())) && !principal.equals(Principal.bot(change.contributor()))) {
                kept.add(delegate);
            }
        }
        return kept;
    }

    private static void addContributor(ArrayNode delegates, String bot) {
        ObjectNode contributor = JsonNodeFactory.instance.objectNode();
        contributor.put("principal", Principal.bot(bot).toString());
        contributor.put("level", "contributor");
        delegates.add(contributor);
    }

    private static boolean containsPrincipal(ArrayNode delegates, Principal principal) {
        for (JsonNode delegate : delegates) {
            if (Principal.parse(delegate.isObject() ? delegate.path("principal").asText() : delegate.asText()).equals(principal)) {
                return true;
            }
        }
        return false;
    }

    /** Why the tree with {@code files} does not do what {@code change} says, or null when it does. */
    private static String check(RepositoryTree tree, Map<String, String> files, ResponsibilityChange change) throws IOException {
        Map<String, byte[]> bytes = new LinkedHashMap<>();
        files.forEach((path, text) -> bytes.put(path, text.getBytes(StandardCharsets.UTF_8)));
        OwnershipIndex after = OwnershipIndex.load(new OverlayTree(tree, bytes));
        for (Problem problem : after.problems()) {
            if (problem.isError() && files.containsKey(problem.location().file())) {
                return "the proposed " + problem.location().file() + " would be invalid: " + problem;
            }
        }
        if (after.verdict(change.path(), Principal.bot(change.primary())).decision() != Decision.WRITE) {
            return "with the proposed OWNERS " + change.primary() + " still could not write it";
        }
        if (after.verdict(change.path(), Principal.bot(change.contributor())).decision() == Decision.WRITE) {
            return "with the proposed OWNERS " + change.contributor() + " could still write it directly";
        }
        return null;
    }
}
