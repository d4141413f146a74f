package io.manybot.core.workspace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
