package io.manybot.core.cycle;

import static io.manybot.core.cycle.CycleRepos.byPath;
import static io.manybot.core.cycle.CycleRepos.readAt;
import static io.manybot.core.cycle.CycleRepos.tip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.manybot.core.cycle.ChangedFile.Disposition;
import io.manybot.core.declaration.Bot;
import io.manybot.core.declaration.Bot.LandingPolicy;
import io.manybot.core.declaration.Bot.LandingPolicy.OnTargetMoved;
import io.manybot.core.declaration.Bot.LandingPolicy.Retest;
import io.manybot.core.ownership.Decision;
import io.manybot.core.process.ProcessRunner;
import io.manybot.core.secret.SecretRedactor;
import io.manybot.core.workspace.CommitMessages;
import io.manybot.core.workspace.SourceRepository;
import io.manybot.testing.GitRepos;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cycle whose target moved between its base and its landing (someone else's commit lands on main as the cycle
 * enters LAND), on real repositories with real subprocesses: by default its commit is rebased onto the new tip in
 * core, gated again there and retested per {@code landing.retest}, and lands without the executor running again;
 * only a real conflict, revoked ownership or tests failing on the rebased tree keep it from landing.
 */
class RebaseLandingCycleTest {
    private static final String MAIN = CycleRepos.MAIN;
    private static final String LONG = "one\ntwo\nthree\nfour\nfive\nsix\nseven\neight\nnine\nten\n";

    @TempDir
    Path temp;

    private final ProcessRunner processes = new ProcessRunner();

    @Test
    void aCommitOnOtherPathsIsRebasedOverAndTheChangeLandsOnTheNewTipRetested() throws Exception {
        Path repo = bareRepository();
        ObjectId[] theirs = new ObjectId[1];
        CycleRecorder recorder = landsElsewhereOnLand(repo, theirs, "other.txt", "theirs\n");

        WorkCycle cycle = run(repo, bot("sed -i s/TODO/done/ mine/a.txt", Retest.ALWAYS), recorder);

        assertEquals(CycleOutcome.LANDED, cycle.outcome(), cycle::toString);
        assertEquals(1, cycle.landing().rebasedOver());
        assertTrue(cycle.landing().retested(), "retest: always");
        assertEquals(List.of(), cycle.landing().conflicts());
        assertEquals("rebased", cycle.landing().how());
        assertEquals(2, runs(), "tested once at the base, once on the rebased tree");
        try (Git git = Git.open(repo.toFile()); RevWalk walk = new RevWalk(git.getRepository())) {
            RevCommit landed = walk.parseCommit(tip(repo, MAIN));
            assertEquals(cycle.landing().commit(), landed.name());
            assertEquals(theirs[0], landed.getParent(0), "rebased onto their commit");
            assertEquals("c1", CommitMessages.trailers(landed.getFullMessage()).get("Manybot-Cycle"), "the cycle's trailer rides along");
            assertEquals("fixer (manybot)", landed.getAuthorIdent().getName());
        }
        assertEquals("done a\n", readAt(repo, MAIN, "mine/a.txt"));
        assertEquals("theirs\n", readAt(repo, MAIN, "other.txt"), "their change stays");
        assertEquals(1, recorder.events("info: refs/heads/main moved since the cycle's base: rebasing onto").size(), recorder.events::toString);
        assertEquals(1, cycle.steps().size(), "the executor ran once");
        assertTrue(cycle.tests().passed());
    }

    @Test
    void editsToTheSameLinesConflictAndTheCycleIsSupersededNamingThePath() throws Exception {
        Path repo = bareRepository();
        ObjectId[] theirs = new ObjectId[1];
        CycleRecorder recorder = landsElsewhereOnLand(repo, theirs, "mine/a.txt", "theirs a\n");

        WorkCycle cycle = run(repo, bot("sed -i s/TODO/done/ mine/a.txt", Retest.ALWAYS), recorder);

        assertEquals(CycleOutcome.SUPERSEDED, cycle.outcome(), cycle::toString);
        assertEquals(List.of("mine/a.txt"), cycle.landing().conflicts());
        assertNull(cycle.landing().commit());
        assertEquals("conflict", cycle.landing().how());
        assertEquals(theirs[0], tip(repo, MAIN), "nothing landed over theirs");
        ChangedFile file = byPath(cycle).get("mine/a.txt");
        assertEquals(Disposition.NOT_LANDED, file.disposition());
        assertEquals("conflict with refs/heads/main since the cycle's base on mine/a.txt: re-plan on the new commit", file.reason());
        assertEquals(1, runs(), "no retest for a conflict");
    }

    @Test
    void editsToOtherLinesOfTheSameFileMergeAndOnOverlapRetests() throws Exception {
        Path repo = bareRepository();
        ObjectId[] theirs = new ObjectId[1];
        CycleRecorder recorder = landsElsewhereOnLand(repo, theirs, "mine/long.txt", LONG.replace("ten", "TEN"));

        WorkCycle cycle = run(repo, bot("sed -i s/^one$/ONE/ mine/long.txt", Retest.ON_OVERLAP), recorder);

        assertEquals(CycleOutcome.LANDED, cycle.outcome(), cycle::toString);
        assertTrue(cycle.landing().retested(), "the file both changed is an overlap: retested");
        assertEquals(2, runs());
        assertEquals(LONG.replace("ten", "TEN").replace("one", "ONE"), readAt(repo, MAIN, "mine/long.txt"), "both edits kept");
    }

    @Test
    void onOverlapDoesNotRetestAChangeOnOtherPaths() throws Exception {
        Path repo = bareRepository();
        CycleRecorder recorder = landsElsewhereOnLand(repo, new ObjectId[1], "other.txt", "theirs\n");

        WorkCycle cycle = run(repo, bot("sed -i s/TODO/done/ mine/a.txt", Retest.ON_OVERLAP), recorder);

        assertEquals(CycleOutcome.LANDED, cycle.outcome(), cycle::toString);
        assertEquals(1, cycle.landing().rebasedOver());
        assertFalse(cycle.landing().retested());
        assertEquals(1, runs(), "tested once, at the base");
    }

    @Test
    void onOverlapDoesNotRetestAChangeToAnotherFileOfTheSameDirectory() throws Exception {
        Path repo = bareRepository();
        CycleRecorder recorder = landsElsewhereOnLand(repo, new ObjectId[1], "mine/other.txt", "theirs\n");

        WorkCycle cycle = run(repo, bot("sed -i s/TODO/done/ mine/a.txt", Retest.ON_OVERLAP), recorder);

        assertEquals(CycleOutcome.LANDED, cycle.outcome(), cycle::toString);
        assertEquals(1, cycle.landing().rebasedOver());
        assertFalse(cycle.landing().retested(), "an overlap is a file both changed, not a directory");
        assertEquals(1, runs(), "tested once, at the base");
    }

    @Test
    void retestNeverLandsWithoutRunningTheTestsAgainEvenWhereTheyWouldFail() throws Exception {
        Path repo = bareRepository();
        CycleRecorder recorder = landsElsewhereOnLand(repo, new ObjectId[1], "broken.txt", "breaks the tests\n");

        WorkCycle cycle = run(repo, bot("sed -i s/TODO/done/ mine/a.txt", Retest.NEVER), recorder);

        assertEquals(CycleOutcome.LANDED, cycle.outcome(), cycle::toString);
        assertFalse(cycle.landing().retested());
        assertEquals(1, runs(), "not run again");
        assertEquals("rebased over 1 commit, not retested", cycle.landing().describe());
    }

    @Test
    void testsThatFailOnlyOnTheRebasedTreeLandNothing() throws Exception {
        Path repo = bareRepository();
        ObjectId[] theirs = new ObjectId[1];
        CycleRecorder recorder = landsElsewhereOnLand(repo, theirs, "broken.txt", "breaks the tests\n");

        WorkCycle cycle = run(repo, bot("sed -i s/TODO/done/ mine/a.txt", Retest.ALWAYS), recorder);

        assertEquals(CycleOutcome.ROLLED_BACK, cycle.outcome(), cycle::toString);
        assertEquals(theirs[0], tip(repo, MAIN), "nothing landed");
        assertTrue(cycle.landing().retested());
        assertEquals(1, cycle.landing().rebasedOver());
        assertNull(cycle.landing().commit());
        assertFalse(cycle.tests().passed(), "the record keeps the failing run on the rebased tree");
        ChangedFile file = byPath(cycle).get("mine/a.txt");
        assertEquals(Disposition.ROLLED_BACK, file.disposition());
        assertEquals("tests fail on the rebased tree (over 1 commit(s) of refs/heads/main); rolled back", file.reason());
        assertEquals(2, runs());
    }

    @Test
    void anOwnersChangeLandedMeanwhileTurnsTheWriteIntoAProposal() throws Exception {
        Path repo = bareRepository();
        ObjectId[] theirs = new ObjectId[1];
        CycleRecorder recorder = landsElsewhereOnLand(repo, theirs, "mine/OWNERS",
                "primary: human:olivia\ndelegates:\n  - principal: manybot:fixer\n    level: contributor\n");

        WorkCycle cycle = run(repo, bot("sed -i s/TODO/done/ mine/a.txt", Retest.ALWAYS), recorder);

        assertEquals(CycleOutcome.PROPOSED, cycle.outcome(), cycle::toString);
        assertEquals(theirs[0], tip(repo, MAIN), "the write no longer lands directly");
        ChangedFile file = byPath(cycle).get("mine/a.txt");
        assertEquals(Decision.REVIEW, file.decision());
        assertEquals(Disposition.PROPOSED, file.disposition());
        assertTrue(file.reason().contains("ownership at " + theirs[0].abbreviate(7).name()), file.reason());
        assertEquals(List.of("human:olivia"), cycle.landing().reviewers());
        assertEquals("manybot/proposals/fixer/c1", cycle.landing().proposalBranch());
        assertEquals("done a\n", readAt(repo, "refs/heads/manybot/proposals/fixer/c1", "mine/a.txt"), "the change waits for review");
        assertEquals("TODO b\n", readAt(repo, "refs/heads/manybot/proposals/fixer/c1", "theirs/b.txt"),
                "the proposal branch is the whole tree with the change, not the change alone");
        assertEquals(1, runs(), "nothing left to land, nothing retested");
    }

    @Test
    void anOwnersChangeThatRevokesOneOfTwoWritesLandsTheOtherAndProposesIt() throws Exception {
        Path repo = bareRepository();
        landElsewhere(repo, "mine/deep/d.txt", "d\n");
        ObjectId[] theirs = new ObjectId[1];
        CycleRecorder recorder = landsElsewhereOnLand(repo, theirs, "mine/deep/OWNERS",
                "primary: human:olivia\ndelegates:\n  - principal: manybot:fixer\n    level: contributor\noptions:\n  no_parent_owners: true\n");

        WorkCycle cycle = run(repo, bot("sed -i s/TODO/done/ mine/a.txt; echo D > mine/deep/d.txt", Retest.NEVER), recorder);

        assertEquals(CycleOutcome.LANDED, cycle.outcome(), cycle::toString);
        assertEquals(Disposition.LANDED, byPath(cycle).get("mine/a.txt").disposition());
        ChangedFile revoked = byPath(cycle).get("mine/deep/d.txt");
        assertEquals(Decision.REVIEW, revoked.decision());
        assertEquals(Disposition.PROPOSED, revoked.disposition());
        try (Git git = Git.open(repo.toFile()); RevWalk walk = new RevWalk(git.getRepository())) {
            RevCommit landed = walk.parseCommit(tip(repo, MAIN));
            assertEquals(cycle.landing().commit(), landed.name());
            assertEquals(theirs[0], landed.getParent(0), "rebased onto the OWNERS change");
            assertEquals("c1", CommitMessages.trailers(landed.getFullMessage()).get("Manybot-Cycle"), "the cycle's trailer rides along");
            assertEquals("fixer (manybot)", landed.getAuthorIdent().getName());
        }
        assertEquals("done a\n", readAt(repo, MAIN, "mine/a.txt"), "the write still allowed lands");
        assertEquals("d\n", readAt(repo, MAIN, "mine/deep/d.txt"), "the revoked write keeps the branch's version");
        assertEquals("D\n", readAt(repo, "refs/heads/manybot/proposals/fixer/c1", "mine/deep/d.txt"), "and waits for review");
        assertEquals("TODO b\n", readAt(repo, "refs/heads/manybot/proposals/fixer/c1", "theirs/b.txt"));
    }

    @Test
    void anOwnersChangeThatRefusesTheBotMeanwhileDropsTheWrite() throws Exception {
        Path repo = bareRepository();
        ObjectId[] theirs = new ObjectId[1];
        CycleRecorder recorder = landsElsewhereOnLand(repo, theirs, "mine/OWNERS",
                "primary: human:lee\npolicies:\n  allow_proposals: false\noptions:\n  no_parent_owners: true\n");

        WorkCycle cycle = run(repo, bot("sed -i s/TODO/done/ mine/a.txt", Retest.ALWAYS), recorder);

        assertEquals(CycleOutcome.REFUSED, cycle.outcome(), cycle::toString);
        assertEquals(theirs[0], tip(repo, MAIN), "nothing landed");
        ChangedFile file = byPath(cycle).get("mine/a.txt");
        assertEquals(Decision.REFUSED, file.decision());
        assertEquals(Disposition.DROPPED, file.disposition());
        assertNull(cycle.landing().proposalBranch());
    }

    @Test
    void replanKeepsTheOldWaySupersededWithoutARebase() throws Exception {
        Path repo = bareRepository();
        ObjectId[] theirs = new ObjectId[1];
        CycleRecorder recorder = landsElsewhereOnLand(repo, theirs, "other.txt", "theirs\n");
        Bot replan = bot("sed -i s/TODO/done/ mine/a.txt", Retest.ALWAYS)
                .withLanding(new LandingPolicy(OnTargetMoved.REPLAN, Retest.ALWAYS));

        WorkCycle cycle = run(repo, replan, recorder);

        assertEquals(CycleOutcome.SUPERSEDED, cycle.outcome(), cycle::toString);
        assertEquals(theirs[0], tip(repo, MAIN));
        assertEquals(0, cycle.landing().rebasedOver());
        assertEquals(List.of(), cycle.landing().conflicts());
        assertEquals("target moved before landing: re-plan on the new commit", byPath(cycle).get("mine/a.txt").reason());
        assertEquals(List.of(), recorder.events("info: refs/heads/main moved"));
    }

    @Test
    void whenAnotherWriterMovesTheRefDuringTheRetestTheLandingRebasesAgainOntoTheNewerTip() throws Exception {
        Path repo = bareRepository();
        ObjectId[] first = new ObjectId[1];
        CycleRecorder recorder = landsElsewhereOnLand(repo, first, "other.txt", "theirs\n");
        Path retesting = temp.resolve("retesting");
        Path go = temp.resolve("go");
        // the first retest (the second run) holds until the test has moved main again, as another process would
        String tests = "n=$(cat " + temp.resolve("runs") + " 2>/dev/null | wc -l); echo run >> " + temp.resolve("runs")
                + "; if [ $n -eq 1 ]; then touch " + retesting + "; while [ ! -e " + go + " ]; do sleep 0.05; done; fi";
        Bot bot = CycleFixture.bot("sed -i s/TODO/done/ mine/a.txt", List.of("sh", "-c", tests), false);
        Thread other = new Thread(() -> {
            try {
                while (!Files.exists(retesting)) {
                    Thread.sleep(20);
                }
                landElsewhere(repo, "another.txt", "another\n");
                Files.writeString(go, "go");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        other.start();

        WorkCycle cycle = run(repo, bot, recorder);
        other.join();

        assertEquals(CycleOutcome.LANDED, cycle.outcome(), cycle::toString);
        assertEquals(2, cycle.landing().rebasedOver(), "rebased again, over both commits since the base");
        assertTrue(cycle.landing().retested());
        assertEquals(3, runs(), "at the base, on the first rebase, on the second");
        assertEquals(2, recorder.events("info: refs/heads/main moved since the cycle's base").size(), recorder.events::toString);
        assertEquals("another\n", readAt(repo, MAIN, "another.txt"));
        assertEquals("theirs\n", readAt(repo, MAIN, "other.txt"));
        assertEquals("done a\n", readAt(repo, MAIN, "mine/a.txt"));
    }

    @Test
    void theSameChangeMadeOnTheTargetMeanwhileLandsNoEmptyCommit() throws Exception {
        Path repo = bareRepository();
        ObjectId[] theirs = new ObjectId[1];
        CycleRecorder recorder = landsElsewhereOnLand(repo, theirs, "mine/a.txt", "done a\n");

        WorkCycle cycle = run(repo, bot("sed -i s/TODO/done/ mine/a.txt", Retest.ALWAYS), recorder);

        assertEquals(CycleOutcome.NO_CHANGE, cycle.outcome(), cycle::toString);
        assertEquals(theirs[0], tip(repo, MAIN), "no empty commit on top");
        assertEquals(Disposition.NOT_LANDED, byPath(cycle).get("mine/a.txt").disposition());
        assertTrue(byPath(cycle).get("mine/a.txt").reason().startsWith("already so on refs/heads/main"), cycle.changes()::toString);
        assertEquals(1, runs());
    }

    @Test
    void aDirectLandingSaysSo() throws Exception {
        Path repo = bareRepository();

        WorkCycle cycle = run(repo, bot("sed -i s/TODO/done/ mine/a.txt", Retest.ALWAYS), new CycleRecorder());

        assertEquals(CycleOutcome.LANDED, cycle.outcome(), cycle::toString);
        assertEquals("direct", cycle.landing().how());
        assertEquals(0, cycle.landing().rebasedOver());
        assertFalse(cycle.landing().retested());
        assertEquals(1, runs());
    }

    // --- helpers -------------------------------------------------------------------------------

    /** The bot of the fixture running {@code fix}, tested by "no broken.txt" (each run counted), with this retest policy. */
    private Bot bot(String fix, Retest retest) {
        String tests = "echo run >> " + temp.resolve("runs") + "; test ! -e broken.txt";
        return CycleFixture.bot(fix, List.of("sh", "-c", tests), false).withLanding(new LandingPolicy(OnTargetMoved.REBASE, retest));
    }

    private long runs() throws Exception {
        Path runs = temp.resolve("runs");
        return Files.exists(runs) ? Files.readAllLines(runs).size() : 0;
    }

    private Path bareRepository() throws Exception {
        Path work = temp.resolve("work");
        CycleFixture.writeRepository(work);
        GitRepos.write(work, Map.of("mine/long.txt", LONG));
        GitRepos.initAndCommit(work, "initial");
        Path bare = temp.resolve("source.git");
        Git.cloneRepository().setBare(true).setURI(work.toUri().toString()).setDirectory(bare.toFile()).call().close();
        return bare;
    }

    private WorkCycle run(Path repo, Bot bot, CycleListener listener) throws Exception {
        try (SourceRepository source = SourceRepository.open(repo)) {
            return new CycleRunner(processes, Map.of(), new CycleRecorder.TickingClock(Instant.parse("2026-11-24T12:00:00Z")), false,
                    new SecretRedactor()).run(new CycleRequest("c1", bot, CycleFixture.goal(), "test", source, temp.resolve("checkouts/c1"),
                    CycleFixture.commandAgents(processes), null, null, null, null, () -> false), listener);
        }
    }

    /** A recorder that, as the cycle enters LAND, lands someone else's commit writing {@code content} to {@code path}. */
    private CycleRecorder landsElsewhereOnLand(Path repo, ObjectId[] theirs, String path, String content) {
        return new CycleRecorder(cycle -> {
            if (cycle.phase() == CyclePhase.LAND) {
                theirs[0] = landElsewhere(repo, path, content);
            }
        });
    }

    private ObjectId landElsewhere(Path repo, String path, String content) {
        return CycleRepos.landElsewhere(repo, temp.resolve("elsewhere-other-" + path.replace('/', '-')), "other-" + path.replace('/', '-'), path,
                content);
    }
}
