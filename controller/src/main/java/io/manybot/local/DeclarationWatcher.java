package io.manybot.local;

import io.manybot.core.problem.Problem;
import io.manybot.core.repo.GitCommitTree;
import io.manybot.core.validation.RepositoryValidator;
import io.manybot.core.validation.ValidationReport;
import io.manybot.core.workspace.CommitInfo;
import io.manybot.core.workspace.SourceRepository;
import java.io.IOException;
import java.util.List;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;

/**
 * Watches the source repository's default branch: on a new commit, re-reads and re-validates the
 * declarations and OWNERS files there. A valid commit replaces the state; a broken one keeps the
 * last good state and reports its problems.
 */
final class DeclarationWatcher {
    private final SourceRepository source;
    private final String declarationsDirectory;
    private final RepositoryValidator validator = new RepositoryValidator();
    private ObjectId tip;
    private volatile Snapshot current; // read by the HTTP API thread (WatcherView)

    /** The declarations in force, read at {@code commit}. */
    record Snapshot(ObjectId commit, String branch, ValidationReport report) {}

    /** What a poll found: the new commits and whether they were taken. */
    record Update(List<CommitInfo> commits, boolean accepted, List<Problem> problems) {}

    DeclarationWatcher(SourceRepository source, String declarationsDirectory) {
        this.source = source;
        this.declarationsDirectory = declarationsDirectory;
    }

    /** The first read: used as it is, errors and all (only the valid declarations take effect). */
    Snapshot load() throws IOException {
        String branch = defaultBranch();
        tip = source.tip(Constants.R_HEADS + branch)
                .orElseThrow(() -> new IOException("branch " + branch + " has no commits in " + source.directory()));
        current = new Snapshot(tip, branch, validate(tip));
        return current;
    }

    Snapshot current() {
        return current;
    }

    /** The default branch's latest commit seen, whether its declarations were taken or not. */
    ObjectId tip() {
        return tip;
    }

    /** The bytes of {@code path} at {@code commit}, or null when the commit has no such file. */
    byte[] read(ObjectId commit, String path, int maxBytes) throws IOException {
        try (GitCommitTree tree = GitCommitTree.at(source.repository(), commit.name())) {
            return tree.isFile(path) ? tree.read(path, maxBytes) : null;
        }
    }

    /** Null when the branch has not moved. */
    Update poll() throws IOException {
        ObjectId now = source.tip(Constants.R_HEADS + current.branch()).orElse(null);
        if (now == null || now.equals(tip)) {
            return null;
        }
        List<CommitInfo> commits = source.commitsBetween(tip, now, 500);
        tip = now;
        ValidationReport report = validate(now);
        if (report.valid()) {
            current = new Snapshot(now, current.branch(), report);
            return new Update(commits, true, report.problems());
        }
        return new Update(commits, false, report.problems());
    }

    private ValidationReport validate(ObjectId commit) throws IOException {
        try (GitCommitTree tree = GitCommitTree.at(source.repository(), commit.name())) {
            return validator.validate(tree, declarationsDirectory);
        }
    }

    private String defaultBranch() throws IOException {
        Ref head = source.repository().exactRef(Constants.HEAD);
        if (head != null && head.isSymbolic()) {
            return org.eclipse.jgit.lib.Repository.shortenRefName(head.getTarget().getName());
        }
        return "main";
    }
}
