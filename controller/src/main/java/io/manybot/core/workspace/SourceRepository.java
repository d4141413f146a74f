package io.manybot.core.workspace;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.internal.storage.file.ObjectDirectory;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.RepositoryCache;
import org.eclipse.jgit.revwalk.FooterLine;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.EmptyTreeIterator;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.TreeFilter;
import org.eclipse.jgit.util.FS;

/**
 * The repository bots work on: a local git repository, bare or with a working tree. Only refs and
 * objects are ever written; the working tree and the index are never touched.
 */
public final class SourceRepository implements AutoCloseable {
    /** The trailer naming the cycle that made a commit. */
    public static final String CYCLE_TRAILER = "Manybot-Cycle";
    /** Where a checked-out branch's cycles land instead: {@code refs/heads/manybot/<branch>}. */
    public static final String REDIRECT_PREFIX = Constants.R_HEADS + "manybot/";

    private final Path directory;
    private final Repository repository;

    private SourceRepository(Path directory, Repository repository) {
        this.directory = directory;
        this.repository = repository;
    }

    /** Opens a working tree (its {@code .git} directory or file) or a bare repository directory. */
    public static SourceRepository open(Path directory) throws IOException {
        FileRepositoryBuilder builder = new FileRepositoryBuilder().setMustExist(true);
        File dir = directory.toAbsolutePath().normalize().toFile();
        if (Files.exists(dir.toPath().resolve(Constants.DOT_GIT))) {
            builder.setWorkTree(dir);
        } else if (Files.isDirectory(dir.toPath()) && RepositoryCache.FileKey.isGitRepository(dir, FS.DETECTED)) {
            builder.setGitDir(dir).setBare();
        } else {
            throw new NoSuchFileException(directory.toString(), null, "not a git repository (no .git, not a bare repository)");
        }
        Repository repository = builder.build();
        return new SourceRepository(directory, repository);
    }

    public Path directory() {
        return directory;
    }

    public Repository repository() {
        return repository;
    }

    /** The source's object directory, which checkouts borrow through their alternates file. */
    Path objectsDirectory() {
        return ((ObjectDirectory) repository.getObjectDatabase()).getDirectory().toPath().toAbsolutePath();
    }

    /**
     * Where cycles for {@code branch} land: {@code refs/heads/<branch>}, or
     * {@code refs/heads/manybot/<branch>} (redirected) when the branch is checked out in the source's
     * working tree, since moving it there would desynchronise the user's files from their HEAD.
     */
    public LandingTarget target(String branch) throws IOException {
        String ref = Constants.R_HEADS + branch;
        if (branch == null || branch.isBlank() || !Repository.isValidRefName(ref)) {
            throw new IllegalArgumentException("not a valid branch name: " + branch);
        }
        if (isCheckedOut(ref)) {
            return new LandingTarget(branch, REDIRECT_PREFIX + branch, true);
        }
        return new LandingTarget(branch, ref, false);
    }

    /** Whether {@code ref} is the branch HEAD names in a repository with a working tree. */
    boolean isCheckedOut(String ref) throws IOException {
        if (repository.isBare()) {
            return false;
        }
        Ref head = repository.exactRef(Constants.HEAD);
        return head != null && head.isSymbolic() && head.getTarget().getName().equals(ref);
    }

    /** The commit {@code ref} points at, if it exists. */
    public Optional<ObjectId> tip(String ref) throws IOException {
        Ref found = repository.exactRef(ref);
        return found == null ? Optional.empty() : Optional.ofNullable(found.getObjectId());
    }

    /** The commit a cycle starts from: the tip of the landing ref, else of the branch itself. */
    public ObjectId base(LandingTarget target) throws IOException {
        Optional<ObjectId> tip = tip(target.ref());
        if (tip.isEmpty()) {
            tip = tip(Constants.R_HEADS + target.branch());
        }
        return tip.orElseThrow(() -> new IOException("branch " + target.branch() + " does not exist in " + directory));
    }

    /**
     * Commits reachable from {@code to} and not from {@code from} (null: all of {@code to}'s history),
     * newest first, at most {@code max}, each with its changed paths.
     */
    public List<CommitInfo> commitsBetween(ObjectId from, ObjectId to, int max) throws IOException {
        List<CommitInfo> commits = new ArrayList<>();
        try (RevWalk walk = new RevWalk(repository)) {
            walk.markStart(walk.parseCommit(to));
            if (from != null) {
                walk.markUninteresting(walk.parseCommit(from));
            }
            for (RevCommit commit = walk.next(); commit != null && commits.size() < max; commit = walk.next()) {
                commits.add(info(walk, commit));
            }
        }
        return commits;
    }

    private CommitInfo info(RevWalk walk, RevCommit commit) throws IOException {
        PersonIdent author = commit.getAuthorIdent();
        return new CommitInfo(commit.name(), author.getName(), author.getEmailAddress(), author.getWhenAsInstant(),
                commit.getShortMessage(), CommitMessages.trailers(commit.getFullMessage()), changedPaths(walk, commit));
    }

    private List<String> changedPaths(RevWalk walk, RevCommit commit) throws IOException {
        List<String> paths = new ArrayList<>();
        ObjectReader reader = walk.getObjectReader();
        try (TreeWalk tree = new TreeWalk(repository, reader)) {
            tree.setRecursive(true);
            tree.setFilter(TreeFilter.ANY_DIFF);
            if (commit.getParentCount() > 0) {
                tree.addTree(walk.parseCommit(commit.getParent(0)).getTree());
            } else {
                tree.addTree(new EmptyTreeIterator());
            }
            tree.addTree(commit.getTree());
            while (tree.next()) {
                paths.add(tree.getPathString());
            }
        }
        return paths;
    }

    /**
     * The commit of cycle {@code cycleId} among the last {@code depth} first-parent commits of
     * {@code ref} (found by its {@value #CYCLE_TRAILER} trailer), if any.
     */
    public Optional<ObjectId> findCycleCommit(String ref, String cycleId, int depth) throws IOException {
        Optional<ObjectId> tip = tip(ref);
        if (tip.isEmpty()) {
            return Optional.empty();
        }
        try (RevWalk walk = new RevWalk(repository)) {
            walk.setFirstParent(true);
            walk.markStart(walk.parseCommit(tip.get()));
            int seen = 0;
            for (RevCommit commit = walk.next(); commit != null && seen < depth; commit = walk.next(), seen++) {
                if (FooterLine.getValues(commit.getFooterLines(), CYCLE_TRAILER).contains(cycleId)) {
                    return Optional.of(commit.copy());
                }
            }
        }
        return Optional.empty();
    }

    @Override
    public void close() {
        repository.close();
    }
}
