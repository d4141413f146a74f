package io.manybot.core.repo;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

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
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                return dir.getFileName() != null && dir.getFileName().toString().equals(".git") && !dir.equals(root)
                        ? FileVisitResult.SKIP_SUBTREE
                        : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (attrs.isRegularFile() || attrs.isSymbolicLink()) {
                    files.add(relative(file));
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException exc) {
                return FileVisitResult.CONTINUE;
            }
        });
        Collections.sort(files);
        return files;
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

    private String relative(Path file) {
        String relative = root.relativize(file).toString();
        return file.getFileSystem().getSeparator().equals("/") ? relative : relative.replace(file.getFileSystem().getSeparator(), "/");
    }
}
