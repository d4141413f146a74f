package io.manybot.core.landing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.manybot.testing.GitRepos;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The in-core rebase on a real repository: what merges, what conflicts, what the rebased commit is. */
class InCoreRebaseTest {
    @TempDir
    Path work;

    private static final String DELETED = "<deleted>";

    private Git git;
    private RevCommit base;

    @BeforeEach
    void repository() throws Exception {
        GitRepos.write(work, Map.of("a.txt", "one\ntwo\nthree\nfour\nfive\nsix\n", "b.txt", "b\n", "gone.txt", "gone\n"));
        GitRepos.initAndCommit(work, "initial");
        git = Git.open(work.toFile());
        base = git.log().call().iterator().next();
    }

    private RevCommit commitOn(RevCommit parent, String branch, Map<String, String> files, String message) throws Exception {
        git.checkout().setName(branch).setCreateBranch(true).setStartPoint(parent).call();
        for (var file : files.entrySet()) {
            if (file.getValue().equals(DELETED)) {
                git.rm().addFilepattern(file.getKey()).call();
            } else {
                Files.writeString(work.resolve(file.getKey()), file.getValue());
                git.add().addFilepattern(file.getKey()).call();
            }
        }
        return git.commit().setMessage(message).setAuthor("fixer (manybot)", "fixer@bots.manybot.io").call();
    }

    @Test
    void disjointAndCleanlyMergedChangesRebaseOntoTheNewTipKeepingMessageAndAuthor() throws Exception {
        RevCommit cycle = commitOn(base, "cycle", Map.of("a.txt", "ONE\ntwo\nthree\nfour\nfive\nsix\n"),
                "fixer tidies\n\nManybot-Cycle: c7\n");
        RevCommit other = commitOn(base, "other", Map.of("b.txt", "B\n"), "other");
        RevCommit tip = commitOn(other, "tip", Map.of("a.txt", "one\ntwo\nthree\nfour\nfive\nSIX\n"), "tip");
        Repository repo = git.getRepository();

        Rebased rebased = InCoreRebase.rebase(repo, cycle, base, tip);

        assertTrue(rebased.clean());
        assertEquals(2, rebased.over());
        assertEquals(List.of("a.txt"), rebased.changed());
        assertEquals(List.of("a.txt"), rebased.overlap(), "both changed a.txt; git merged it");
        try (RevWalk walk = new RevWalk(repo)) {
            RevCommit made = walk.parseCommit(rebased.commit());
            assertEquals(tip, made.getParent(0));
            assertEquals(1, made.getParentCount());
            assertEquals(cycle.getFullMessage(), made.getFullMessage());
            assertEquals(cycle.getAuthorIdent(), made.getAuthorIdent());
            assertEquals("ONE\ntwo\nthree\nfour\nfive\nSIX\n", read(repo, made, "a.txt"));
            assertEquals("B\n", read(repo, made, "b.txt"));
        }
        assertEquals(rebased.commit(), InCoreRebase.rebase(repo, cycle, base, tip).commit(), "the same inputs give the same commit");
    }

    @Test
    void overlappingHunksAndModifyDeleteAreConflictsAndNothingIsMade() throws Exception {
        RevCommit cycle = commitOn(base, "cycle", Map.of("a.txt", "uno\ntwo\nthree\nfour\nfive\nsix\n", "gone.txt", "kept\n"), "cycle");
        RevCommit tip = commitOn(base, "tip", Map.of("a.txt", "eins\ntwo\nthree\nfour\nfive\nsix\n", "gone.txt", DELETED), "tip");

        Rebased rebased = InCoreRebase.rebase(git.getRepository(), cycle, base, tip);

        assertEquals(List.of("a.txt", "gone.txt"), rebased.conflicts());
        assertNull(rebased.commit());
        assertEquals(1, rebased.over());
    }

    @Test
    void aTipThatHasNotMovedGivesTheCommitBack() throws Exception {
        RevCommit cycle = commitOn(base, "cycle", Map.of("b.txt", "bee\n"), "cycle");

        Rebased rebased = InCoreRebase.rebase(git.getRepository(), cycle, base, base);

        assertEquals(cycle, rebased.commit());
        assertEquals(0, rebased.over());
    }

    private static String read(Repository repo, RevCommit commit, String path) throws Exception {
        try (TreeWalk walk = TreeWalk.forPath(repo, path, commit.getTree())) {
            return new String(repo.open(walk.getObjectId(0)).getBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }
}
