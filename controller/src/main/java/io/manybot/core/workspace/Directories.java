package io.manybot.core.workspace;

import java.io.File;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/** Recursive deletion that never follows symbolic links and copes with read-only files and directories. */
public final class Directories {
    private Directories() {}

    /** Deletes {@code path} and everything under it; nothing to do when it does not exist. */
    public static void delete(Path path) throws IOException {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return;
        }
        if (attributes.isDirectory()) {
            for (Path child : children(path)) {
                delete(child);
            }
        }
        try {
            Files.deleteIfExists(path);
        } catch (AccessDeniedException e) {
            makeAccessible(path.getParent());
            path.toFile().setWritable(true);
            Files.deleteIfExists(path);
        }
    }

    /** Whether {@code directory} is missing or an empty directory. */
    static boolean isMissingOrEmpty(Path directory) throws IOException {
        if (!Files.exists(directory, LinkOption.NOFOLLOW_LINKS)) {
            return true;
        }
        if (!Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            return !entries.iterator().hasNext();
        }
    }

    private static List<Path> children(Path directory) throws IOException {
        List<Path> children = new ArrayList<>();
        try {
            list(directory, children);
        } catch (AccessDeniedException e) {
            makeAccessible(directory);
            list(directory, children);
        }
        return children;
    }

    private static void list(Path directory, List<Path> into) throws IOException {
        into.clear();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            entries.forEach(into::add);
        }
    }

    /** Gives the owner read, write and search rights on a directory (a no-op where that is not possible). */
    private static void makeAccessible(Path directory) {
        if (directory == null) {
            return;
        }
        File file = directory.toFile();
        file.setReadable(true, true);
        file.setWritable(true, true);
        file.setExecutable(true, true);
    }
}
