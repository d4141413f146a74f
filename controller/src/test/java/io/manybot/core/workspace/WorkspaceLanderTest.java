package io.manybot.core.workspace;

import static io.manybot.core.workspace.LandResult.Status.ALREADY_LANDED;
import static io.manybot.core.workspace.LandResult.Status.LANDED;
import static io.manybot.core.workspace.LandResult.Status.REJECTED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.revwalk.RevWalk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkspaceLanderTest {
    private final Lander lander = new Lander();

    @TempDir
    Path dir;

    @Test
    void landsOnABareSourceOnceAndCopiesOnlyTheNewObjects() throws Exception {
        Path bare = Fixtures.bare(dir.resolve("bare.git"));
        try (SourceRepository source = SourceRepository.open(bare)) {
            LandingTarget target = source.target("main");
            assertEquals(new LandingTarget("main", "refs/heads/main", false), target);
            ObjectId base = source.base(target);
            Path objects = bare.resolve("objects");
            long looseBefore = Fixtures.looseObjects(objects);
            try (IsolatedCheckout checkout = IsolatedCheckout.create(source, base, dir.resolve("co"))) {
                ObjectId commit = edit(checkout, "src/app.py", "print('landed')\n", "c1");

                LandResult first = lander.land(source, checkout, commit, target.ref(), base, "c1");
                assertEquals(new LandResult(LANDED, "refs/heads/main", commit.name(), first.detail()), first);
                assertEquals(commit, source.tip("refs/heads/main").orElseThrow());
                assertEquals(looseBefore + 4, Fixtures.looseObjects(objects), "commit, 2 trees, 1 blob; nothing the source had");

                LandResult again = lander.land(source, checkout, commit, target.ref(), base, "c1");
                assertEquals(ALREADY_LANDED, again.status());
                assertEquals(commit.name(), again.commit());
                assertEquals(commit, source.tip("refs/heads/main").orElseThrow());
                assertEquals(looseBefore + 4, Fixtures.looseObjects(objects), "nothing written the second time");
            }
        }
    }

    @Test
    void aRaceLostToSomeoneElsesCommitIsRejectedAndTheirCommitKept() throws Exception {
        Path bare = Fixtures.bare(dir.resolve("bare.git"));
        try (SourceRepository source = SourceRepository.open(bare)) {
            ObjectId base = source.base(source.target("main"));
            try (IsolatedCheckout mine = IsolatedCheckout.create(source, base, dir.resolve("mine"));
                    IsolatedCheckout theirs = IsolatedCheckout.create(source, base, dir.resolve("theirs"))) {
                ObjectId myCommit = edit(mine, "src/app.py", "print('mine')\n", "c-mine");
                ObjectId theirCommit = edit(theirs, "docs/guide.md", "theirs\n", "c-theirs");
                assertEquals(LANDED, lander.land(source, theirs, theirCommit, "refs/heads/main", base, "c-theirs").status());

                LandResult lost = lander.land(source, mine, myCommit, "refs/heads/main", base, "c-mine");
                assertEquals(REJECTED, lost.status());
                assertNull(lost.commit());
                assertTrue(lost.detail().contains(theirCommit.name()), lost.detail());
                assertEquals(theirCommit, source.tip("refs/heads/main").orElseThrow(), "their commit kept");
                assertFalse(source.repository().getObjectDatabase().has(myCommit), "a rejected landing writes nothing");

                // Claiming the right old value does not let a commit that does not descend from it through.
                LandResult notFastForward = lander.land(source, mine, myCommit, "refs/heads/main", theirCommit, "c-mine");
                assertEquals(REJECTED, notFastForward.status());
                assertEquals(theirCommit, source.tip("refs/heads/main").orElseThrow());

                // Their cycle is still found once other commits sit on top of it.
                try (IsolatedCheckout next = IsolatedCheckout.create(source, theirCommit, dir.resolve("next"))) {
                    ObjectId nextCommit = edit(next, "README.md", "# next\n", "c-next");
                    assertEquals(LANDED, lander.land(source, next, nextCommit, "refs/heads/main", theirCommit, "c-next").status());
                }
                LandResult replay = lander.land(source, theirs, theirCommit, "refs/heads/main", base, "c-theirs");
                assertEquals(new LandResult(ALREADY_LANDED, "refs/heads/main", theirCommit.name(), replay.detail()), replay);
            }
        }
    }

    @Test
    void aWriterThatMovesTheRefAfterTheChecksWinsTheSwapAndNothingOfOursLands() throws Exception {
        Path bare = Fixtures.bare(dir.resolve("bare.git"));
        try (SourceRepository source = SourceRepository.open(bare)) {
            ObjectId base = source.base(source.target("main"));
            try (IsolatedCheckout mine = IsolatedCheckout.create(source, base, dir.resolve("mine"));
                    IsolatedCheckout theirs = IsolatedCheckout.create(source, base, dir.resolve("theirs"))) {
                ObjectId myCommit = edit(mine, "src/app.py", "print('mine')\n", "c-mine");
                ObjectId theirCommit = edit(theirs, "docs/guide.md", "theirs\n", "c-theirs");
                // Another process lands its commit between our checks (the ref was at base) and our swap.
                Lander racing = new Lander(() -> landOrFail(new Lander(), source, theirs, theirCommit, base, "c-theirs"));

                LandResult lost = racing.land(source, mine, myCommit, "refs/heads/main", base, "c-mine");
                assertEquals(new LandResult(REJECTED, "refs/heads/main", null,
                        "refs/heads/main is at " + theirCommit.name() + ", not at " + base.name() + " where the cycle started"), lost);
                assertEquals(theirCommit, source.tip("refs/heads/main").orElseThrow(), "their commit kept");
            }
        }
    }

    @Test
    void theSameCycleLandedByAnotherProcessDuringOurSwapIsAlreadyLandedOnce() throws Exception {
        Path bare = Fixtures.bare(dir.resolve("bare.git"));
        try (SourceRepository source = SourceRepository.open(bare)) {
            ObjectId base = source.base(source.target("main"));
            try (IsolatedCheckout checkout = IsolatedCheckout.create(source, base, dir.resolve("co"))) {
                ObjectId commit = edit(checkout, "src/app.py", "print('once')\n", "c1");
                // The same cycle lands from a second process (e.g. a restarted runner) while this one swaps.
                Lander racing = new Lander(() -> landOrFail(new Lander(), source, checkout, commit, base, "c1"));

                LandResult result = racing.land(source, checkout, commit, "refs/heads/main", base, "c1");
                assertEquals(new LandResult(ALREADY_LANDED, "refs/heads/main", commit.name(),
                        "cycle c1 landed on refs/heads/main concurrently"), result);
                assertEquals(commit, source.tip("refs/heads/main").orElseThrow());
                try (RevWalk walk = new RevWalk(source.repository())) {
                    assertEquals(base, walk.parseCommit(commit).getParent(0).getId(), "landed once, directly on base");
                }
            }
        }
    }

    private static void landOrFail(Lander lander, SourceRepository source, IsolatedCheckout checkout, ObjectId commit,
            ObjectId expectedOld, String cycleId) {
        try {
            assertEquals(LANDED, lander.land(source, checkout, commit, "refs/heads/main", expectedOld, cycleId).status());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void aCheckedOutBranchIsRedirectedAndNeverMoved() throws Exception {
        Path repo = dir.resolve("repo");
        ObjectId initial = Fixtures.workTree(repo);
        try (SourceRepository source = SourceRepository.open(repo)) {
            LandingTarget target = source.target("main");
            assertTrue(target.redirected());
            assertEquals("refs/heads/manybot/main", target.ref());
            try (IsolatedCheckout checkout = IsolatedCheckout.create(source, source.base(target), dir.resolve("co"))) {
                ObjectId commit = edit(checkout, "src/app.py", "print('redirected')\n", "c1");
                LandResult refused = lander.land(source, checkout, commit, "refs/heads/main", initial, "c1");
                assertEquals(REJECTED, refused.status(), "landing on the checked-out branch itself is refused");
                assertEquals(LANDED, lander.land(source, checkout, commit, target.ref(), null, "c1").status());
            }
            assertEquals(initial, source.tip("refs/heads/main").orElseThrow());
            // The next cycle starts from the redirected ref, where the previous cycle left it.
            assertEquals(source.tip("refs/heads/manybot/main").orElseThrow(), source.base(source.target("main")));
            assertEquals(new LandingTarget("docs", "refs/heads/docs", false), source.target("docs"));
        }
    }

    @Test
    void aProposalBranchIsCreatedOnceWithNoExpectedOldValue() throws Exception {
        Path bare = Fixtures.bare(dir.resolve("bare.git"));
        try (SourceRepository source = SourceRepository.open(bare)) {
            ObjectId base = source.base(source.target("main"));
            String proposal = "refs/heads/manybot/proposals/fixer/c7";
            try (IsolatedCheckout checkout = IsolatedCheckout.create(source, base, dir.resolve("co"))) {
                ObjectId commit = edit(checkout, "docs/guide.md", "needs review\n", "c7");
                assertEquals(LANDED, lander.land(source, checkout, commit, proposal, null, "c7").status());
                assertEquals(commit, source.tip(proposal).orElseThrow());
                assertEquals(base, source.tip("refs/heads/main").orElseThrow());

                ObjectId other = edit(checkout, "docs/guide.md", "another\n", "c8");
                LandResult exists = lander.land(source, checkout, other, proposal, null, "c8");
                assertEquals(REJECTED, exists.status(), "null expected old value: the ref must not exist");
                assertEquals(commit, source.tip(proposal).orElseThrow());
                assertThrows(IllegalArgumentException.class, () -> lander.land(source, checkout, other, "refs/heads/bad..name", null, "c8"));
            }
        }
    }

    private static ObjectId edit(IsolatedCheckout checkout, String path, String content, String cycle) throws Exception {
        Files.writeString(checkout.directory().resolve(path), content);
        return checkout.commit(List.of(path), CommitMessages.compose("Cycle " + cycle, "Edits " + path + ".",
                Map.of("Manybot-Bot", "fixer", "Manybot-Cycle", cycle)), Fixtures.BOT);
    }
}
