package io.manybot.core.cycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.manybot.core.cycle.ChangedFile.Disposition;
import io.manybot.core.declaration.Bot;
import io.manybot.core.declaration.Measurement;
import io.manybot.core.ownership.Decision;
import io.manybot.core.process.ProcessRunner;
import io.manybot.core.workspace.CommitMessages;
import io.manybot.core.workspace.SourceRepository;
import io.manybot.testing.GitRepos;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whole cycles of a command bot on real git repositories, with real subprocesses. */
class CycleRunnerTest {
    @TempDir
    Path temp;

    private final ProcessRunner processes = new ProcessRunner();

    private WorkCycle runCycle(Path repo, Bot bot, io.manybot.core.declaration.Goal goal) throws Exception {
        try (SourceRepository source = SourceRepository.open(repo)) {
            CycleRequest request = new CycleRequest("c1", bot, goal, "test", source, temp.resolve("checkouts/c1"),
                    CycleFixture.commandAgents(processes), null, null, null, null, () -> false);
            return CycleFixture.runner(processes).run(request, CycleListener.NONE);
        }
    }

    private Path bareRepository() throws Exception {
        Path work = temp.resolve("work");
        CycleFixture.writeRepository(work);
        GitRepos.initAndCommit(work, "initial");
        Path bare = temp.resolve("source.git");
        Git.cloneRepository().setBare(true).setURI(work.toUri().toString()).setDirectory(bare.toFile()).call().close();
        return bare;
    }

    private static RevCommit tip(Path repo, String ref) throws Exception {
        try (Git git = Git.open(repo.toFile()); RevWalk walk = new RevWalk(git.getRepository())) {
            ObjectId id = git.getRepository().resolve(ref);
            return id == null ? null : walk.parseCommit(id);
        }
    }

    @Test
    void ownedChangeLandsNonOwnedIsProposedAndRefusedIsDropped() throws Exception {
        Path repo = bareRepository();
        RevCommit before = tip(repo, "refs/heads/main");

        WorkCycle cycle = runCycle(repo, CycleFixture.bot(CycleFixture.FIX, List.of("sh", "-c", "true"), false), CycleFixture.goal());

        assertEquals(CycleOutcome.LANDED, cycle.outcome(), () -> String.valueOf(cycle));
        assertEquals(CyclePhase.DONE, cycle.phase());
        Map<String, ChangedFile> changes = byPath(cycle.changes());
        assertEquals(Decision.WRITE, changes.get("mine/a.txt").decision());
        assertEquals(Disposition.LANDED, changes.get("mine/a.txt").disposition());
        assertEquals(Decision.REVIEW, changes.get("theirs/b.txt").decision());
        assertEquals(Disposition.PROPOSED, changes.get("theirs/b.txt").disposition());
        assertEquals(List.of("human:tom"), changes.get("theirs/b.txt").reviewers());
        assertEquals(Disposition.DROPPED, changes.get("locked/c.txt").disposition());
        assertTrue(changes.get("locked/c.txt").reason().startsWith("refused"), changes.get("locked/c.txt").reason());

        RevCommit landed = tip(repo, "refs/heads/main");
        assertEquals(before, landed.getParent(0));
        assertEquals(Map.of("Manybot-Bot", "fixer", "Manybot-Cycle", "c1", "Manybot-Goal", "no-todos"),
                CommitMessages.trailers(landed.getFullMessage()));
        RevCommit proposal = tip(repo, "refs/heads/manybot/proposals/fixer/c1");
        assertNotNull(proposal, "proposal branch");
        assertEquals(before, proposal.getParent(0));
        assertEquals("human:tom", CommitMessages.trailers(proposal.getFullMessage()).get("Manybot-Reviewers"));
        assertEquals("manybot/proposals/fixer/c1", cycle.landing().proposalBranch());

        assertEquals(3.0, cycle.before().keyResults().get(0).current());
        assertEquals(2.0, cycle.after().keyResults().get(0).current(), "after = what landed on main");
        assertTrue(cycle.tests().passed());
        assertFalse(Files.exists(temp.resolve("checkouts/c1")), "checkout removed");
        assertFalse(cycle.reflection().outcomes().isEmpty());
    }

    @Test
    void failingTestsRollBackAndNothingLands() throws Exception {
        Path repo = bareRepository();
        RevCommit before = tip(repo, "refs/heads/main");

        WorkCycle cycle = runCycle(repo, CycleFixture.bot(CycleFixture.FIX, List.of("sh", "-c", "echo boom; exit 1"), false),
                CycleFixture.goal());

        assertEquals(CycleOutcome.ROLLED_BACK, cycle.outcome());
        assertFalse(cycle.tests().passed());
        assertTrue(cycle.tests().output().contains("boom"));
        assertEquals(before, tip(repo, "refs/heads/main"));
        assertNull(tip(repo, "refs/heads/manybot/proposals/fixer/c1"));
        assertTrue(cycle.changes().stream().filter(c -> c.decision() != Decision.REFUSED)
                .allMatch(c -> c.disposition() == Disposition.ROLLED_BACK));
    }

    @Test
    void dryRunRecordsEverythingAndLandsNothing() throws Exception {
        Path repo = bareRepository();
        RevCommit before = tip(repo, "refs/heads/main");

        WorkCycle cycle = runCycle(repo, CycleFixture.bot(CycleFixture.FIX, null, true), CycleFixture.goal());

        assertEquals(CycleOutcome.DRY_RUN, cycle.outcome());
        assertEquals(before, tip(repo, "refs/heads/main"));
        assertNull(tip(repo, "refs/heads/manybot/proposals/fixer/c1"));
        assertEquals(3, cycle.changes().size());
        assertEquals(2.0, cycle.after().keyResults().get(0).current(), "after is measured on what would land");
    }

    @Test
    void failedMeasurementLeavesTheKeyResultUnknownWithTheReason() throws Exception {
        Path repo = bareRepository();
        Measurement broken = new Measurement(List.of("sh", "-c", "echo 'no database'; exit 3"), null, null, null, Duration.ofSeconds(30));

        WorkCycle cycle = runCycle(repo, CycleFixture.bot(CycleFixture.FIX, null, false), CycleFixture.goal(broken));

        assertNull(cycle.before().keyResults().get(0).current());
        assertEquals(io.manybot.core.goal.KeyResultState.UNKNOWN, cycle.before().keyResults().get(0).state());
        String failure = cycle.measurementsBefore().get(0).failure();
        assertNotNull(failure);
        assertTrue(failure.contains("3"), failure);
        assertNull(cycle.measurementsBefore().get(0).value(), "never zero");
    }

    @Test
    void usersWorkingTreeAndUncommittedChangeAreUntouched() throws Exception {
        Path repo = temp.resolve("user");
        CycleFixture.writeRepository(repo);
        GitRepos.initAndCommit(repo, "initial");
        Files.writeString(repo.resolve("mine/a.txt"), "TODO a\nmy uncommitted line\n");
        Files.writeString(repo.resolve("notes.txt"), "untracked\n");
        RevCommit main = tip(repo, "refs/heads/main");

        WorkCycle cycle = runCycle(repo, CycleFixture.bot(CycleFixture.FIX, null, false), CycleFixture.goal());

        assertEquals(CycleOutcome.LANDED, cycle.outcome(), () -> String.valueOf(cycle));
        assertEquals("TODO a\nmy uncommitted line\n", Files.readString(repo.resolve("mine/a.txt")));
        assertEquals("untracked\n", Files.readString(repo.resolve("notes.txt")));
        assertEquals(main, tip(repo, "refs/heads/main"), "the checked-out branch does not move");
        assertEquals("refs/heads/manybot/main", cycle.landing().targetRef());
        assertEquals(main, tip(repo, "refs/heads/manybot/main").getParent(0));
        try (Git git = Git.open(repo.toFile())) {
            assertEquals(java.util.Set.of("mine/a.txt"), git.status().call().getModified());
        }
    }

    @Test
    void aSecondCycleDoesNotProposeTheSameChangeAgain() throws Exception {
        Path repo = bareRepository();
        Bot bot = CycleFixture.bot(CycleFixture.FIX, null, false);
        runCycle(repo, bot, CycleFixture.goal());
        WorkCycle second;
        try (SourceRepository source = SourceRepository.open(repo)) {
            CycleRequest request = new CycleRequest("c2", bot, CycleFixture.goal(), "test", source, temp.resolve("checkouts/c2"),
                    CycleFixture.commandAgents(processes), null, null, null, null, () -> false);
            second = CycleFixture.runner(processes).run(request, CycleListener.NONE);
        }
        assertEquals(CycleOutcome.NO_CHANGE, second.outcome(), () -> String.valueOf(second));
        assertEquals("manybot/proposals/fixer/c1", second.landing().proposalBranch(), "the open proposal is reused");
        assertNull(tip(repo, "refs/heads/manybot/proposals/fixer/c2"));
    }

    @Test
    void aCycleOverItsTimeLimitStopsAndLandsNothing() throws Exception {
        Path repo = bareRepository();
        RevCommit before = tip(repo, "refs/heads/main");
        Bot slow = CycleFixture.bot("sleep 20; " + CycleFixture.FIX, null, false);
        Bot bot = new Bot(slow.name(), slow.goal(), slow.owns(), slow.repository(), slow.mode(), slow.schedule(), slow.executor(),
                slow.tests(), new Bot.Limits(3, 20, Duration.ofSeconds(1), 25, null), slow.reviewers(), false, false, true, null);
        WorkCycle cycle;
        try (SourceRepository source = SourceRepository.open(repo)) {
            cycle = new CycleRunner(processes, Map.of(), java.time.Clock.systemUTC()).run(new CycleRequest("c1", bot, CycleFixture.goal(),
                    "test", source, temp.resolve("checkouts/c1"), CycleFixture.commandAgents(processes), null, null, null, null,
                    () -> false), CycleListener.NONE);
        }
        assertEquals(CycleOutcome.TIMED_OUT, cycle.outcome(), () -> String.valueOf(cycle));
        assertTrue(cycle.error().contains("timed out"), cycle.error());
        assertEquals(before, tip(repo, "refs/heads/main"));
        assertFalse(Files.exists(temp.resolve("checkouts/c1")));
    }

    @Test
    void shutdownStopsACycleAtThePhaseBoundaryBeforeAnythingLands() throws Exception {
        Path repo = bareRepository();
        RevCommit before = tip(repo, "refs/heads/main");
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        CycleListener stopDuringExecute = new CycleListener() {
            @Override
            public void phase(WorkCycle cycle) {
                if (cycle.phase() == CyclePhase.EXECUTE) {
                    stop.set(true);
                }
            }

            @Override
            public void event(WorkCycle cycle, String level, String message) {}
        };
        WorkCycle cycle;
        try (SourceRepository source = SourceRepository.open(repo)) {
            cycle = CycleFixture.runner(processes).run(new CycleRequest("c1", CycleFixture.bot(CycleFixture.FIX, null, false),
                    CycleFixture.goal(), "test", source, temp.resolve("checkouts/c1"), CycleFixture.commandAgents(processes), null, null,
                    null, null, stop::get), stopDuringExecute);
        }
        assertEquals(CycleOutcome.ABANDONED, cycle.outcome());
        assertEquals(Task.State.COMPLETED, cycle.tasks().get(0).state(), "the running task finished first");
        assertEquals(before, tip(repo, "refs/heads/main"));
        assertFalse(Files.exists(temp.resolve("checkouts/c1")));
    }

    private static Map<String, ChangedFile> byPath(List<ChangedFile> changes) {
        Map<String, ChangedFile> map = new java.util.HashMap<>();
        changes.forEach(change -> map.put(change.path(), change));
        return map;
    }
}
