package io.manybot.core.workspace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.manybot.testing.GitRepos;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A bot's checkout kept between cycles is reset to the new base exactly, as if made afresh. */
class WorkspaceReuseTest {
    @TempDir
    Path temp;

    @Test
    void aReusedCheckoutMatchesTheNewBaseWithNothingLeftOver() throws Exception {
        Path repo = temp.resolve("repo");
        GitRepos.write(repo, Map.of("a.txt", "one\n", "gone.txt", "old\n", ".gitignore", "*.pyc\n"));
        RevCommit first = GitRepos.initAndCommit(repo, "first");
        Path dir = temp.resolve("checkouts/bot");
        try (SourceRepository source = SourceRepository.open(repo)) {
            IsolatedCheckout checkout = IsolatedCheckout.create(source, first, dir);
            Files.writeString(dir.resolve("a.txt"), "edited by the last cycle\n");
            Files.writeString(dir.resolve("untracked.txt"), "junk\n");
            Files.createDirectories(dir.resolve("cache"));
            Files.writeString(dir.resolve("cache/x.pyc"), "ignored\n");
            checkout.release();

            Files.writeString(repo.resolve("a.txt"), "two\n");
            Files.writeString(repo.resolve("new.txt"), "new\n");
            Files.delete(repo.resolve("gone.txt"));
            RevCommit second = GitRepos.commitAll(repo, "second");

            try (IsolatedCheckout reused = IsolatedCheckout.reuseOrCreate(source, second, dir)) {
                assertEquals(second, reused.base());
                assertEquals(List.of(), reused.changes());
                assertEquals("two\n", Files.readString(dir.resolve("a.txt")));
                assertEquals("new\n", Files.readString(dir.resolve("new.txt")));
                assertFalse(Files.exists(dir.resolve("gone.txt")));
                assertFalse(Files.exists(dir.resolve("untracked.txt")));
                assertFalse(Files.exists(dir.resolve("cache/x.pyc")), "ignored files go too");
            }
            assertFalse(Files.exists(dir), "close() still deletes");
        }
    }

    @Test
    void onlyFilesThatDifferAreRewrittenAndACheckoutOfAnotherSourceIsMadeAfresh() throws Exception {
        Path repo = temp.resolve("repo");
        GitRepos.write(repo, Map.of("same.txt", "same\n", "a.txt", "one\n"));
        RevCommit first = GitRepos.initAndCommit(repo, "first");
        Path dir = temp.resolve("checkouts/bot");
        try (SourceRepository source = SourceRepository.open(repo)) {
            IsolatedCheckout.create(source, first, dir).release();
            Object sameFile = Files.getAttribute(dir.resolve("same.txt"), "unix:ino");
            Object changedFile = Files.getAttribute(dir.resolve("a.txt"), "unix:ino");
            Files.writeString(repo.resolve("a.txt"), "two\n");
            RevCommit second = GitRepos.commitAll(repo, "second");

            IsolatedCheckout.reuseOrCreate(source, second, dir).release();

            assertEquals(sameFile, Files.getAttribute(dir.resolve("same.txt"), "unix:ino"), "an unchanged file is left as it is");
            assertEquals("two\n", Files.readString(dir.resolve("a.txt")));
            assertNotEquals(changedFile, Files.getAttribute(dir.resolve("a.txt"), "unix:ino"));
        }

        // The same directory, now wanted for a bot of another repository: nothing of the old checkout is reused.
        Path other = temp.resolve("other");
        GitRepos.write(other, Map.of("same.txt", "same\n", "b.txt", "other\n"));
        RevCommit otherFirst = GitRepos.initAndCommit(other, "other");
        try (SourceRepository source = SourceRepository.open(other)) {
            // A witness the old checkout carries and a fresh one cannot: an inode number may be reused once the old file is gone.
            java.nio.file.attribute.FileTime old = java.nio.file.attribute.FileTime.from(java.time.Instant.parse("2001-01-01T00:00:00Z"));
            Files.setLastModifiedTime(dir.resolve("same.txt"), old);
            try (IsolatedCheckout fresh = IsolatedCheckout.reuseOrCreate(source, otherFirst, dir)) {
                assertEquals(otherFirst, fresh.base());
                assertEquals(List.of(), fresh.changes());
                assertFalse(Files.exists(dir.resolve("a.txt")));
                assertEquals("other\n", Files.readString(dir.resolve("b.txt")));
                assertNotEquals(old, Files.getLastModifiedTime(dir.resolve("same.txt")), "made afresh");
                assertEquals(source.objectsDirectory().toString() + "\n",
                        Files.readString(dir.resolve(".git/objects/info/alternates")), "borrowing the new source's objects");
            }
        }
    }

    @Test
    void aLeftoverCheckoutThatCannotBeResetIsMadeAfresh() throws Exception {
        Path repo = temp.resolve("repo");
        GitRepos.write(repo, Map.of("a.txt", "one\n"));
        RevCommit first = GitRepos.initAndCommit(repo, "first");
        Path dir = temp.resolve("checkouts/bot");
        try (SourceRepository source = SourceRepository.open(repo)) {
            IsolatedCheckout.create(source, first, dir).release();
            Files.delete(dir.resolve(".git/HEAD")); // a crash left the checkout's repository broken
            Files.writeString(dir.resolve("a.txt"), "edited\n");
            try (IsolatedCheckout fresh = IsolatedCheckout.reuseOrCreate(source, first, dir)) {
                assertEquals(List.of(), fresh.changes());
                assertEquals("one\n", Files.readString(dir.resolve("a.txt")));
                assertTrue(Files.isRegularFile(dir.resolve(".git/HEAD")));
            }
            // A directory holding the marker but no alternates file is no reusable checkout either.
            IsolatedCheckout.create(source, first, dir).release();
            Files.delete(dir.resolve(".git/objects/info/alternates"));
            Files.writeString(dir.resolve("a.txt"), "edited\n");
            try (IsolatedCheckout fresh = IsolatedCheckout.reuseOrCreate(source, first, dir)) {
                assertEquals("one\n", Files.readString(dir.resolve("a.txt")));
                assertTrue(Files.isRegularFile(dir.resolve(".git/objects/info/alternates")));
            }
        }
    }

    @Test
    void aDirectoryThatIsNotACheckoutIsNeverWiped() throws Exception {
        Path repo = temp.resolve("repo");
        GitRepos.write(repo, Map.of("a.txt", "one\n"));
        RevCommit first = GitRepos.initAndCommit(repo, "first");
        Path precious = temp.resolve("precious");
        GitRepos.write(precious, Map.of("thesis.tex", "years of work\n"));
        try (SourceRepository source = SourceRepository.open(repo)) {
            assertThrows(IllegalArgumentException.class, () -> IsolatedCheckout.reuseOrCreate(source, first, precious));
        }
        assertTrue(Files.exists(precious.resolve("thesis.tex")));
    }
}
