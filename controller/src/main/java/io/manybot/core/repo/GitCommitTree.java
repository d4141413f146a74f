package io.manybot.core.repo;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevTree;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;

/** The files of one commit of a git repository, read through JGit without a checkout. */
public final class GitCommitTree implements RepositoryTree, AutoCloseable {
    private final Repository repository;
    private final RevCommit commit;
    private final RevTree tree;
    private final boolean ownsRepository;

    private GitCommitTree(Repository repository, RevCommit commit, boolean ownsRepository) {
        this.repository = repository;
        this.commit = commit;
        this.tree = commit.getTree();
        this.ownsRepository = ownsRepository;
    }

    /** The files of {@code revision} in an already open repository, which {@link #close()} leaves open. */
    public static GitCommitTree at(Repository repository, String revision) throws IOException {
        return new GitCommitTree(repository, resolve(repository, revision), false);
    }

    /** Opens the repository containing {@code directory} at {@code revision} (a branch, tag or id). */
    public static GitCommitTree open(Path directory, String revision) throws IOException {
        FileRepositoryBuilder builder = new FileRepositoryBuilder().readEnvironment().findGitDir(directory.toAbsolutePath().toFile());
        if (builder.getGitDir() == null) {
            throw new NoSuchFileException(directory.toString(), null, "not a git repository (needed for --rev)");
        }
        Repository repository = builder.setMustExist(true).build();
        try {
            return new GitCommitTree(repository, resolve(repository, revision), true);
        } catch (IOException | RuntimeException e) {
            repository.close();
            throw e;
        }
    }

    private static RevCommit resolve(Repository repository, String revision) throws IOException {
        ObjectId id = repository.resolve(revision + "^{commit}");
        if (id == null) {
            throw new NoSuchFileException(revision, null, "no such revision in " + repository.getDirectory());
        }
        try (RevWalk walk = new RevWalk(repository)) {
            return walk.parseCommit(id);
        }
    }

    /** The repository the commit is read from. */
    public Repository repository() {
        return repository;
    }

    public RevCommit commit() {
        return commit;
    }

    @Override
    public String describe() {
        return "commit " + commit.abbreviate(10).name() + " of " + repository.getDirectory();
    }

    @Override
    public List<String> files() throws IOException {
        List<String> files = new ArrayList<>();
        try (TreeWalk walk = new TreeWalk(repository)) {
            walk.addTree(tree);
            walk.setRecursive(true);
            while (walk.next()) {
                FileMode mode = walk.getFileMode(0);
                if (mode == FileMode.REGULAR_FILE || mode == FileMode.EXECUTABLE_FILE || mode == FileMode.SYMLINK) {
                    files.add(walk.getPathString());
                }
            }
        }
        return files;
    }

    @Override
    public boolean isFile(String path) throws IOException {
        String normalized = RepoPath.normalize(path);
        if (normalized.isEmpty()) {
            return false;
        }
        try (TreeWalk walk = TreeWalk.forPath(repository, normalized, tree)) {
            return walk != null && (walk.getFileMode(0).getObjectType() == Constants.OBJ_BLOB);
        }
    }

    @Override
    public byte[] read(String path, int maxBytes) throws IOException {
        String normalized = RepoPath.normalize(path);
        try (TreeWalk walk = normalized.isEmpty() ? null : TreeWalk.forPath(repository, normalized, tree)) {
            if (walk == null || walk.getFileMode(0).getObjectType() != Constants.OBJ_BLOB) {
                throw new NoSuchFileException(path, null, "not a file in " + describe());
            }
            if (walk.getFileMode(0) == FileMode.SYMLINK) {
                throw new PathRefusedException(path, "is a symbolic link; declarations are read from regular files only");
            }
            ObjectLoader loader = repository.open(walk.getObjectId(0), Constants.OBJ_BLOB);
            if (loader.getSize() > maxBytes) {
                throw new FileTooLargeException(path, loader.getSize(), maxBytes);
            }
            return loader.getCachedBytes(maxBytes);
        }
    }

    @Override
    public void close() {
        if (ownsRepository) {
            repository.close();
        }
    }
}
