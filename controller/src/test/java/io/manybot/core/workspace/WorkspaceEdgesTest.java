package io.manybot.core.workspace;

import static io.manybot.core.cycle.ChangedFile.Change.ADDED;
import static io.manybot.core.workspace.LandResult.Status.LANDED;
import static io.manybot.core.workspace.LandResult.Status.REJECTED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.manybot.testing.GitRepos;
import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.MergeResult;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ReflogEntry;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.storage.file.WindowCacheConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The workspace at its edges, on real repositories: odd names and places for a checkout, links and
 * files where directories were, what the reflogs say, merges, landing nothing new, large files.
 */
class WorkspaceEdgesTest {
    private final Lander lander = new Lander();

    @TempDir
    Path dir;

    @Test
    void changesAreSortedByPathEvenWhereGitOrdersNamesOtherwise() throws Exception {
        Path repo = dir.resolve("repo");
        RevCommit base = Fixtures.workTree(repo);
        try (SourceRepository source = SourceRepository.open(repo);
                IsolatedCheckout checkout = IsolatedCheckout.create(source, base, dir.resolve("co"))) {
            // git orders by UTF-8 bytes (U+FF01 before U+1F600); Java strings by UTF-16 units (the emoji first).
            Fixtures.write(checkout.directory().resolve("\uFF01.txt"), "fullwidth\n");
            Fixtures.write(checkout.directory().resolve("\uD83D\uDE00.txt"), "emoji\n");
            assertEquals(List.of(new FileChange("\uD83D\uDE00.txt", ADDED), new FileChange("\uFF01.txt", ADDED)), checkout.changes());
        }
    }

    @Test
    void restoringAnAddedFileNeverDeletesThroughALinkOrStumblesOnAFile() throws Exception {
        Path repo = dir.resolve("repo");
        RevCommit base = Fixtures.workTree(repo);
        Path outside = Files.createDirectories(dir.resolve("outside"));
        Files.writeString(outside.resolve("notes.txt"), "precious\n");
        try (SourceRepository source = SourceRepository.open(repo);
                IsolatedCheckout checkout = IsolatedCheckout.create(source, base, dir.resolve("co"))) {
            Path co = checkout.directory();
            Files.createSymbolicLink(co.resolve("linked"), outside);
            Files.writeString(co.resolve("extra"), "a file where the bot's directory was\n");

            checkout.restore(List.of("linked/notes.txt", "extra/new.txt"));

            assertEquals("precious\n", Files.readString(outside.resolve("notes.txt")), "nothing deleted through the link");
            assertFalse(Files.exists(co.resolve("linked"), java.nio.file.LinkOption.NOFOLLOW_LINKS), "the link itself goes");
            assertFalse(Files.exists(co.resolve("extra")));
            assertEquals(List.of(), checkout.changes());
        }
    }

    @Test
    void aCheckoutIsNeverMadeOverAFileOrUnderOne() throws Exception {
        Path repo = dir.resolve("repo");
        RevCommit base = Fixtures.workTree(repo);
        Path file = dir.resolve("a-file");
        Files.writeString(file, "keep me\n");
        try (SourceRepository source = SourceRepository.open(repo)) {
            assertThrows(DirectoryNotEmptyException.class, () -> IsolatedCheckout.create(source, base, file));
            assertEquals("keep me\n", Files.readString(file));
            IOException under = assertThrows(IOException.class, () -> IsolatedCheckout.create(source, base, file.resolve("co")));
            assertFalse(under instanceof DirectoryNotEmptyException, under.toString());
            assertEquals(1, under.getSuppressed().length, "why the cleanup failed too: " + under);
            assertEquals("keep me\n", Files.readString(file));
            assertThrows(IllegalArgumentException.class, () -> IsolatedCheckout.removeLeftover(file), "a file is no checkout");
            assertTrue(Files.exists(file));
        }
    }

    @Test
    void theReflogsSayWhichCycleMovedARefAndWhatTheCheckoutStartedFrom() throws Exception {
        Path repo = dir.resolve("repo");
        RevCommit base = Fixtures.workTree(repo);
        try (SourceRepository source = SourceRepository.open(repo)) {
            LandingTarget target = source.target("main");
            try (IsolatedCheckout checkout = IsolatedCheckout.create(source, base, dir.resolve("co"))) {
                List<ReflogEntry> branch = checkout.repository().getReflogReader("refs/heads/" + IsolatedCheckout.BRANCH).getReverseEntries();
                assertEquals(List.of("manybot: checkout " + base.name()), branch.stream().map(ReflogEntry::getComment).toList());
                assertEquals(List.of(), checkout.repository().getReflogReader("HEAD").getReverseEntries(), "pointing HEAD is no event");

                Files.writeString(checkout.directory().resolve("README.md"), "# logged\n");
                ObjectId commit = checkout.commit(List.of("README.md"), "logged", Fixtures.BOT);
                assertEquals(LANDED, lander.land(source, checkout, commit, target.ref(), null, "c42").status());
            }
            List<ReflogEntry> landed = source.repository().getReflogReader(target.ref()).getReverseEntries();
            assertEquals("manybot: cycle c42", landed.get(0).getComment());
        }
    }

    @Test
    void aCycleIsFoundOnlyAlongTheFirstParentsOfTheRef() throws Exception {
        Path repo = dir.resolve("repo");
        RevCommit root = Fixtures.workTree(repo);
        try (Git git = Git.open(repo.toFile())) {
            git.checkout().setCreateBranch(true).setName("topic").setStartPoint(root).call();
            GitRepos.write(repo, Map.of("docs/topic.md", "topic\n"));
            GitRepos.commitAll(repo, CommitMessages.compose("On the topic", null, Map.of("Manybot-Cycle", "c-topic")));
            git.checkout().setName("main").call();
            GitRepos.write(repo, Map.of("src/main.py", "main\n"));
            GitRepos.commitAll(repo, "On main");
            MergeResult merge = git.merge().include(git.getRepository().resolve("topic")).setMessage("Merge topic").call();
            assertTrue(merge.getMergeStatus().isSuccessful(), merge.toString());
        }
        try (SourceRepository source = SourceRepository.open(repo)) {
            assertEquals(java.util.Optional.empty(), source.findCycleCommit("refs/heads/main", "c-topic", 10),
                    "a merged branch's cycle did not land on main");
            assertTrue(source.findCycleCommit("refs/heads/topic", "c-topic", 10).isPresent());
        }
    }

    @Test
    void aLandingOfACommitThatDoesNotDescendWritesNoObjectAndLandingTheTipItselfChangesNothing() throws Exception {
        Path bare = Fixtures.bare(dir.resolve("bare.git"));
        try (SourceRepository source = SourceRepository.open(bare)) {
            ObjectId base = source.tip("refs/heads/main").orElseThrow();
            try (IsolatedCheckout mine = IsolatedCheckout.create(source, base, dir.resolve("mine"));
                    IsolatedCheckout theirs = IsolatedCheckout.create(source, base, dir.resolve("theirs"))) {
                Files.writeString(theirs.directory().resolve("README.md"), "# theirs\n");
                ObjectId theirCommit = theirs.commit(List.of("README.md"), CommitMessages.compose("Theirs", null, Map.of("Manybot-Cycle", "t")),
                        Fixtures.BOT);
                assertEquals(LANDED, lander.land(source, theirs, theirCommit, "refs/heads/main", base, "t").status());
                Files.writeString(mine.directory().resolve("README.md"), "# mine\n");
                ObjectId myCommit = mine.commit(List.of("README.md"), CommitMessages.compose("Mine", null, Map.of("Manybot-Cycle", "m")),
                        Fixtures.BOT);

                LandResult notDescending = lander.land(source, mine, myCommit, "refs/heads/main", theirCommit, "m");

                assertEquals(REJECTED, notDescending.status());
                assertEquals(myCommit.name() + " does not descend from refs/heads/main at " + theirCommit.name(), notDescending.detail());
                assertFalse(source.repository().getObjectDatabase().has(myCommit), "nothing copied for a refused landing");

                LandResult same = lander.land(source, theirs, theirCommit, "refs/heads/other", null, "o");
                assertEquals(LANDED, same.status(), "a commit the source has lands on another ref");
                LandResult nothing = lander.land(source, mine, theirCommit, "refs/heads/main", theirCommit, "n");
                assertEquals(new LandResult(REJECTED, "refs/heads/main", null, "could not update refs/heads/main: NO_CHANGE"), nothing);
            }
        }
    }

    @Test
    void aLinkInTheTreeDoesNotStopDeeperPathsBesideIt() throws Exception {
        Path repo = dir.resolve("repo");
        GitRepos.write(repo, Map.of("b/c/d/e.txt", "deep\n", "b/f.txt", "f\n"));
        Files.createSymbolicLink(repo.resolve("a-link"), Path.of("b"));
        RevCommit base = GitRepos.initAndCommit(repo, "a link and deep paths");
        try (SourceRepository source = SourceRepository.open(repo);
                IsolatedCheckout checkout = IsolatedCheckout.create(source, base, dir.resolve("co"))) {
            assertEquals("deep\n", Files.readString(checkout.directory().resolve("b/c/d/e.txt")));
            assertEquals(Path.of("b"), Files.readSymbolicLink(checkout.directory().resolve("a-link")));
            assertEquals(List.of(), checkout.changes());
        }
    }

    @Test
    void aLeftoverCheckoutWithABrokenIndexOrConfigIsMadeAfresh() throws Exception {
        Path repo = dir.resolve("repo");
        GitRepos.write(repo, Map.of("a.txt", "one\n"));
        RevCommit first = GitRepos.initAndCommit(repo, "first");
        Path co = dir.resolve("checkouts/bot");
        try (SourceRepository source = SourceRepository.open(repo)) {
            IsolatedCheckout.create(source, first, co).release();
            Files.writeString(co.resolve(".git/index"), "not an index");
            Files.writeString(co.resolve("a.txt"), "edited\n");
            try (IsolatedCheckout fresh = IsolatedCheckout.reuseOrCreate(source, first, co)) {
                assertEquals("one\n", Files.readString(co.resolve("a.txt")));
                assertEquals(List.of(), fresh.changes());
            }
            IsolatedCheckout.create(source, first, co).release();
            Files.writeString(co.resolve(".git/config"), "[core\nbroken");
            Files.writeString(co.resolve("a.txt"), "edited\n");
            try (IsolatedCheckout fresh = IsolatedCheckout.reuseOrCreate(source, first, co)) {
                assertEquals("one\n", Files.readString(co.resolve("a.txt")));
                assertEquals(List.of(), fresh.changes());
            }
        }
    }

    @Test
    void objectsTooLargeToHoldInMemoryAreStreamedIntoTheSource() throws Exception {
        Path bare = Fixtures.bare(dir.resolve("bare.git"));
        WindowCacheConfig defaults = new WindowCacheConfig();
        WindowCacheConfig small = new WindowCacheConfig();
        small.setStreamFileThreshold(4096); // JGit streams objects over this size instead of loading them whole
        byte[] large = new byte[64 * 1024];
        new Random(7).nextBytes(large);
        small.install();
        try (SourceRepository source = SourceRepository.open(bare)) {
            ObjectId base = source.tip("refs/heads/main").orElseThrow();
            try (IsolatedCheckout checkout = IsolatedCheckout.create(source, base, dir.resolve("co"))) {
                Files.write(checkout.directory().resolve("data.bin"), large);
                ObjectId commit = checkout.commit(List.of("data.bin"), CommitMessages.compose("Data", null, Map.of("Manybot-Cycle", "c1")),
                        Fixtures.BOT);
                assertEquals(LANDED, lander.land(source, checkout, commit, "refs/heads/main", base, "c1").status());
            }
        } finally {
            defaults.install();
        }
        try (SourceRepository source = SourceRepository.open(bare);
                IsolatedCheckout check = IsolatedCheckout.create(source, source.tip("refs/heads/main").orElseThrow(), dir.resolve("check"))) {
            assertTrue(java.util.Arrays.equals(large, Files.readAllBytes(check.directory().resolve("data.bin"))));
        }
    }
}
