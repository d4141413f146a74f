package io.manybot.cli;

import io.manybot.core.declaration.DeclarationLoader;
import io.manybot.core.repo.GitCommitTree;
import io.manybot.core.repo.RepositoryTree;
import io.manybot.core.repo.WorkingTree;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options shared by commands that read a repository: which commit, which declarations directory. */
final class RepositoryOptions {

    @Option(names = "--rev", paramLabel = "COMMIT",
            description = "Read the repository at this commit (branch, tag or id) instead of its working tree.")
    String revision;

    @Option(names = "--declarations", paramLabel = "DIR", defaultValue = DeclarationLoader.DEFAULT_DIRECTORY,
            description = "Directory of the Goal, Manybot and Subscription files (default: ${DEFAULT-VALUE}).")
    String declarations;

    /** Opens the tree; the caller closes it. */
    RepositoryTree open(Path repository) throws IOException {
        return revision == null ? new WorkingTree(repository) : GitCommitTree.open(repository, revision);
    }

    static void close(RepositoryTree tree) {
        if (tree instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception ignored) {
                // nothing useful to do when closing a read-only repository fails
            }
        }
    }

    /** How to show a repository-relative file to the user: under the repository directory as given. */
    static String display(Path repository, String file) {
        String prefix = repository.normalize().toString();
        return prefix.isEmpty() || prefix.equals(".") ? file : prefix + "/" + file;
    }
}
