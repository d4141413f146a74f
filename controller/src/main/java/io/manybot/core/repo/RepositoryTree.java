package io.manybot.core.repo;

import java.io.IOException;
import java.util.List;

/**
 * A read-only view of the files of a repository at one moment: its working tree or one commit.
 * Paths are repository-relative and normalised (see {@link RepoPath}).
 */
public interface RepositoryTree {

    /** What this tree is, for messages ("working tree of /x", "commit 1a2b3c of /x"). */
    String describe();

    /** Every regular file of the tree (no directories, no {@code .git}), sorted. */
    List<String> files() throws IOException;

    /** Whether a regular file exists at {@code path}. */
    boolean isFile(String path) throws IOException;

    /**
     * The bytes of the file at {@code path}.
     *
     * @throws FileTooLargeException when the file holds more than {@code maxBytes}
     * @throws PathRefusedException when the file is a symbolic link leading out of the tree
     */
    byte[] read(String path, int maxBytes) throws IOException;
}
