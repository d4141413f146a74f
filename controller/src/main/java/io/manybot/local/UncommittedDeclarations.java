package io.manybot.local;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.Status;
import org.eclipse.jgit.api.errors.GitAPIException;

/**
 * Edits to the declarations directory of a checkout that are not committed: `manybot run` reads the
 * declarations of the last commit, so it says when the working tree differs.
 */
final class UncommittedDeclarations {
    private UncommittedDeclarations() {}

    /** "a.yaml (modified), b.yaml (new)", or empty when the directory matches the last commit. */
    static List<String> in(Path workTree, String declarationsDirectory) throws IOException {
        try (Git git = Git.open(workTree.toFile())) {
            Status status = git.status().addPath(declarationsDirectory).call();
            List<String> out = new ArrayList<>();
            add(out, status.getModified(), "modified");
            add(out, status.getChanged(), "staged");
            add(out, status.getAdded(), "staged, new");
            add(out, status.getUntracked(), "new");
            add(out, status.getMissing(), "deleted");
            add(out, status.getRemoved(), "staged, deleted");
            return out;
        } catch (GitAPIException e) {
            throw new IOException("could not read the status of " + workTree + ": " + e.getMessage(), e);
        }
    }

    private static void add(List<String> out, Set<String> paths, String how) {
        for (String path : new TreeSet<>(paths)) {
            out.add(path + " (" + how + ")");
        }
    }
}
