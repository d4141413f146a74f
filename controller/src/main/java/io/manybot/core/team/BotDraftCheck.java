package io.manybot.core.team;

import io.manybot.core.declaration.Bot;
import io.manybot.core.declaration.Located;
import io.manybot.core.problem.Problem;
import io.manybot.core.repo.OverlayTree;
import io.manybot.core.repo.RepositoryTree;
import io.manybot.core.validation.RepositoryValidator;
import io.manybot.core.validation.ValidationReport;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A {@link BotDraft} checked against the repository it would join, with the same validation {@code manybot validate} runs: the
 * draft's own values, a name already declared, an OWNERS file already there, and every error the repository would have with
 * the draft's files that it does not have without them. {@code manybot create} and a bot proposing a specialist both use it.
 */
public final class BotDraftCheck {
    private BotDraftCheck() {}

    /**
     * The checked draft.
     *
     * @param files the files to write (repository-relative path → content), empty when there are problems
     * @param problems every reason the files may not be written, each naming what to fix
     * @param warnings the warnings the files would add (they do not stop it)
     */
    public record Checked(Map<String, byte[]> files, List<String> problems, List<Problem> warnings) {
        public Checked {
            files = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(files));
            problems = List.copyOf(problems);
            warnings = List.copyOf(warnings);
        }

        public boolean valid() {
            return problems.isEmpty();
        }
    }

    /** The declarations of {@code tree} before the draft (to find the parent's goal and names already taken). */
    public static ValidationReport before(RepositoryTree tree, String declarations) throws IOException {
        return new RepositoryValidator().validate(tree, declarations);
    }

    /**
     * @param before {@link #before} of the same tree
     * @param parentOption how the parent was named, for the message ({@code --parent} or {@code the specialist's parent})
     */
    public static Checked check(RepositoryTree tree, ValidationReport before, String declarations, BotDraft draft, String parentOption)
            throws IOException {
        List<String> problems = new ArrayList<>();
        if (draft.parent() != null) {
            Located<Bot> parent = before.declarations().bots().get(draft.parent());
            if (parent == null) {
                problems.add(parentOption + " " + draft.parent() + ": no Manybot named '" + draft.parent() + "' is declared here");
            }
        }
        if (before.declarations().bots().containsKey(draft.name()) || before.declarations().goals().containsKey(draft.name())) {
            problems.add("NAME " + draft.name() + ": a Manybot or Goal of that name is already declared");
        }
        problems.addAll(draft.problems());
        Map<String, byte[]> files = problems.isEmpty() ? draft.files(declarations) : Map.of();
        for (String path : files.keySet()) {
            if (tree.isFile(path)) {
                problems.add(path + " exists already: add manybot:" + draft.name() + " to it by hand, or choose another directory or NAME");
            }
        }
        if (!problems.isEmpty()) {
            return new Checked(Map.of(), problems, List.of());
        }
        ValidationReport after = new RepositoryValidator().validate(new OverlayTree(tree, files), declarations);
        Set<String> known = new HashSet<>();
        before.problems().forEach(p -> known.add(p.toString()));
        List<Problem> added = after.problems().stream().filter(p -> !known.contains(p.toString())).toList();
        added.stream().filter(Problem::isError).forEach(p -> problems.add(p.toString()));
        if (!problems.isEmpty()) {
            problems.add("nothing written; the files would not be valid");
            return new Checked(Map.of(), problems, List.of());
        }
        return new Checked(files, List.of(), added);
    }
}
