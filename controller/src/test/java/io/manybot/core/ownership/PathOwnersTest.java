package io.manybot.core.ownership;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.manybot.core.repo.PathRefusedException;
import io.manybot.core.repo.WorkingTree;
import io.manybot.testing.GitRepos;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What both homes' {@code owners?path=...&as=...} and the dashboard's ownership explorer answer:
 * {@link PathOwners} for one path and principal, {@link OwnershipTree} for the directories.
 */
class PathOwnersTest {
    @TempDir
    Path repo;
    OwnershipIndex index;

    @BeforeEach
    void loadTree() throws Exception {
        GitRepos.write(repo, Map.of(
                "OWNERS_ALIASES", "aliases:\n  core: [ann, bob]\n",
                "a/OWNERS", "primary: human:ann\ndelegates: [human:abe]\nreviewers: {required: [human:sec]}\n",
                "a/b/c.txt", "",
                "p/OWNERS", "approvers: [core]\n",
                "CODEOWNERS", "/z @Zed\n",
                "z/y.txt", "",
                "n/m.txt", ""));
        index = OwnershipIndex.load(new WorkingTree(repo));
        assertEquals(List.of(), index.problems());
    }

    @Test
    void theAnswerNamesTheFilesTheOwnersWithTheirLinesAndTheVerdict() {
        PathOwners owners = PathOwners.of(index, "./a/b//c.txt", "human:sec");
        assertEquals(new PathOwners("a/b/c.txt", "owners", List.of(new PathOwners.GoverningFile("a/OWNERS", "manybot")),
                        List.of(new PathOwners.Owner("human:ann", "a/OWNERS:1:10"), new PathOwners.Owner("human:abe", "a/OWNERS:2:13")),
                        List.of(new PathOwners.Owner("human:sec", "a/OWNERS:3:24")),
                        new PathOwners.Judgement("human:sec", "review",
                                "human:sec is not an owner of a/b/c.txt; the owners in a/OWNERS must review", "a/OWNERS:1:10")),
                owners);
        assertEquals(new PathOwners.Judgement("human:bob", "write", "approver at p/OWNERS:1:13 via alias core", "p/OWNERS:1:13"),
                PathOwners.of(index, "p/q.txt", "bob").verdict());
        assertEquals(List.of(new PathOwners.GoverningFile("p/OWNERS", "prow")), PathOwners.of(index, "p/q.txt", "bob").governingFiles());
    }

    @Test
    void codeOwnersAndUngovernedPathsSayWhereTheAnswerComesFrom() {
        PathOwners z = PathOwners.of(index, "z/y.txt", "human:zed");
        assertEquals("codeowners", z.source());
        assertEquals(List.of(), z.governingFiles());
        assertEquals(List.of(new PathOwners.Owner("human:zed", "CODEOWNERS:1:4")), z.owners());
        assertEquals(new PathOwners.Judgement("human:zed", "write", "CODEOWNERS owner at CODEOWNERS:1:4", "CODEOWNERS:1:4"), z.verdict());
        PathOwners n = PathOwners.of(index, "n/m.txt", null);
        assertEquals("none", n.source());
        assertEquals(new PathOwners.Judgement(PathOwners.ANONYMOUS, "refused",
                "no OWNERS file or CODEOWNERS entry governs n/m.txt: nobody could review a change", null), n.verdict());
        assertEquals(PathOwners.ANONYMOUS, PathOwners.of(index, "n/m.txt", "  ").verdict().principal(), "a blank principal is anonymous");
    }

    @Test
    void aMissingPathIsRefusedWithAHintAndAPathLeavingTheRepositoryIsRefused() {
        for (String blank : Arrays.asList(null, "", "  ")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PathOwners.of(index, blank, "bob"));
            assertEquals("the path is required, e.g. owners?path=src/a.py", e.getMessage());
        }
        assertThrows(PathRefusedException.class, () -> PathOwners.of(index, "../etc/passwd", "bob"));
    }

    @Test
    void theTreeListsEachDirectoryParentsFirstWithItsSourceFileAndOwners() {
        OwnershipTree tree = OwnershipTree.of(index, 100);
        assertEquals(List.of(
                        new OwnershipTree.DirectoryOwners("", "none", null, List.of()),
                        new OwnershipTree.DirectoryOwners("a", "owners", "a/OWNERS", List.of("human:ann", "human:abe")),
                        new OwnershipTree.DirectoryOwners("a/b", "owners", "a/OWNERS", List.of("human:ann", "human:abe")),
                        new OwnershipTree.DirectoryOwners("n", "none", null, List.of()),
                        new OwnershipTree.DirectoryOwners("p", "owners", "p/OWNERS", List.of("human:ann", "human:bob")),
                        new OwnershipTree.DirectoryOwners("z", "codeowners", null, List.of("human:zed"))),
                tree.directories());
        assertEquals(6, tree.total());
        assertEquals(false, tree.truncated());
        assertEquals(false, OwnershipTree.of(index, 6).truncated(), "exactly all of them");
    }

    @Test
    void theTreeStopsAtTheLimitAndSaysSo() {
        OwnershipTree tree = OwnershipTree.of(index, 2);
        assertEquals(List.of("", "a"), tree.directories().stream().map(OwnershipTree.DirectoryOwners::path).toList());
        assertEquals(6, tree.total());
        assertEquals(true, tree.truncated());
        OwnershipTree five = OwnershipTree.of(index, 5);
        assertEquals(5, five.directories().size());
        assertEquals(true, five.truncated());
    }
}
