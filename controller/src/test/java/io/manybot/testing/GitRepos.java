package io.manybot.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;

/** Real git repositories for tests, made with JGit in a temporary directory. */
public final class GitRepos {
    private GitRepos() {}

    /** Writes {@code files} (path → content) under {@code root}, creating directories. */
    public static void write(Path root, Map<String, String> files) {
        files.forEach((path, content) -> {
            try {
                Path file = root.resolve(path);
                Files.createDirectories(file.getParent());
                Files.writeString(file, content, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** Initialises a repository at {@code root} (branch main) and commits everything in it. */
    public static RevCommit initAndCommit(Path root, String message) {
        try (Git git = Git.init().setDirectory(root.toFile()).setInitialBranch("main").call()) {
            return commitAll(git, message);
        } catch (GitAPIException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Commits everything in the repository at {@code root}. */
    public static RevCommit commitAll(Path root, String message) {
        try (Git git = Git.open(root.toFile())) {
            return commitAll(git, message);
        } catch (IOException | GitAPIException e) {
            throw new IllegalStateException(e);
        }
    }

    private static RevCommit commitAll(Git git, String message) throws GitAPIException {
        git.add().addFilepattern(".").call();
        git.add().addFilepattern(".").setUpdate(true).call();
        PersonIdent author = new PersonIdent("Test Author", "test@manybot.io");
        return git.commit().setMessage(message).setAuthor(author).setCommitter(author).setSign(false).call();
    }
}
