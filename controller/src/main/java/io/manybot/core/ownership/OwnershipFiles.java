package io.manybot.core.ownership;

import io.manybot.core.repo.RepoPath;
import java.util.Set;

/**
 * Which paths decide who may do what, so that bots change them only through review: OWNERS, OWNERS_ALIASES, CODEOWNERS,
 * everything under {@code .manybot/}, and the declarations the home reads — the {@code .yaml}/{@code .yml} files under its
 * declarations directory (a run's {@code --declarations DIR}, the operator's {@code MANYBOT_DECLARATIONS_DIRECTORY}), wherever
 * that directory is.
 *
 * @param declarations the declarations directory, normalised ("" is the repository root)
 */
public record OwnershipFiles(String declarations) {
    /** The declarations directory unless configured (as {@code DeclarationLoader.DEFAULT_DIRECTORY}). */
    public static final String DEFAULT_DIRECTORY = ".manybot";
    public static final OwnershipFiles DEFAULT = new OwnershipFiles(DEFAULT_DIRECTORY);
    private static final Set<String> NAMES = Set.of(OwnershipIndex.OWNERS, OwnersAliases.FILE, "CODEOWNERS");

    public OwnershipFiles {
        declarations = RepoPath.normalize(declarations == null ? DEFAULT_DIRECTORY : declarations);
    }

    /** The ownership files of a home reading its declarations from {@code directory} (null: the default). */
    public static OwnershipFiles declaredIn(String directory) {
        return directory == null || RepoPath.normalize(directory).equals(DEFAULT_DIRECTORY) ? DEFAULT : new OwnershipFiles(directory);
    }

    /** Whether {@code path} is an ownership file or a declaration. */
    public boolean contains(String path) {
        return NAMES.contains(RepoPath.fileName(path)) || RepoPath.isWithin(DEFAULT_DIRECTORY, path) || isDeclaration(path);
    }

    /** Whether {@code path} is a file the declarations loader reads: a YAML file under the declarations directory. */
    public boolean isDeclaration(String path) {
        return RepoPath.isWithin(declarations, path) && (path.endsWith(".yaml") || path.endsWith(".yml"));
    }
}
