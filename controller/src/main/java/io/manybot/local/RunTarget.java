package io.manybot.local;

import io.manybot.core.workspace.Directories;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.PersonIdent;

/**
 * The repository `manybot run` works on. A repository root (a work tree with {@code .git}, or a bare
 * repository) is used as it is: bots land in its refs and never touch its working tree. Any other
 * directory (such as {@code examples/repo-with-owners} inside this project) is copied once into a
 * bare repository in the state directory, and the bots work on that copy.
 *
 * @param copied whether the bots work on a copy in the state directory
 */
record RunTarget(Path requested, Path source, boolean copied) {
    static final String COPY = "repository.git";

    static RunTarget prepare(Path requested, Path stateDirectory) throws IOException {
        Path real = requested.toRealPath();
        if (!Files.isDirectory(real)) {
            throw new IOException(requested + " is not a directory");
        }
        if (isRepositoryRoot(real)) {
            return new RunTarget(real, real, false);
        }
        Path copy = stateDirectory.resolve(COPY);
        if (!Files.isDirectory(copy)) {
            copyIntoBareRepository(real, copy, stateDirectory.resolve("import"));
        }
        return new RunTarget(real, copy, true);
    }

    static boolean isRepositoryRoot(Path directory) {
        return Files.exists(directory.resolve(".git"), LinkOption.NOFOLLOW_LINKS)
                || (Files.isRegularFile(directory.resolve("HEAD")) && Files.isDirectory(directory.resolve("objects"))
                        && Files.isDirectory(directory.resolve("refs")));
    }

    private static void copyIntoBareRepository(Path from, Path bare, Path staging) throws IOException {
        Directories.delete(staging);
        copyTree(from, staging);
        try (Git git = Git.init().setDirectory(staging.toFile()).setInitialBranch("main").call()) {
            git.add().addFilepattern(".").call();
            PersonIdent who = new PersonIdent("manybot", "manybot@localhost");
            git.commit().setMessage("Copy of " + from + "\n\nmanybot run works on this copy: " + from
                    + " is not a repository root.").setAuthor(who).setCommitter(who).setSign(false).call();
            Path partial = bare.resolveSibling(bare.getFileName() + ".partial");
            Directories.delete(partial);
            Git.cloneRepository().setBare(true).setURI(staging.toUri().toString()).setDirectory(partial.toFile()).call().close();
            Files.move(partial, bare, StandardCopyOption.ATOMIC_MOVE);
        } catch (GitAPIException e) {
            throw new IOException("could not copy " + from + " into " + bare + ": " + e.getMessage(), e);
        } finally {
            Directories.delete(staging);
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                if (dir.getFileName() != null && dir.getFileName().toString().equals(".git") && !dir.equals(from)) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                Files.createDirectories(to.resolve(from.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (attrs.isRegularFile()) {
                    Files.copy(file, to.resolve(from.relativize(file).toString()), StandardCopyOption.COPY_ATTRIBUTES);
                }
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
