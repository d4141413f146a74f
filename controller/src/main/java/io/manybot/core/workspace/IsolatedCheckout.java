package io.manybot.core.workspace;

import io.manybot.core.cycle.ChangedFile.Change;
import io.manybot.core.repo.RepoPath;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEditor;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.dircache.DirCacheIterator;
import org.eclipse.jgit.errors.DirCacheNameConflictException;
import org.eclipse.jgit.errors.IncorrectObjectTypeException;
import org.eclipse.jgit.errors.LockFailedException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.ConfigConstants;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.CanonicalTreeParser;
import org.eclipse.jgit.treewalk.FileTreeIterator;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.WorkingTreeIterator;
import org.eclipse.jgit.treewalk.WorkingTreeOptions;
import org.eclipse.jgit.treewalk.filter.PathFilterGroup;

/**
 * A private checkout of one commit for one cycle: a non-bare repository of its own whose
 * {@code objects/info/alternates} points at the source's object directory, so nothing is copied and
 * only the objects the cycle makes are written here.
 */
public final class IsolatedCheckout implements AutoCloseable {
    /** A file in {@code .git} that marks a directory as an isolated checkout (see {@link #removeLeftover}). */
    static final String MARKER = "manybot-checkout";
    /** The checkout's own branch, at the base commit. */
    static final String BRANCH = "manybot-cycle";

    private final Path directory;
    private final RevCommit base;
    private final Repository repository;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    private IsolatedCheckout(Path directory, RevCommit base, Repository repository) {
        this.directory = directory;
        this.base = base;
        this.repository = repository;
    }

    /**
     * Checks {@code base} (a commit of {@code source}) out into {@code directory}, which must not exist
     * or be empty.
     */
    public static IsolatedCheckout create(SourceRepository source, ObjectId base, Path directory) throws IOException {
        RevCommit commit;
        try (RevWalk walk = new RevWalk(source.repository())) {
            commit = walk.parseCommit(base);
        } catch (MissingObjectException | IncorrectObjectTypeException e) {
            throw new IOException("cannot check out " + base.name() + ": not a commit of " + source.directory(), e);
        }
        if (!Directories.isMissingOrEmpty(directory)) {
            throw new DirectoryNotEmptyException(directory + " (a checkout needs a new or empty directory)");
        }
        Path gitDir = directory.resolve(Constants.DOT_GIT);
        Repository repository = null;
        try {
            Files.createDirectories(gitDir);
            Files.writeString(gitDir.resolve(MARKER), "isolated checkout of " + source.directory() + " at " + commit.name() + "\n");
            try (Repository created = new FileRepositoryBuilder().setWorkTree(directory.toFile()).build()) {
                created.create(false);
                Path info = gitDir.resolve("objects").resolve("info");
                Files.createDirectories(info);
                Files.writeString(info.resolve("alternates"), source.objectsDirectory() + "\n", StandardCharsets.UTF_8);
                inheritSettings(source.repository(), created);
            }
            // Opened again so that the object database reads the alternates file.
            repository = new FileRepositoryBuilder().setWorkTree(directory.toFile()).setMustExist(true).build();
            RefUpdate head = repository.updateRef(Constants.HEAD);
            head.disableRefLog();
            head.link(Constants.R_HEADS + BRANCH);
            RefUpdate branch = repository.updateRef(Constants.R_HEADS + BRANCH);
            branch.setNewObjectId(commit);
            branch.setExpectedOldObjectId(ObjectId.zeroId());
            branch.setRefLogMessage("manybot: checkout " + commit.name(), false);
            RefUpdate.Result result = branch.update();
            if (result != RefUpdate.Result.NEW) {
                throw new IOException("could not set " + BRANCH + " in " + directory + ": " + result);
            }
            CheckoutWriter.write(repository, commit.getTree());
            return new IsolatedCheckout(directory, commit, repository);
        } catch (IOException | RuntimeException e) {
            if (repository != null) {
                repository.close();
            }
            try {
                Directories.delete(directory);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /** Line-ending settings and local ignore/attribute files of the source, so files look as they do there. */
    private static void inheritSettings(Repository source, Repository checkout) throws IOException {
        StoredConfig config = checkout.getConfig();
        for (String key : List.of(ConfigConstants.CONFIG_KEY_AUTOCRLF, ConfigConstants.CONFIG_KEY_EOL)) {
            String value = source.getConfig().getString(ConfigConstants.CONFIG_CORE_SECTION, null, key);
            if (value != null) {
                config.setString(ConfigConstants.CONFIG_CORE_SECTION, null, key, value);
            }
        }
        config.save();
        for (String name : List.of("exclude", "attributes")) {
            Path from = source.getDirectory().toPath().resolve("info").resolve(name);
            if (Files.isRegularFile(from)) {
                Path to = checkout.getDirectory().toPath().resolve("info").resolve(name);
                Files.createDirectories(to.getParent());
                Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    public Path directory() {
        return directory;
    }

    /**
     * Moves the checkout left in {@code directory} by an earlier cycle (of the same source) to
     * {@code base}, discarding every change and every untracked or ignored file, like
     * {@code git reset --hard BASE && git clean -fdx}: only the files that differ are written. Where
     * {@code directory} holds no such checkout, or it cannot be reset, it is made afresh with
     * {@link #create}.
     */
    public static IsolatedCheckout reuseOrCreate(SourceRepository source, ObjectId base, Path directory) throws IOException {
        Path gitDir = directory.resolve(Constants.DOT_GIT);
        Path alternates = gitDir.resolve("objects").resolve("info").resolve("alternates");
        boolean reusable = Files.isRegularFile(gitDir.resolve(MARKER), LinkOption.NOFOLLOW_LINKS) && Files.isRegularFile(alternates)
                && Files.readString(alternates, StandardCharsets.UTF_8).strip().equals(source.objectsDirectory().toString());
        if (reusable) {
            Repository repository = null;
            try (RevWalk walk = new RevWalk(source.repository())) {
                RevCommit commit = walk.parseCommit(base);
                repository = new FileRepositoryBuilder().setWorkTree(directory.toFile()).setMustExist(true).build();
                try (Git git = new Git(repository)) {
                    git.reset().setMode(org.eclipse.jgit.api.ResetCommand.ResetType.HARD).setRef(commit.name()).call();
                    git.clean().setCleanDirectories(true).setIgnore(false).setForce(true).call();
                }
                return new IsolatedCheckout(directory, commit, repository);
            } catch (IOException | GitAPIException | RuntimeException e) {
                if (repository != null) {
                    repository.close();
                }
            }
        }
        removeLeftover(directory);
        return create(source, base, directory);
    }

    /** Closes the checkout's repository and leaves its files for the next cycle of the same bot to reuse. */
    public void release() {
        repository.close();
    }

    public ObjectId base() {
        return base.copy();
    }

    /** The checkout's own repository (its objects include the source's through the alternates). */
    public Repository repository() {
        return repository;
    }

    /**
     * Puts the files of {@code commit} (a commit the checkout's objects hold, e.g. a rebase of its own commit) in the
     * checkout, like {@code git reset --hard COMMIT && git clean -fdx}, to run tests on that tree; returns the
     * checkout's directory. {@link #changes()}, {@link #restore} and {@link #commit} still work against the base.
     */
    public Path resetTo(ObjectId commit) throws IOException {
        try (Git git = new Git(repository)) {
            git.reset().setMode(org.eclipse.jgit.api.ResetCommand.ResetType.HARD).setRef(commit.name()).call();
            git.clean().setCleanDirectories(true).setIgnore(false).setForce(true).call();
        } catch (GitAPIException e) {
            throw new IOException("could not reset " + directory + " to " + commit.name() + ": " + e.getMessage(), e);
        }
        return directory;
    }

    /**
     * What differs in the working files from the base commit, sorted by path: modified, added (not
     * ignored by .gitignore, info/exclude or core.excludesFile) and deleted files; {@code .git} and
     * nested repositories are left out. The checkout's index serves only as a cache of file stats
     * (refreshed here, as {@code git status} does), so a bot staging or committing changes nothing.
     */
    public List<FileChange> changes() throws IOException {
        List<FileChange> changes = new ArrayList<>();
        Map<String, DirCacheEntry> refreshed = new HashMap<>();
        try (TreeWalk walk = new TreeWalk(repository)) {
            int inBase = walk.addTree(base.getTree());
            int inIndex = walk.addTree(new DirCacheIterator(repository.readDirCache()));
            FileTreeIterator files = new FileTreeIterator(repository);
            int inFiles = walk.addTree(files);
            files.setDirCacheIterator(walk, inIndex);
            while (walk.next()) {
                CanonicalTreeParser baseEntry = walk.getTree(inBase, CanonicalTreeParser.class);
                WorkingTreeIterator file = walk.getTree(inFiles, WorkingTreeIterator.class);
                if (baseEntry == null && (file == null || file.isEntryIgnored())) {
                    continue;
                }
                if (walk.isSubtree()) {
                    walk.enterSubtree();
                    continue;
                }
                if (walk.getFileMode(inBase) == FileMode.GITLINK || (file != null && file.getEntryFileMode() == FileMode.GITLINK)) {
                    continue;
                }
                String path = walk.getPathString();
                if (baseEntry == null) {
                    changes.add(new FileChange(path, Change.ADDED));
                } else if (file == null) {
                    changes.add(new FileChange(path, Change.DELETED));
                } else if (walk.getRawMode(inBase) != fileMode(file, walk.getFileMode(inBase)).getBits()
                        || !baseEntry.getEntryObjectId().equals(file.getEntryObjectId())) {
                    changes.add(new FileChange(path, Change.MODIFIED));
                } else {
                    staleStats(walk.getTree(inIndex, DirCacheIterator.class), baseEntry, file, refreshed);
                }
            }
        }
        refreshIndex(refreshed);
        changes.sort(Comparator.comparing(FileChange::path));
        return changes;
    }

    /** Notes the stats of an unchanged file whose index entry is smudged or out of date. */
    private static void staleStats(DirCacheIterator index, CanonicalTreeParser baseEntry, WorkingTreeIterator file,
            Map<String, DirCacheEntry> refreshed) {
        DirCacheEntry entry = index == null ? null : index.getDirCacheEntry();
        if (entry != null && entry.getObjectId().equals(baseEntry.getEntryObjectId())
                && file.compareMetadata(entry) != WorkingTreeIterator.MetadataDiff.EQUAL) {
            DirCacheEntry stats = new DirCacheEntry(entry.getPathString());
            stats.setObjectId(entry.getObjectId());
            stats.setLength(file.getEntryLength());
            stats.setLastModified(file.getEntryLastModifiedInstant());
            refreshed.put(entry.getPathString(), stats);
        }
    }

    /** Writes fresh stats into the index so the next call need not hash unchanged files; skipped when the index is locked. */
    private void refreshIndex(Map<String, DirCacheEntry> refreshed) throws IOException {
        if (refreshed.isEmpty()) {
            return;
        }
        DirCache index;
        try {
            index = repository.lockDirCache();
        } catch (LockFailedException e) {
            return;
        }
        try {
            DirCacheEditor editor = index.editor();
            refreshed.forEach((path, stats) -> editor.add(new DirCacheEditor.PathEdit(path) {
                @Override
                public void apply(DirCacheEntry entry) {
                    if (stats.getObjectId().equals(entry.getObjectId())) {
                        entry.setLength(stats.getLength());
                        entry.setLastModified(stats.getLastModifiedInstant());
                    }
                }
            }));
            editor.commit();
        } finally {
            index.unlock();
        }
    }

    /** The mode git would record for a working file: with core.fileMode off, the executable bit is not read. */
    private FileMode fileMode(WorkingTreeIterator file, FileMode baseMode) {
        FileMode mode = file.getEntryFileMode();
        boolean plain = mode == FileMode.REGULAR_FILE || mode == FileMode.EXECUTABLE_FILE;
        if (!plain || repository.getConfig().get(WorkingTreeOptions.KEY).isFileMode()) {
            return mode;
        }
        return baseMode == FileMode.EXECUTABLE_FILE ? baseMode : FileMode.REGULAR_FILE;
    }

    /** Puts {@code paths} back as they are in the base commit; files the base does not have are deleted. */
    public void restore(Collection<String> paths) throws IOException {
        SortedSet<String> wanted = normalize(paths);
        Set<String> inBase = blobsInBase(wanted);
        List<String> fromBase = new ArrayList<>();
        for (String path : wanted) {
            Path file = directory.resolve(path);
            clearParents(path);
            if (inBase.contains(path)) {
                if (Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS)) {
                    Directories.delete(file);
                }
                fromBase.add(path);
            } else {
                Directories.delete(file);
                pruneEmptyParents(path);
            }
        }
        if (!fromBase.isEmpty()) {
            try (Git git = new Git(repository)) {
                git.checkout().setStartPoint(base).addPaths(fromBase).call();
            } catch (GitAPIException e) {
                throw new IOException("could not restore " + fromBase + " in " + directory + ": " + e.getMessage(), e);
            }
        }
    }

    /** Removes files or symbolic links standing where a parent directory of {@code path} belongs. */
    private void clearParents(String path) throws IOException {
        Path current = directory;
        String[] segments = path.split("/");
        for (int i = 0; i < segments.length - 1; i++) {
            current = current.resolve(segments[i]);
            if (Files.exists(current, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(current, LinkOption.NOFOLLOW_LINKS)) {
                Files.delete(current);
                return;
            }
        }
    }

    private void pruneEmptyParents(String path) throws IOException {
        for (String parent = RepoPath.parent(path); !parent.isEmpty(); parent = RepoPath.parent(parent)) {
            Path dir = directory.resolve(parent);
            if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS) || !Directories.isMissingOrEmpty(dir)) {
                return;
            }
            Files.delete(dir);
        }
    }

    /** Which of {@code paths} are files (blobs or symbolic links) in the base commit. */
    private Set<String> blobsInBase(SortedSet<String> paths) throws IOException {
        Set<String> found = new HashSet<>();
        try (TreeWalk walk = new TreeWalk(repository)) {
            walk.addTree(base.getTree());
            walk.setRecursive(true);
            walk.setFilter(PathFilterGroup.createFromStrings(paths));
            while (walk.next()) {
                if (paths.contains(walk.getPathString()) && walk.getFileMode(0) != FileMode.GITLINK) {
                    found.add(walk.getPathString());
                }
            }
        }
        return found;
    }

    /**
     * Commits exactly {@code paths} as they are in the working files (missing ones are removed) on top
     * of the base commit, into the checkout's own object store. Nothing else moves, here or in the source.
     *
     * @throws IllegalArgumentException when {@code paths} is empty, or a path and a directory of the
     *     resulting tree would collide (a file replaced by a directory needs both paths)
     */
    public ObjectId commit(Collection<String> paths, String message, PersonIdent author) throws IOException {
        if (paths == null || paths.isEmpty()) {
            throw new IllegalArgumentException("a commit needs at least one path");
        }
        SortedSet<String> chosen = normalize(paths);
        DirCache tree = DirCache.newInCore();
        DirCacheBuilder builder = tree.builder();
        try (ObjectInserter inserter = repository.newObjectInserter();
                TreeWalk baseWalk = new TreeWalk(repository);
                TreeWalk fileWalk = new TreeWalk(repository)) {
            baseWalk.addTree(base.getTree());
            baseWalk.setRecursive(true);
            Map<String, FileMode> baseModes = new HashMap<>();
            while (baseWalk.next()) {
                String path = baseWalk.getPathString();
                if (chosen.contains(path)) {
                    baseModes.put(path, baseWalk.getFileMode(0));
                    continue;
                }
                builder.add(entry(path, baseWalk.getFileMode(0), baseWalk.getObjectId(0)));
            }
            // The index rides along so that the file iterator knows the walk (attributes: clean filters, line endings).
            int inIndex = fileWalk.addTree(new DirCacheIterator(repository.readDirCache()));
            FileTreeIterator files = new FileTreeIterator(repository);
            int inFiles = fileWalk.addTree(files);
            files.setDirCacheIterator(fileWalk, inIndex);
            fileWalk.setRecursive(true);
            fileWalk.setFilter(PathFilterGroup.createFromStrings(chosen));
            while (fileWalk.next()) {
                String path = fileWalk.getPathString();
                WorkingTreeIterator file = fileWalk.getTree(inFiles, WorkingTreeIterator.class);
                if (file == null) {
                    continue;
                }
                if (!chosen.contains(path) || file.getEntryFileMode() == FileMode.GITLINK) {
                    continue;
                }
                ObjectId blob;
                try (InputStream content = file.openEntryStream()) {
                    blob = inserter.insert(Constants.OBJ_BLOB, file.getEntryContentLength(), content);
                }
                builder.add(entry(path, fileMode(file, baseModes.get(path)), blob));
            }
            try {
                builder.finish();
            } catch (DirCacheNameConflictException e) {
                throw new IllegalArgumentException("file " + e.getPath1() + " and " + e.getPath2()
                        + " cannot both be in the tree; commit both paths to replace one by the other", e);
            }
            CommitBuilder commit = new CommitBuilder();
            commit.setTreeId(tree.writeTree(inserter));
            commit.setParentId(base);
            commit.setAuthor(author);
            commit.setCommitter(author);
            commit.setMessage(message);
            ObjectId id = inserter.insert(commit);
            inserter.flush();
            return id;
        }
    }

    /** A commit of {@code tree} (written into the checkout's objects) on top of the base commit. */
    public ObjectId commitTree(ObjectId tree, String message, PersonIdent author) throws IOException {
        try (ObjectInserter inserter = repository.newObjectInserter()) {
            CommitBuilder commit = new CommitBuilder();
            commit.setTreeId(tree);
            commit.setParentId(base);
            commit.setAuthor(author);
            commit.setCommitter(author);
            commit.setMessage(message);
            ObjectId id = inserter.insert(commit);
            inserter.flush();
            return id;
        }
    }

    private static DirCacheEntry entry(String path, FileMode mode, ObjectId id) {
        DirCacheEntry entry = new DirCacheEntry(path);
        entry.setFileMode(mode);
        entry.setObjectId(id);
        return entry;
    }

    /** Normalised, sorted paths; refuses anything outside the checkout or inside {@code .git}. */
    private static SortedSet<String> normalize(Collection<String> paths) {
        SortedSet<String> normalized = new TreeSet<>();
        for (String path : paths) {
            String normal = RepoPath.normalize(path);
            if (normal.isEmpty()) {
                throw new IllegalArgumentException("the checkout root is not a file path");
            }
            for (String segment : normal.split("/")) {
                if (segment.toLowerCase(Locale.ROOT).equals(Constants.DOT_GIT)) {
                    throw new IllegalArgumentException("paths inside .git are refused: " + path);
                }
            }
            normalized.add(normal);
        }
        return normalized;
    }

    /** Deletes the checkout directory; fine when it is already gone or closed before. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        repository.close();
        try {
            Directories.delete(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete checkout " + directory, e);
        }
    }

    /**
     * Deletes the checkout of a crashed cycle: a directory holding an isolated checkout, an empty
     * directory, or nothing. Anything else is refused rather than deleted.
     *
     * @throws IllegalArgumentException when {@code directory} is not an isolated checkout
     */
    public static void removeLeftover(Path directory) {
        try {
            if (!Directories.isMissingOrEmpty(directory)
                    && !Files.isRegularFile(directory.resolve(Constants.DOT_GIT).resolve(MARKER), LinkOption.NOFOLLOW_LINKS)) {
                throw new IllegalArgumentException("refusing to delete " + directory + ": not an isolated checkout (no .git/" + MARKER + ")");
            }
            Directories.delete(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete leftover checkout " + directory, e);
        }
    }
}
