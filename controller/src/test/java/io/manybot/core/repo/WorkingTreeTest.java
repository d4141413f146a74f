package io.manybot.core.repo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.manybot.testing.GitRepos;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkingTreeTest {
    @TempDir
    Path dir;

    @Test
    void aRepositoryReachedThroughASymbolicLinkListsItsFilesAndSkipsGit() throws Exception {
        Path repo = dir.resolve("repo");
        GitRepos.write(repo, Map.of("a/OWNERS", "approvers: [x]\n", "b.txt", "b\n"));
        GitRepos.initAndCommit(repo, "files");
        Path link = Files.createSymbolicLink(dir.resolve("link"), repo);
        assertEquals(List.of("a/OWNERS", "b.txt"), new WorkingTree(link).files());
    }

    @Test
    void readingIsCappedAndConfinedToTheTree() throws Exception {
        Path repo = Files.createDirectories(dir.resolve("repo"));
        Files.writeString(repo.resolve("big"), "x".repeat(100));
        WorkingTree tree = new WorkingTree(repo);
        FileTooLargeException tooLarge = assertThrows(FileTooLargeException.class, () -> tree.read("big", 10));
        assertEquals(100, tooLarge.size());
        assertThrows(PathRefusedException.class, () -> tree.read("../outside", 10));
    }
}
