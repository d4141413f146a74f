package io.manybot.core.ownership;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.manybot.core.repo.WorkingTree;
import io.manybot.testing.GitRepos;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ownership of each commit of a real repository, read once while the commit is among the eight last asked for. */
class OwnershipCacheTest {
    @TempDir
    Path repo;

    @Test
    void eachCommitIsJudgedByItsOwnOwnersFilesReadOnce() throws Exception {
        GitRepos.write(repo, Map.of("OWNERS", "approvers: [ann]\n"));
        RevCommit first = GitRepos.initAndCommit(repo, "ann owns");
        GitRepos.write(repo, Map.of("OWNERS", "approvers: [bob]\n"));
        RevCommit second = GitRepos.commitAll(repo, "bob owns");
        try (Git git = Git.open(repo.toFile())) {
            OwnershipCache cache = new OwnershipCache(git.getRepository());
            OwnershipIndex atFirst = cache.at(first);
            assertEquals(Decision.WRITE, atFirst.verdict("x.c", Principal.parse("ann")).decision());
            assertEquals(Decision.REVIEW, cache.at(second).verdict("x.c", Principal.parse("ann")).decision());
            assertSame(atFirst, cache.at(ObjectId.fromString(first.name())), "read once");
        }
    }

    @Test
    void anIndexAlreadyReadIsKeptAndTheEighthMostRecentCommitsStay() throws Exception {
        GitRepos.write(repo, Map.of("OWNERS", "approvers: [c0]\n"));
        List<RevCommit> commits = new ArrayList<>(List.of(GitRepos.initAndCommit(repo, "c0")));
        for (int i = 1; i <= 9; i++) {
            GitRepos.write(repo, Map.of("OWNERS", "approvers: [c" + i + "]\n"));
            commits.add(GitRepos.commitAll(repo, "c" + i));
        }
        try (Git git = Git.open(repo.toFile())) {
            OwnershipCache cache = new OwnershipCache(git.getRepository());
            OwnershipIndex given = OwnershipIndex.load(new WorkingTree(repo));
            cache.put(commits.get(0), given);
            assertSame(given, cache.at(commits.get(0)), "kept as given, not read again");
            List<OwnershipIndex> read = new ArrayList<>();
            for (int i = 1; i <= 7; i++) {
                read.add(cache.at(commits.get(i)));
            }
            assertSame(given, cache.at(commits.get(0)), "eight commits fit");
            OwnershipIndex ninth = cache.at(commits.get(8));
            assertEquals(Decision.WRITE, ninth.verdict("x.c", Principal.parse("c8")).decision());
            assertNotSame(read.get(0), cache.at(commits.get(1)), "the least recently asked was dropped and is read again");
            assertSame(given, cache.at(commits.get(0)), "asked recently, so kept");
        }
    }
}
