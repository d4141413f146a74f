package io.manybot.core.executor.cli;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Writes that would leave the checkout: paths an agent named outside it, symbolic links pointing out of it. */
final class Escapes {
    private Escapes() {}

    /** The paths (as the agent named them) that resolve outside {@code checkout}. */
    static List<String> outside(Path checkout, Collection<String> paths) {
        Path root = checkout.toAbsolutePath().normalize();
        List<String> outside = new ArrayList<>();
        for (String path : paths) {
            try {
                Path resolved = root.resolve(path).normalize();
                if (!resolved.startsWith(root)) {
                    outside.add(path);
                }
            } catch (RuntimeException e) {
                outside.add(path);
            }
        }
        return outside;
    }

    /** Removes every symbolic link in the checkout (outside {@code .git}) whose target is not inside it; returns their paths. */
    static List<String> removeLinksLeaving(Path checkout) {
        Path root = checkout.toAbsolutePath().normalize();
        List<String> removed = new ArrayList<>();
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    return dir.equals(root.resolve(".git")) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    if (attrs.isSymbolicLink()) {
                        Path target = file.getParent().resolve(Files.readSymbolicLink(file)).normalize();
                        if (!target.startsWith(root)) {
                            Files.delete(file);
                            removed.add(root.relativize(file).toString());
                        }
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            removed.add("(could not check the checkout for links: " + e.getMessage() + ")");
        }
        return removed;
    }
}
