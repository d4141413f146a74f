package io.manybot.cluster.repository;

import io.manybot.core.ownership.OwnershipIndex;
import io.manybot.core.problem.Problem;
import io.manybot.core.repo.GitCommitTree;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/**
 * The ownership files of a repository commit, read once per commit and shared by every bot of that
 * repository (a thousand bots on one repository read its OWNERS files once).
 */
public final class RepositoryChecks {
    /** What the ownership files at one commit say, and what is wrong with them. */
    public record AtCommit(String commit, OwnershipIndex ownership, List<String> files, List<Problem> errors) {}

    private final Map<String, AtCommit> byMirrorAndCommit = new ConcurrentHashMap<>();

    public AtCommit at(Path mirror, String commit) throws IOException {
        String key = mirror + "@" + commit;
        AtCommit known = byMirrorAndCommit.get(key);
        if (known != null) {
            return known;
        }
        synchronized (this) {
            known = byMirrorAndCommit.get(key);
            if (known != null) {
                return known;
            }
            try (Repository repository = new FileRepositoryBuilder().setGitDir(mirror.toFile()).setMustExist(true).build()) {
                GitCommitTree tree = GitCommitTree.at(repository, commit);
                List<String> files = tree.files();
                OwnershipIndex ownership = OwnershipIndex.load(tree, files);
                AtCommit read = new AtCommit(commit, ownership, files, ownership.problems().stream().filter(Problem::isError).toList());
                // Older commits of this mirror are not needed again.
                byMirrorAndCommit.keySet().removeIf(k -> k.startsWith(mirror + "@"));
                byMirrorAndCommit.put(key, read);
                return read;
            }
        }
    }
}
