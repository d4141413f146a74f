package io.manybot.core.repo;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveAction;

/**
 * The files of a directory on disk. {@code .git} directories are skipped, symbolic links are never
 * followed while listing, and reading a link that resolves outside the root is refused.
 */
public final class WorkingTree implements RepositoryTree {
    private final Path root;
    private final Path realRoot;

    public WorkingTree(Path root) throws IOException {
        if (!Files.isDirectory(root)) {
            throw new NoSuchFileException(root.toString(), null, "not a directory");
        }
        this.root = root;
        this.realRoot = root.toRealPath();
    }

    public Path root() {
        return root;
    }

    @Override
    public String describe() {
        return "working tree of " + root;
    }

    @Override
    public List<String> files() throws IOException {
        List<String> files = new ArrayList<>();
        Queue<List<String>> found = new ConcurrentLinkedQueue<>();
        try {
            ForkJoinPool.commonPool().invoke(new ListDirectory(realRoot, "", found));
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        found.forEach(files::addAll);
        Collections.sort(files);
        return files;
    }

    /**
     * Lists one directory, then its subdirectories in parallel (a large tree is mostly one
     * {@code lstat} per entry, which threads share well). Entries that cannot be read and
     * directories that cannot be opened are skipped; an error while reading a directory fails the
     * listing.
     */
    private static final class ListDirectory extends RecursiveAction {
        private final Path directory;
        private final String prefix;
        private final Queue<List<String>> found;

        ListDirectory(Path directory, String prefix, Queue<List<String>> found) {
            this.directory = directory;
            this.prefix = prefix;
            this.found = found;
        }

        @Override
        protected void compute() {
            List<String> files = new ArrayList<>();
            List<ListDirectory> subdirectories = new ArrayList<>();
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
                for (Path entry : entries) {
                    BasicFileAttributes attributes;
                    try {
                        attributes = Files.readAttributes(entry, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                    } catch (IOException e) {
                        continue;
                    }
                    String name = entry.getFileName().toString();
                    String path = prefix.isEmpty() ? name : prefix + "/" + name;
                    if (attributes.isDirectory()) {
                        if (!name.equals(".git")) {
                            subdirectories.add(new ListDirectory(entry, path, found));
                        }
                    } else if (attributes.isRegularFile() || attributes.isSymbolicLink()) {
                        files.add(path);
                    }
                }
            } catch (DirectoryIteratorException e) {
                throw new UncheckedIOException(e.getCause());
            } catch (IOException e) {
                return;
            }
            found.add(files);
            invokeAll(subdirectories);
        }
    }

    @Override
    public boolean isFile(String path) {
        return Files.isRegularFile(resolve(path));
    }

    @Override
    public byte[] read(String path, int maxBytes) throws IOException {
        Path file = resolve(path);
        if (Files.isSymbolicLink(file) && !file.toRealPath().startsWith(realRoot)) {
            throw new PathRefusedException(path, "symbolic link leads outside the repository");
        }
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(path);
        }
        long size = Files.size(file);
        if (size > maxBytes) {
            throw new FileTooLargeException(path, size, maxBytes);
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes(maxBytes + 1);
            if (bytes.length > maxBytes) {
                throw new FileTooLargeException(path, bytes.length, maxBytes);
            }
            return bytes;
        }
    }

    private Path resolve(String path) {
        String normalized = RepoPath.normalize(path);
        return normalized.isEmpty() ? root : root.resolve(normalized);
    }
}
