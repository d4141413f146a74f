package io.manybot.core.workspace;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheCheckout;
import org.eclipse.jgit.dircache.DirCacheCheckout.CheckoutMetadata;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.dircache.InvalidPathException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.CoreConfig.SymLinks;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.TreeWalk.OperationType;
import org.eclipse.jgit.treewalk.WorkingTreeOptions;
import org.eclipse.jgit.util.FS;
import org.eclipse.jgit.util.RawParseUtils;

/**
 * Writes a tree into the empty working directory of a new repository, and the matching index: what
 * {@code DirCacheCheckout} does, without its per-file temporary file and rename (nothing can be
 * overwritten in a new directory), about a third faster on 10,000 files. Smudge filters, end-of-line
 * attributes, symbolic links and executable bits are applied through JGit as a checkout would; paths
 * are validated by {@link DirCacheEntry} (no {@code ..}, no {@code .git}).
 */
final class CheckoutWriter {
    private final Repository repository;
    private final Path root;
    private final WorkingTreeOptions options;
    private final FS fs;
    private final Set<Path> directories = new HashSet<>();
    private final Set<String> symbolicLinks = new HashSet<>();

    private CheckoutWriter(Repository repository) {
        this.repository = repository;
        this.root = repository.getWorkTree().toPath();
        this.options = repository.getConfig().get(WorkingTreeOptions.KEY);
        this.fs = repository.getFS();
    }

    /** Writes {@code tree}'s files under the repository's (empty) work tree and replaces its index. */
    static void write(Repository repository, ObjectId tree) throws IOException {
        new CheckoutWriter(repository).writeAll(tree);
    }

    private void writeAll(ObjectId tree) throws IOException {
        DirCache index = repository.lockDirCache();
        try (ObjectReader reader = repository.newObjectReader(); TreeWalk walk = new TreeWalk(repository, reader)) {
            DirCacheBuilder builder = index.builder();
            walk.setOperationType(OperationType.CHECKOUT_OP);
            walk.addTree(tree);
            walk.setRecursive(true);
            while (walk.next()) {
                DirCacheEntry entry;
                try {
                    entry = new DirCacheEntry(walk.getRawPath());
                } catch (InvalidPathException e) {
                    throw new IOException("refusing to check out " + tree.name() + ": " + e.getMessage(), e);
                }
                entry.setFileMode(walk.getFileMode(0));
                entry.setObjectId(walk.getObjectId(0));
                write(walk, reader, entry);
                builder.add(entry);
            }
            if (!builder.commit()) {
                throw new IOException("could not write the index of " + root);
            }
        } finally {
            index.unlock();
        }
    }

    private void write(TreeWalk walk, ObjectReader reader, DirCacheEntry entry) throws IOException {
        String path = entry.getPathString();
        Path file = root.resolve(path);
        createParent(path, file);
        FileMode mode = entry.getFileMode();
        if (mode == FileMode.GITLINK) {
            Files.createDirectories(file);
            return;
        }
        ObjectLoader blob = reader.open(entry.getObjectId(), Constants.OBJ_BLOB);
        if (mode == FileMode.SYMLINK && options.getSymLinks() != SymLinks.FALSE && fs.supportsSymlinks()) {
            fs.createSymLink(file.toFile(), RawParseUtils.decode(blob.getCachedBytes()));
            symbolicLinks.add(path.toLowerCase(Locale.ROOT));
        } else {
            CheckoutMetadata metadata = new CheckoutMetadata(walk.getEolStreamType(OperationType.CHECKOUT_OP),
                    walk.getFilterCommand(Constants.ATTR_FILTER_TYPE_SMUDGE));
            try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                DirCacheCheckout.getContent(repository, path, metadata, blob, options, out);
            }
            if (mode == FileMode.EXECUTABLE_FILE && options.isFileMode() && fs.supportsExecute()) {
                fs.setExecute(file.toFile(), true);
            }
        }
        BasicFileAttributes written = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        entry.setLength(written.size());
        entry.setLastModified(written.lastModifiedTime().toInstant());
    }

    /** Creates the parent directories, refusing to go through a link this checkout made (case-insensitive file systems). */
    private void createParent(String path, Path file) throws IOException {
        if (!symbolicLinks.isEmpty()) {
            String lower = path.toLowerCase(Locale.ROOT);
            for (int slash = lower.indexOf('/'); slash > 0; slash = lower.indexOf('/', slash + 1)) {
                if (symbolicLinks.contains(lower.substring(0, slash))) {
                    throw new IOException("refusing to write " + path + " through the symbolic link " + path.substring(0, slash));
                }
            }
        }
        Path parent = file.getParent();
        if (directories.add(parent)) {
            Files.createDirectories(parent);
        }
    }
}
