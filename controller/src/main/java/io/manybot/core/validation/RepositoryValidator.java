package io.manybot.core.validation;

import io.manybot.core.declaration.DeclarationLoader;
import io.manybot.core.declaration.Bot;
import io.manybot.core.declaration.Declarations;
import io.manybot.core.declaration.Located;
import io.manybot.core.directives.DirectivesMeta;
import io.manybot.core.directives.DirectivesMetaReader;
import io.manybot.core.ownership.OwnershipFiles;
import io.manybot.core.ownership.OwnershipIndex;
import io.manybot.core.problem.Problem;
import io.manybot.core.problem.SourceLocation;
import io.manybot.core.repo.FileTooLargeException;
import io.manybot.core.repo.RepositoryTree;
import io.manybot.core.yaml.YamlReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads and checks everything Manybot reads from a repository: the declarations, the ownership files
 * (OWNERS in both formats, OWNERS_ALIASES, CODEOWNERS), the directives file's {@code _meta} block,
 * and the references between them.
 */
public final class RepositoryValidator {
    private final DeclarationLoader declarationLoader = new DeclarationLoader();

    public ValidationReport validate(RepositoryTree tree, String declarationsDirectory) throws IOException {
        List<Problem> problems = new ArrayList<>();
        List<String> files = tree.files();
        Declarations declarations = declarationLoader.load(tree, files, declarationsDirectory, problems);
        problems.addAll(DeclarationChecks.check(declarations));
        OwnershipIndex ownership = OwnershipIndex.load(tree, files).withOwnershipFiles(OwnershipFiles.declaredIn(declarationsDirectory));
        problems.addAll(ownership.problems());
        problems.addAll(OwnershipChecks.check(ownership, declarations, files));
        DirectivesMeta directives = tree.isFile(DirectivesMetaReader.FILE) ? readDirectives(tree, problems) : null;
        problems.sort(Problem.BY_LOCATION);
        return new ValidationReport(tree.describe(), declarations, ownership, directives, problems);
    }

    /**
     * The checks of the values of declarations read one at a time (custom resources in the cluster home):
     * cron expressions, regular expressions, globs, key results, sleeps; not the references between
     * declarations, which the cluster home resolves live.
     */
    public static List<Problem> checkValues(Declarations declarations) {
        return DeclarationChecks.check(declarations, false);
    }

    /**
     * The checks of one bot declared outside the repository (a custom resource in the cluster home)
     * against the repository's ownership files: a warning per claimed glob they do not give it.
     */
    public static List<Problem> checkClaims(Located<Bot> bot, OwnershipIndex ownership, List<String> files) {
        return OwnershipChecks.claims(bot, ownership, files);
    }

    private static DirectivesMeta readDirectives(RepositoryTree tree, List<Problem> problems) throws IOException {
        try {
            String text = new String(tree.read(DirectivesMetaReader.FILE, YamlReader.MAX_BYTES), StandardCharsets.UTF_8);
            return DirectivesMetaReader.read(DirectivesMetaReader.FILE, text, problems).orElse(null);
        } catch (FileTooLargeException e) {
            problems.add(Problem.error(SourceLocation.wholeFile(DirectivesMetaReader.FILE), "", e.getMessage()));
            return null;
        }
    }
}
