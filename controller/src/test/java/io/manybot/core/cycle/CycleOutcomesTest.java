package io.manybot.core.cycle;

import static io.manybot.core.cycle.CycleRepos.byPath;
import static io.manybot.core.cycle.CycleRepos.readAt;
import static io.manybot.core.cycle.CycleRepos.tip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.manybot.core.cycle.ChangedFile.Change;
import io.manybot.core.cycle.ChangedFile.Disposition;
import io.manybot.core.declaration.Bot;
import io.manybot.core.declaration.Goal;
import io.manybot.core.declaration.Measurement;
import io.manybot.core.process.ProcessRunner;
import io.manybot.core.secret.SecretRedactor;
import io.manybot.core.workspace.CommitMessages;
import io.manybot.core.workspace.SourceRepository;
import io.manybot.testing.GitRepos;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.ObjectId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How a cycle ends, and what it records and reports on the way: each outcome of a command bot on a
 * real repository with real subprocesses ({@link CycleFixture}), the phases and events a listener
 * hears, and what happens when a planner or reflector fails, shutdown or a pause stops the cycle, or
 * its time runs out.
 */
class CycleOutcomesTest {
    private static final Instant START = Instant.parse("2026-11-24T12:00:00Z");
    private static final String MAIN = CycleRepos.MAIN;

    @TempDir
    Path temp;

    private final ProcessRunner processes = new ProcessRunner();
    private final CycleRecorder.TickingClock clock = new CycleRecorder.TickingClock(START);

    @Test
    void aLandingCycleReportsEveryPhaseAndWhatItDidInOrder() throws Exception {
        Path repo = bareRepository();
        ObjectId before = tip(repo, MAIN);
        CycleRecorder recorder = new CycleRecorder();

        WorkCycle cycle = run(repo, bot(CycleFixture.FIX, List.of("sh", "-c", "true"), false, true), recorder);

        assertEquals(CycleOutcome.LANDED, cycle.outcome(), cycle::toString);
        assertEquals(List.of(CyclePhase.SENSE, CyclePhase.PLAN, CyclePhase.EXECUTE, CyclePhase.GATE, CyclePhase.VERIFY, CyclePhase.LAND,
                CyclePhase.REFLECT, CyclePhase.RECORD, CyclePhase.DONE), recorder.phases);
        ObjectId landed = tip(repo, MAIN);
        String work = "Run `sh -c " + CycleFixture.FIX + "`";
        assertEquals(List.of(
                "info: measured files-with-todo = 3",
                "info: planned 1 task(s)\n  - " + work + " — files-with-todo is 3 files, target 0 files (progress 0%, off track)",
                "info: executing " + work,
                "info: " + work + ": " + cycle.tasks().get(0).result(),
                "info: gate: 1 to write, 1 to propose, 1 dropped",
                "info: tests passed (sh -c true)",
                "info: measured files-with-todo = 2",
                "info: landed " + landed.name().substring(0, 7) + " on refs/heads/main",
                "info: proposed on manybot/proposals/fixer/c1 for review by human:tom"), recorder.events);
        assertTrue(cycle.tasks().get(0).result().startsWith("sh -c 'for f in"), cycle.tasks().get(0).result());
        assertEquals(Task.State.COMPLETED, cycle.tasks().get(0).state());
        assertEquals(new Landing(MAIN, landed.name(), "manybot/proposals/fixer/c1", tip(repo, "refs/heads/manybot/proposals/fixer/c1").name(),
                List.of("human:tom"), false), cycle.landing());
        assertEquals(before.name(), cycle.baseCommit());
        assertEquals(1, cycle.steps().size());
        assertEquals("t1", cycle.steps().get(0).task());
        assertEquals(Integer.valueOf(0), cycle.steps().get(0).exitCode());

        // Every phase took the time the test's clock says it did, and the record closes when DONE begins.
        assertEquals(List.of(CyclePhase.SENSE, CyclePhase.PLAN, CyclePhase.EXECUTE, CyclePhase.GATE, CyclePhase.VERIFY, CyclePhase.LAND,
                CyclePhase.REFLECT, CyclePhase.RECORD), cycle.timings().stream().map(PhaseTiming::phase).toList());
        assertTrue(cycle.timings().stream().allMatch(timing -> timing.millis() >= 1000 && timing.millis() % 1000 == 0), cycle.timings()::toString);
        assertEquals(START.plusSeconds(1), cycle.startedAt());
        long total = cycle.timings().stream().mapToLong(PhaseTiming::millis).sum();
        assertFalse(cycle.startedAt().plusMillis(total).isAfter(cycle.finishedAt()), "the phases fit in the cycle: " + cycle.finishedAt());
        assertEquals(List.of("Landed 1 file(s) as " + landed.name().substring(0, 7) + " on refs/heads/main",
                "Proposed 1 file(s) on manybot/proposals/fixer/c1 for review by human:tom",
                "Dropped locked/c.txt: " + byPath(cycle).get("locked/c.txt").reason(),
                "Key result files-with-todo: 3 → 2 (progress 0% → 33%)"), cycle.reflection().outcomes());
    }

    @Test
    void theCommitsSayWhoMadeThemForWhichGoalAndWhoMustReview() throws Exception {
        Path repo = bareRepository();

        run(repo, bot(CycleFixture.FIX, null, false, true), new CycleRecorder());

        try (Git git = Git.open(repo.toFile()); org.eclipse.jgit.revwalk.RevWalk walk = new org.eclipse.jgit.revwalk.RevWalk(git.getRepository())) {
            var landed = walk.parseCommit(tip(repo, MAIN));
            String work = "Run `sh -c " + CycleFixture.FIX + "`";
            assertEquals("fixer (manybot)", landed.getAuthorIdent().getName());
            assertEquals("fixer@bots.manybot.io", landed.getAuthorIdent().getEmailAddress());
            assertEquals("fixer " + work + "\n\nGoal no-todos: No TODO left\n- files-with-todo: 3 before this change\n\n1 file(s):\n"
                    + "- mine/a.txt\n\nManybot-Bot: fixer\nManybot-Cycle: c1\nManybot-Goal: no-todos\n", landed.getFullMessage());
            var proposal = walk.parseCommit(tip(repo, "refs/heads/manybot/proposals/fixer/c1"));
            String fingerprint = CommitMessages.trailers(proposal.getFullMessage()).get(Proposals.FINGERPRINT_TRAILER);
            assertEquals("fixer proposes: " + work + "\n\nGoal no-todos: No TODO left\n- files-with-todo: 3 before this change\n\n"
                    + "1 file(s):\n- theirs/b.txt\n\nNeeds review by human:tom (OWNERS).\n\nManybot-Bot: fixer\nManybot-Cycle: c1\n"
                    + "Manybot-Goal: no-todos\nManybot-Reviewers: human:tom\nManybot-Proposal: " + fingerprint + "\n", proposal.getFullMessage());
            assertTrue(fingerprint.matches("[0-9a-f]{40}"), fingerprint);
        }
    }

    @Test
    void withReplanACycleThatLosesTheLandingRaceIsSupersededAndLandsNothing() throws Exception {
        Path repo = bareRepository();
        ObjectId[] theirs = new ObjectId[1];
        CycleRecorder recorder = new CycleRecorder(cycle -> {
            if (cycle.phase() == CyclePhase.LAND) {
                theirs[0] = landElsewhere(repo, "someone-else", "other.txt");
            }
        });

        Bot replan = bot(CycleFixture.FIX, null, false, true)
                .withLanding(new Bot.LandingPolicy(Bot.LandingPolicy.OnTargetMoved.REPLAN, Bot.LandingPolicy.Retest.ALWAYS));
        WorkCycle cycle = run(repo, replan, recorder);

        assertEquals(CycleOutcome.SUPERSEDED, cycle.outcome(), cycle::toString);
        assertEquals(theirs[0], tip(repo, MAIN), "their commit stays");
        assertNull(tip(repo, "refs/heads/manybot/proposals/fixer/c1"), "nothing proposed either");
        assertEquals(new Landing(MAIN, null, null, null, List.of("human:tom"), false), cycle.landing());
        for (ChangedFile file : cycle.changes()) {
            if (file.disposition() != Disposition.DROPPED) {
                assertEquals(Disposition.NOT_LANDED, file.disposition(), file::toString);
                assertEquals("target moved before landing: re-plan on the new commit", file.reason());
            }
        }
        assertEquals(1, recorder.events("warn: not landed: refs/heads/main is at " + theirs[0].name()).size(), recorder.events::toString);
    }

    @Test
    void aCommitOfTheSameCycleFoundOnTheTargetCountsAsLanded() throws Exception {
        Path repo = bareRepository();
        ObjectId[] earlier = new ObjectId[1];
        CycleRecorder recorder = new CycleRecorder(cycle -> {
            if (cycle.phase() == CyclePhase.LAND) {
                earlier[0] = landElsewhere(repo, "c1", "mine/a.txt"); // as an earlier run of this very cycle did
            }
        });

        WorkCycle cycle = run(repo, bot("sed -i s/TODO/done/ mine/a.txt", null, false, true), recorder);

        assertEquals(CycleOutcome.LANDED, cycle.outcome(), cycle::toString);
        assertEquals(new Landing(MAIN, earlier[0].name(), null, null, List.of(), true), cycle.landing());
        assertEquals(earlier[0], tip(repo, MAIN), "nothing landed twice");
        assertEquals(List.of("info: already landed " + earlier[0].name().substring(0, 7) + " on refs/heads/main"),
                recorder.events("info: already"));
        assertEquals(Disposition.LANDED, byPath(cycle).get("mine/a.txt").disposition());
    }

    @Test
    void aCommandThatFailsAndChangesNothingFailsTheCycle() throws Exception {
        Path repo = bareRepository();
        CycleRecorder recorder = new CycleRecorder();

        WorkCycle cycle = run(repo, bot("echo cannot fix; exit 4", null, false, true), recorder);

        assertEquals(CycleOutcome.FAILED, cycle.outcome());
        assertEquals("the executor failed and changed nothing", cycle.error());
        assertEquals(Task.State.FAILED, cycle.tasks().get(0).state());
        assertTrue(recorder.events.stream().anyMatch(e -> e.startsWith("warn: Run `sh -c echo cannot fix; exit 4`: ")), recorder.events::toString);
        assertEquals("cannot fix\n", cycle.steps().get(0).output());
        assertFalse(cycle.steps().get(0).succeeded());
        assertEquals(List.of(CyclePhase.SENSE, CyclePhase.PLAN, CyclePhase.EXECUTE, CyclePhase.GATE, CyclePhase.REFLECT, CyclePhase.RECORD,
                CyclePhase.DONE), recorder.phases);

        WorkCycle idle = run(repo, bot("echo nothing to do", null, false, true), new CycleRecorder(), "c2");
        assertEquals(CycleOutcome.NO_CHANGE, idle.outcome());
        assertNull(idle.error());
        assertEquals(Task.State.COMPLETED, idle.tasks().get(0).state());
    }

    @Test
    void changesOwnershipRefusesEverywhereEndTheCycleRefused() throws Exception {
        Path repo = bareRepository();
        ObjectId before = tip(repo, MAIN);
        CycleRecorder recorder = new CycleRecorder();

        WorkCycle cycle = run(repo, bot("sed -i s/TODO/done/ locked/c.txt", null, false, true), recorder);

        assertEquals(CycleOutcome.REFUSED, cycle.outcome());
        assertEquals(List.of("info: gate: 0 to write, 0 to propose, 1 dropped"), recorder.events("info: gate"));
        assertEquals(before, tip(repo, MAIN));
        assertEquals(List.of(CyclePhase.SENSE, CyclePhase.PLAN, CyclePhase.EXECUTE, CyclePhase.GATE, CyclePhase.REFLECT, CyclePhase.RECORD,
                CyclePhase.DONE), recorder.phases);
    }

    @Test
    void aCycleWithOnlyChangesForReviewProposesThemAndLeavesTheTargetAlone() throws Exception {
        Path repo = bareRepository();
        ObjectId before = tip(repo, MAIN);

        WorkCycle cycle = run(repo, bot("rm theirs/b.txt", null, false, true), new CycleRecorder());

        assertEquals(CycleOutcome.PROPOSED, cycle.outcome(), cycle::toString);
        assertEquals(before, tip(repo, MAIN));
        ChangedFile deleted = byPath(cycle).get("theirs/b.txt");
        assertEquals(Change.DELETED, deleted.change());
        assertEquals(Disposition.PROPOSED, deleted.disposition());
        assertNull(cycle.landing().commit());
        assertEquals("manybot/proposals/fixer/c1", cycle.landing().proposalBranch());
        assertNull(readAt(repo, "refs/heads/manybot/proposals/fixer/c1", "theirs/b.txt"), "the proposal deletes the file");
        assertEquals(3.0, cycle.after().keyResults().get(0).current(), "after: measured on the base, since nothing lands");
    }

    @Test
    void aRestartedCycleFindsTheProposalItAlreadyMadeAndABranchSomeoneElseTookFailsIt() throws Exception {
        Path repo = bareRepository();
        run(repo, bot("sed -i s/TODO/done/ theirs/b.txt", null, false, true), new CycleRecorder());
        ObjectId proposed = tip(repo, "refs/heads/manybot/proposals/fixer/c1");
        CycleRecorder recorder = new CycleRecorder();

        // The same cycle again (as after a restart), its command now making another change.
        WorkCycle again = run(repo, bot("sed -i s/TODO/fixed/ theirs/b.txt", null, false, true), recorder);

        assertEquals(CycleOutcome.NO_CHANGE, again.outcome(), again::toString);
        assertEquals(proposed.name(), again.landing().proposalCommit());
        assertEquals(proposed, tip(repo, "refs/heads/manybot/proposals/fixer/c1"));
        assertEquals(List.of("info: already proposed on manybot/proposals/fixer/c1 for review by human:tom"), recorder.events("info: already"));

        try (Git git = Git.open(repo.toFile())) {
            org.eclipse.jgit.lib.RefUpdate taken = git.getRepository().updateRef("refs/heads/manybot/proposals/fixer/c2");
            taken.setNewObjectId(tip(repo, MAIN));
            assertEquals(org.eclipse.jgit.lib.RefUpdate.Result.NEW, taken.update());
        }
        WorkCycle failed = run(repo, bot("sed -i s/TODO/other/ theirs/b.txt", null, false, true), new CycleRecorder(), "c2");
        assertEquals(CycleOutcome.FAILED, failed.outcome(), failed::toString);
        assertTrue(failed.error().startsWith("could not create proposal branch refs/heads/manybot/proposals/fixer/c2: "), failed.error());
    }

    @Test
    void anAchievedGoalPlansNothingAndRunsNothing() throws Exception {
        Path repo = bareRepository();
        CycleRecorder recorder = new CycleRecorder();
        Goal achieved = goal("echo 0");

        WorkCycle cycle = run(repo, bot("touch ran.txt", null, false, true), achieved, recorder, "c1", () -> false, null);

        assertEquals(CycleOutcome.NO_CHANGE, cycle.outcome());
        assertEquals(List.of(), cycle.tasks());
        assertEquals(List.of(), cycle.steps());
        assertEquals(List.of(CyclePhase.SENSE, CyclePhase.PLAN, CyclePhase.REFLECT, CyclePhase.RECORD, CyclePhase.DONE), recorder.phases);
        assertEquals(List.of("info: measured files-with-todo = 0", "info: planned 0 task(s)"), recorder.events);
        assertEquals("Goal achieved: keep it there", cycle.reflection().nextFocus());
    }

    @Test
    void aFailingReflectorIsReplacedByTheFactualSummary() throws Exception {
        Path repo = bareRepository();
        CycleRecorder recorder = new CycleRecorder();
        Reflector broken = cycle -> {
            throw new IllegalStateException("the model is down");
        };
        BotAgents agents = new BotAgents(new FactualPlanner(), new io.manybot.core.executor.CommandExecutor(processes), broken);

        WorkCycle cycle = run(repo, bot("sed -i s/TODO/done/ mine/a.txt", null, false, true), CycleFixture.goal(), recorder, "c1",
                () -> false, agents);

        assertEquals(CycleOutcome.LANDED, cycle.outcome());
        assertEquals(List.of("warn: reflector failed (the model is down); a factual summary stands in"), recorder.events("warn:"));
        assertEquals(new FactualReflector().reflect(cycle).outcomes(), cycle.reflection().outcomes());
    }

    @Test
    void aKeyAPlannerOrReflectorEchoesIsMaskedInTheTasksTheReflectionAndTheTestCommand() throws Exception {
        Path repo = bareRepository();
        String secret = "s3cr3t-echoed-by-the-model";
        SecretRedactor redactor = new SecretRedactor();
        redactor.register(secret);
        Planner echoing = context -> new FactualPlanner().plan(context).stream()
                .map(task -> new Task(task.id(), task.kind(), task.title() + " with " + secret, "because " + secret, task.state(), task.result()))
                .toList();
        Reflector echoing2 = cycle -> new Reflection(List.of("used " + secret), List.of("keep " + secret), "next: " + secret);
        BotAgents agents = new BotAgents(echoing, new io.manybot.core.executor.CommandExecutor(processes), echoing2);
        Bot bot = bot(CycleFixture.FIX, List.of("sh", "-c", "test -n '" + secret + "'"), false, true);

        WorkCycle cycle;
        try (SourceRepository source = SourceRepository.open(repo)) {
            cycle = runner(redactor, false).run(new CycleRequest("c1", bot, CycleFixture.goal(), "test", source, temp.resolve("checkouts/c1"),
                    agents, null, null, null, null, () -> false), new CycleRecorder());
        }

        assertEquals(CycleOutcome.LANDED, cycle.outcome());
        assertFalse(cycle.toString().contains(secret), "masked everywhere: " + cycle);
        assertTrue(cycle.tasks().get(0).title().endsWith(" with " + SecretRedactor.MASK), cycle.tasks().get(0).title());
        assertEquals("because " + SecretRedactor.MASK, cycle.tasks().get(0).rationale());
        assertEquals(List.of("sh", "-c", "test -n '" + SecretRedactor.MASK + "'"), cycle.tests().command());
        assertEquals(new Reflection(List.of("used ***"), List.of("keep ***"), "next: ***"), cycle.reflection());
    }

    @Test
    void aPlannerThatThrowsFailsTheCycleNamingThePhaseAndTheCause() throws Exception {
        Path repo = bareRepository();
        CycleRecorder recorder = new CycleRecorder();
        Planner broken = context -> {
            throw new IllegalStateException("no plan today");
        };
        BotAgents agents = new BotAgents(broken, new io.manybot.core.executor.CommandExecutor(processes), new FactualReflector());

        WorkCycle cycle = run(repo, bot(CycleFixture.FIX, null, false, true), CycleFixture.goal(), recorder, "c1", () -> false, agents);

        assertEquals(CycleOutcome.FAILED, cycle.outcome());
        assertEquals("no plan today", cycle.error());
        assertEquals(List.of("error: cycle failed in phase PLAN: no plan today"), recorder.events("error:"));
        assertEquals(List.of("Outcome FAILED"), cycle.reflection().outcomes(), "the factual summary of a failed cycle");
        assertFalse(Files.exists(temp.resolve("checkouts/c1")), "the checkout is removed");

        Planner silent = context -> {
            throw new UnsupportedOperationException();
        };
        WorkCycle unnamed = run(repo, bot(CycleFixture.FIX, null, false, true), CycleFixture.goal(), new CycleRecorder(), "c2", () -> false,
                new BotAgents(silent, new io.manybot.core.executor.CommandExecutor(processes), new FactualReflector()));
        assertEquals("UnsupportedOperationException", unnamed.error(), "an exception without a message is named by its class");
    }

    @Test
    void aPauseStopsTheCycleBeforeItsNextPhaseNamingTheCauseAndArchivingWhatDidNotRun() throws Exception {
        Path repo = bareRepository();
        ObjectId before = tip(repo, MAIN);
        boolean[] paused = new boolean[1];
        StopSignal pause = new StopSignal() {
            @Override
            public boolean getAsBoolean() {
                return paused[0];
            }

            @Override
            public String reason() {
                return "a pause in the directives";
            }
        };
        CycleRecorder recorder = new CycleRecorder(cycle -> paused[0] |= cycle.phase() == CyclePhase.PLAN);

        WorkCycle cycle = run(repo, bot(CycleFixture.FIX, null, false, true), CycleFixture.goal(), recorder, "c1", pause, null);

        assertEquals(CycleOutcome.ABANDONED, cycle.outcome());
        assertEquals("stopped by a pause in the directives before phase EXECUTE", cycle.error());
        assertEquals(Task.State.ARCHIVED, cycle.tasks().get(0).state());
        assertEquals("not run: cycle ABANDONED", cycle.tasks().get(0).result());
        assertEquals(List.of(), cycle.steps(), "nothing ran");
        assertEquals(before, tip(repo, MAIN));
        assertEquals(List.of(CyclePhase.SENSE, CyclePhase.PLAN, CyclePhase.RECORD, CyclePhase.DONE), recorder.phases);

        StopSignal unexplained = new StopSignal() {
            @Override
            public boolean getAsBoolean() {
                return true;
            }

            @Override
            public String reason() {
                return " ";
            }
        };
        WorkCycle stopped = run(repo, bot(CycleFixture.FIX, null, false, true), CycleFixture.goal(), new CycleRecorder(), "c2", unexplained,
                null);
        assertEquals("stopped by shutdown before phase PLAN", stopped.error(), "a stop without a reason is shutdown");
    }

    @Test
    void aCycleWhoseTimeRunsOutStopsAtTheNextPhaseBoundary() throws Exception {
        Path repo = bareRepository();
        ObjectId before = tip(repo, MAIN);
        CycleRecorder recorder = new CycleRecorder(cycle -> {
            if (cycle.phase() == CyclePhase.EXECUTE) {
                clock.jump(Duration.ofMinutes(30));
            }
        });

        WorkCycle cycle = run(repo, bot(CycleFixture.FIX, null, false, true), recorder);

        assertEquals(CycleOutcome.TIMED_OUT, cycle.outcome(), cycle::toString);
        assertEquals("cycle timed out after 1800 s, before phase GATE", cycle.error());
        assertEquals(before, tip(repo, MAIN));
        assertEquals(Task.State.FAILED, cycle.tasks().get(0).state(), "the command got no time left: " + cycle.tasks().get(0));
    }

    @Test
    void anInterruptedCycleIsAbandonedOrTimedOutAndKeepsTheInterrupt() throws Exception {
        Path repo = bareRepository();
        ObjectId before = tip(repo, MAIN);
        CycleListener interruptOnExecute = new CycleRecorder() {
            @Override
            public void event(WorkCycle cycle, String level, String message) {
                if (message.startsWith("executing")) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        WorkCycle cycle = run(repo, bot(CycleFixture.FIX, null, false, true), interruptOnExecute);
        assertTrue(Thread.interrupted(), "the interrupt is kept for the caller");
        assertEquals(CycleOutcome.ABANDONED, cycle.outcome(), cycle::toString);
        assertEquals("stopped by shutdown in phase EXECUTE", cycle.error());
        assertEquals(before, tip(repo, MAIN));
        assertFalse(Files.exists(temp.resolve("checkouts/c1")));

        // Interrupted while the tests run, after the deadline passed: timed out.
        CycleListener lateInterrupt = new CycleRecorder(entered -> {
            if (entered.phase() == CyclePhase.VERIFY) {
                clock.jump(Duration.ofHours(1));
                Thread.currentThread().interrupt();
            }
        });
        WorkCycle late = run(repo, bot(CycleFixture.FIX, List.of("sh", "-c", "true"), false, true), CycleFixture.goal(), lateInterrupt, "c2",
                () -> false, null);
        assertTrue(Thread.interrupted());
        assertEquals(CycleOutcome.TIMED_OUT, late.outcome(), late::toString);
        assertEquals("cycle timed out after 1800 s in phase VERIFY", late.error());
        assertEquals(before, tip(repo, MAIN));
    }

    @Test
    void aCommandBotRecordsReviewsOfOthersCommitsWithoutRunningThem() throws Exception {
        Path work = temp.resolve("work");
        CycleFixture.writeRepository(work);
        String first = GitRepos.initAndCommit(work, "initial").name();
        GitRepos.write(work, Map.of("mine/a.txt", "TODO a, edited by olivia\n"));
        GitRepos.commitAll(work, "Olivia edits a");
        Path repo = temp.resolve("source.git");
        Git.cloneRepository().setBare(true).setURI(work.toUri().toString()).setDirectory(repo.toFile()).call().close();

        WorkCycle cycle;
        try (SourceRepository source = SourceRepository.open(repo)) {
            cycle = runner(new SecretRedactor(), false).run(new CycleRequest("c1", bot("true", null, false, true), CycleFixture.goal(), "test",
                    source, temp.resolve("checkouts/c1"), CycleFixture.commandAgents(processes), first, null, null, null, () -> false),
                    new CycleRecorder());
        }

        assertEquals(2, cycle.tasks().size(), cycle.tasks()::toString);
        Task review = cycle.tasks().get(1);
        assertEquals(Task.Kind.REVIEW, review.kind());
        assertTrue(review.title().endsWith("by Test Author: Olivia edits a"), review.title());
        assertEquals(Task.State.COMPLETED, review.state());
        assertEquals("recorded for the owner's attention (command bots do not review)", review.result());
        assertEquals(1, cycle.steps().size(), "only the work task ran a command");
    }

    @Test
    void aChangeHoldingASecretIsRefusedAndTheSecretIsMaskedInWhatTheCycleKeeps() throws Exception {
        Path repo = bareRepository();
        SecretRedactor redactor = new SecretRedactor();
        String secret = "s3cr3t-value-of-the-bot";
        CycleRecorder recorder = new CycleRecorder();
        // The key reaches the commands through their environment; TOKEN is a secret by its name, so the cycle registers it.
        Bot bot = bot("echo $TOKEN; echo $TOKEN > mine/a.txt; sed -i s/TODO/done/ theirs/b.txt; rm locked/c.txt",
                List.of("sh", "-c", "echo $TOKEN; exit 0"), false, true);
        Bot withKey = new Bot(bot.name(), bot.goal(), bot.owns(), bot.repository(), bot.mode(), bot.schedule(),
                new Bot.Executor(Bot.ExecutorType.COMMAND, bot.executor().command(), false, Map.of("TOKEN", secret), Duration.ofSeconds(30),
                        null), bot.tests(), bot.limits(), List.of(), false, false, true, null);
        Goal goal = goal("echo \"cannot read $TOKEN\"; exit 2");

        WorkCycle cycle;
        try (SourceRepository source = SourceRepository.open(repo)) {
            cycle = new CycleRunner(processes, Map.of("TOKEN", secret), clock, false, redactor).run(new CycleRequest("c1", withKey, goal, "test", source, temp.resolve("checkouts/c1"),
                    CycleFixture.commandAgents(processes), null, null, null, null, () -> false), recorder);
        }

        ChangedFile mine = byPath(cycle).get("mine/a.txt");
        assertEquals(Disposition.DROPPED, mine.disposition());
        assertEquals("refused: mine/a.txt:1 holds a configured secret value; a change holding a secret never lands", mine.reason());
        assertEquals(List.of("warn: " + mine.reason()), recorder.events("warn: refused"));
        assertEquals(CycleOutcome.PROPOSED, cycle.outcome(), "the rest goes on");
        try (Git git = Git.open(repo.toFile()); org.eclipse.jgit.revwalk.RevWalk walk = new org.eclipse.jgit.revwalk.RevWalk(git.getRepository())) {
            String message = walk.parseCommit(tip(repo, "refs/heads/manybot/proposals/fixer/c1")).getFullMessage();
            assertTrue(message.contains("\n- files-with-todo: unknown before this change\n"), message);
        }
        assertEquals(Disposition.DROPPED, byPath(cycle).get("locked/c.txt").disposition(), "a refused deletion stays refused");
        assertFalse(cycle.toString().contains(secret), "masked everywhere: " + cycle);
        assertFalse(recorder.events.toString().contains(secret), recorder.events::toString);
        assertEquals(SecretRedactor.MASK + "\n", cycle.steps().get(0).output());
        assertEquals(SecretRedactor.MASK + "\n", cycle.tests().output());
        assertTrue(cycle.measurementsBefore().get(0).failure().contains("cannot read " + SecretRedactor.MASK),
                cycle.measurementsBefore().get(0).failure());
        assertEquals(List.of("warn: measured files-with-todo = unknown (exit 2: cannot read ***)",
                "warn: measured files-with-todo = unknown (exit 2: cannot read ***)"), recorder.events("warn: measured"), "before and after");
    }

    @Test
    void failedTestsLandAnywayWhenTheBotDoesNotRollBack() throws Exception {
        Path repo = bareRepository();
        CycleRecorder recorder = new CycleRecorder();

        WorkCycle cycle = run(repo, bot("sed -i s/TODO/done/ mine/a.txt", List.of("sh", "-c", "exit 1"), false, false), recorder);

        assertEquals(CycleOutcome.LANDED, cycle.outcome());
        assertFalse(cycle.tests().passed());
        assertEquals(Integer.valueOf(1), cycle.tests().exitCode());
        assertEquals(List.of("warn: tests failed (sh -c exit 1)"), recorder.events("warn:"));
        assertEquals(Disposition.LANDED, byPath(cycle).get("mine/a.txt").disposition());
    }

    @Test
    void aDryRunSaysWhatWouldHaveLandedOrBeenProposed() throws Exception {
        Path repo = bareRepository();

        WorkCycle cycle = run(repo, bot(CycleFixture.FIX, null, true, true), new CycleRecorder());

        assertEquals(CycleOutcome.DRY_RUN, cycle.outcome());
        assertEquals("dry run: would land", byPath(cycle).get("mine/a.txt").reason());
        assertEquals("dry run: would propose", byPath(cycle).get("theirs/b.txt").reason());
        assertEquals(Disposition.NOT_LANDED, byPath(cycle).get("theirs/b.txt").disposition());
        assertEquals(Disposition.DROPPED, byPath(cycle).get("locked/c.txt").disposition());
        assertEquals(new Landing(MAIN, null, null, null, List.of("human:tom"), false), cycle.landing());
    }

    @Test
    void aReusedCheckoutStaysForTheBotsNextCycle() throws Exception {
        Path repo = bareRepository();
        Path checkout = temp.resolve("checkouts/fixer");
        Bot bot = bot("sed -i s/TODO/done/ mine/a.txt", null, false, true);
        WorkCycle first;
        WorkCycle second;
        try (SourceRepository source = SourceRepository.open(repo)) {
            CycleRunner runner = runner(new SecretRedactor(), true);
            first = runner.run(new CycleRequest("c1", bot, CycleFixture.goal(), "test", source, checkout,
                    CycleFixture.commandAgents(processes), null, null, null, null, () -> false), new CycleRecorder());
            assertTrue(Files.isRegularFile(checkout.resolve("mine/a.txt")), "kept after the cycle");
            second = runner.run(new CycleRequest("c2", bot("sed -i s/TODO/done/ theirs/b.txt", null, false, true), CycleFixture.goal(),
                    "test", source, checkout, CycleFixture.commandAgents(processes), null, null, null, null, () -> false), new CycleRecorder());
        }
        assertEquals(CycleOutcome.LANDED, first.outcome());
        assertEquals(CycleOutcome.PROPOSED, second.outcome(), second::toString);
        assertEquals(List.of("theirs/b.txt"), second.changes().stream().map(ChangedFile::path).toList(),
                "the first cycle's change is in the new base, not seen again");
        assertEquals("done a\n", Files.readString(checkout.resolve("mine/a.txt")), "still there for the next cycle, at the new base");
        assertTrue(Files.isDirectory(checkout.resolve(".git")));
    }

    @Test
    void whatTheMeasurementLeftInTheCheckoutIsNeitherAChangeNorLanded() throws Exception {
        Path repo = bareRepository();
        Goal messy = goal("echo cache > mine/measure.cache; echo TODO >> theirs/b.txt; " + CycleFixture.COUNT);

        WorkCycle cycle = run(repo, bot("sed -i s/TODO/done/ mine/a.txt", null, false, true), messy, new CycleRecorder(), "c1", () -> false,
                null);

        assertEquals(CycleOutcome.LANDED, cycle.outcome(), cycle::toString);
        assertEquals(List.of("mine/a.txt"), cycle.changes().stream().map(ChangedFile::path).toList());
        assertNull(readAt(repo, MAIN, "mine/measure.cache"));
        assertEquals("TODO b\n", readAt(repo, MAIN, "theirs/b.txt"));
    }

    @Test
    void aTaskIsInProgressWhileItsCommandRuns() throws Exception {
        Path repo = bareRepository();
        List<Task.State> seen = new java.util.ArrayList<>();
        CycleListener listener = new CycleRecorder() {
            @Override
            public void event(WorkCycle cycle, String level, String message) {
                if (message.startsWith("executing")) {
                    seen.add(cycle.tasks().get(0).state());
                }
            }
        };

        WorkCycle cycle = run(repo, bot("sed -i s/TODO/done/ mine/a.txt", null, false, true), listener);

        assertEquals(List.of(Task.State.IN_PROGRESS), seen);
        assertEquals(Task.State.COMPLETED, cycle.tasks().get(0).state());
    }

    @Test
    void onlyTheOwnersOfWhatIsProposedAreAskedToReview() throws Exception {
        Path repo = bareRepository();
        Bot bot = bot("sed -i s/TODO/done/ theirs/b.txt; echo new > top.txt", null, false, true);
        Bot oneChange = new Bot(bot.name(), bot.goal(), bot.owns(), bot.repository(), bot.mode(), bot.schedule(), bot.executor(), null,
                new Bot.Limits(3, 1, Duration.ofMinutes(30), 25, null), List.of(), false, false, true, null);

        WorkCycle cycle = run(repo, oneChange, new CycleRecorder());

        assertEquals(CycleOutcome.PROPOSED, cycle.outcome(), cycle::toString);
        ChangedFile top = byPath(cycle).get("top.txt");
        assertEquals(Disposition.DROPPED, top.disposition(), top::toString);
        assertEquals(List.of("human:olivia"), top.reviewers(), "the root's owner would have reviewed it");
        assertEquals(List.of("human:tom"), cycle.landing().reviewers());
        try (Git git = Git.open(repo.toFile()); org.eclipse.jgit.revwalk.RevWalk walk = new org.eclipse.jgit.revwalk.RevWalk(git.getRepository())) {
            String message = walk.parseCommit(tip(repo, "refs/heads/manybot/proposals/fixer/c1")).getFullMessage();
            assertEquals("human:tom", CommitMessages.trailers(message).get("Manybot-Reviewers"), message);
        }
    }

    @Test
    void theCommitIsNamedAfterTheWorkTaskWhereverThePlannerListsIt() throws Exception {
        Path repo = bareRepository();
        Task review = new Task("r1", Task.Kind.REVIEW, "Review 1234567 by Olivia: tweak", "changes 1 path(s)", Task.State.PLANNED, null);
        Task work = new Task("t1", Task.Kind.WORK, "Fix the TODO in a", "a has a TODO", Task.State.PLANNED, null);
        Planner reviewsFirst = context -> List.of(review, work); // as a model may order them
        BotAgents agents = new BotAgents(reviewsFirst, new io.manybot.core.executor.CommandExecutor(processes), new FactualReflector());

        WorkCycle cycle = run(repo, bot("sed -i s/TODO/done/ mine/a.txt", null, false, true), CycleFixture.goal(), new CycleRecorder(), "c1",
                () -> false, agents);

        assertEquals(CycleOutcome.LANDED, cycle.outcome(), cycle::toString);
        try (Git git = Git.open(repo.toFile()); org.eclipse.jgit.revwalk.RevWalk walk = new org.eclipse.jgit.revwalk.RevWalk(git.getRepository())) {
            assertEquals("fixer Fix the TODO in a", walk.parseCommit(tip(repo, MAIN)).getShortMessage());
        }
    }

    @Test
    void ownershipKnownForTheBaseCommitIsUsedInsteadOfReadingItAgain() throws Exception {
        Path repo = bareRepository();
        Path everything = temp.resolve("owned-by-fixer");
        GitRepos.write(everything, Map.of("OWNERS", "primary: manybot:fixer\n"));
        io.manybot.core.ownership.OwnershipIndex fixerOwnsAll = io.manybot.core.ownership.OwnershipIndex.load(
                new io.manybot.core.repo.WorkingTree(everything));
        CycleRunner runner = runner(new SecretRedactor(), false);
        WorkCycle cycle;
        try (SourceRepository source = SourceRepository.open(repo)) {
            runner.knownOwnership(source, tip(repo, MAIN), fixerOwnsAll);
            cycle = runner.run(new CycleRequest("c1", bot(CycleFixture.FIX, null, false, true), CycleFixture.goal(), "test", source,
                    temp.resolve("checkouts/c1"), CycleFixture.commandAgents(processes), null, null, null, null, () -> false), new CycleRecorder());
        }
        assertEquals(CycleOutcome.LANDED, cycle.outcome(), cycle::toString);
        assertTrue(cycle.changes().stream().allMatch(file -> file.disposition() == Disposition.LANDED), cycle.changes()::toString);
        assertEquals("done c\n", readAt(repo, MAIN, "locked/c.txt"), "the index given said the bot owns everything");
    }

    @Test
    void aBotsKeptCheckoutSurvivesEveryWayACycleEnds() throws Exception {
        Path repo = bareRepository();
        Path kept = temp.resolve("checkouts/fixer");
        Bot bot = bot("sed -i s/TODO/done/ mine/a.txt", List.of("sh", "-c", "true"), false, true);
        try (SourceRepository source = SourceRepository.open(repo)) {
            CycleRunner runner = runner(new SecretRedactor(), true);
            // stopped at a phase boundary
            WorkCycle stopped = runner.run(new CycleRequest("c1", bot, CycleFixture.goal(), "test", source, kept,
                    CycleFixture.commandAgents(processes), null, null, null, null, () -> true), new CycleRecorder());
            assertEquals(CycleOutcome.ABANDONED, stopped.outcome());
            assertTrue(Files.isDirectory(kept.resolve(".git")), "kept after a stop");
            // failed
            Planner broken = context -> {
                throw new IllegalStateException("no plan");
            };
            WorkCycle failed = runner.run(new CycleRequest("c2", bot, CycleFixture.goal(), "test", source, kept,
                    new BotAgents(broken, new io.manybot.core.executor.CommandExecutor(processes), new FactualReflector()), null, null, null,
                    null, () -> false), new CycleRecorder());
            assertEquals(CycleOutcome.FAILED, failed.outcome());
            assertTrue(Files.isDirectory(kept.resolve(".git")), "kept after a failure");
            // interrupted while the tests run
            WorkCycle interrupted = runner.run(new CycleRequest("c3", bot, CycleFixture.goal(), "test", source, kept,
                    CycleFixture.commandAgents(processes), null, null, null, null, () -> false), new CycleRecorder(entered -> {
                        if (entered.phase() == CyclePhase.VERIFY) {
                            Thread.currentThread().interrupt();
                        }
                    }));
            assertTrue(Thread.interrupted());
            assertEquals(CycleOutcome.ABANDONED, interrupted.outcome(), interrupted::toString);
            assertTrue(Files.isDirectory(kept.resolve(".git")), "kept after an interrupt");
            // an Error is no outcome: it goes to the caller, and the checkout still stays
            Planner crashing = context -> {
                throw new AssertionError("planner bug");
            };
            AssertionError error = org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class,
                    () -> runner.run(new CycleRequest("c4", bot, CycleFixture.goal(), "test", source, kept,
                            new BotAgents(crashing, new io.manybot.core.executor.CommandExecutor(processes), new FactualReflector()), null,
                            null, null, null, () -> false), new CycleRecorder()));
            assertEquals("planner bug", error.getMessage());
            assertTrue(Files.isDirectory(kept.resolve(".git")), "kept after an Error");
        }
    }

    @Test
    void aCycleOnABranchThatDoesNotExistFailsBeforeAnyCheckoutAndAnErrorLeavesNoCheckout() throws Exception {
        Path repo = bareRepository();
        Bot bot = CycleFixture.bot(CycleFixture.FIX, null, false);
        Bot onMissingBranch = new Bot(bot.name(), bot.goal(), bot.owns(), new Bot.Repository(null, "nope", null), bot.mode(), bot.schedule(),
                bot.executor(), null, bot.limits(), List.of(), false, false, true, null);

        WorkCycle cycle = run(repo, onMissingBranch, new CycleRecorder());

        assertEquals(CycleOutcome.FAILED, cycle.outcome());
        assertTrue(cycle.error().startsWith("branch nope does not exist in "), cycle.error());
        assertFalse(Files.exists(temp.resolve("checkouts/c1")));

        Planner crashing = context -> {
            throw new AssertionError("planner bug");
        };
        org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class, () -> run(repo, CycleFixture.bot(CycleFixture.FIX, null, false),
                CycleFixture.goal(), new CycleRecorder(), "c2", () -> false,
                new BotAgents(crashing, new io.manybot.core.executor.CommandExecutor(processes), new FactualReflector())));
        assertFalse(Files.exists(temp.resolve("checkouts/c2")), "an Error leaves no checkout behind");
    }

    @Test
    void aCheckoutPlaceThatCannotBeUsedFailsTheCycleAndSaysItCouldNotBeRemoved() throws Exception {
        Path repo = bareRepository();
        Path file = Files.writeString(temp.resolve("not-a-directory"), "a file\n");
        CycleRecorder recorder = new CycleRecorder();
        WorkCycle cycle;
        try (SourceRepository source = SourceRepository.open(repo)) {
            cycle = runner(new SecretRedactor(), false).run(new CycleRequest("c1", bot(CycleFixture.FIX, null, false, true),
                    CycleFixture.goal(), "test", source, file.resolve("c1"), CycleFixture.commandAgents(processes), null, null, null, null,
                    () -> false), recorder);
        }
        assertEquals(CycleOutcome.FAILED, cycle.outcome(), cycle::toString);
        assertEquals(1, recorder.events("warn: could not remove the checkout " + file.resolve("c1") + ": ").size(), recorder.events::toString);
        assertEquals("a file\n", Files.readString(file), "the file in the way is left alone");
    }

    // --- helpers -------------------------------------------------------------------------------

    private Path bareRepository() throws Exception {
        Path work = temp.resolve("work");
        CycleFixture.writeRepository(work);
        GitRepos.initAndCommit(work, "initial");
        Path bare = temp.resolve("source.git");
        Git.cloneRepository().setBare(true).setURI(work.toUri().toString()).setDirectory(bare.toFile()).call().close();
        return bare;
    }

    private CycleRunner runner(SecretRedactor redactor, boolean reuse) {
        return new CycleRunner(processes, Map.of(), clock, reuse, redactor);
    }

    private WorkCycle run(Path repo, Bot bot, CycleListener listener) throws Exception {
        return run(repo, bot, listener, "c1");
    }

    private WorkCycle run(Path repo, Bot bot, CycleListener listener, String cycleId) throws Exception {
        return run(repo, bot, CycleFixture.goal(), listener, cycleId, () -> false, null);
    }

    private WorkCycle run(Path repo, Bot bot, Goal goal, CycleListener listener, String cycleId, BooleanSupplier stop, BotAgents agents)
            throws Exception {
        try (SourceRepository source = SourceRepository.open(repo)) {
            return runner(new SecretRedactor(), false).run(new CycleRequest(cycleId, bot, goal, "test", source,
                    temp.resolve("checkouts/" + cycleId), agents != null ? agents : CycleFixture.commandAgents(processes), null, null, null,
                    null, stop), listener);
        }
    }

    /** A bot of the fixture running {@code fix} in a shell, with these tests, dry run and roll-back settings. */
    private static Bot bot(String fix, List<String> tests, boolean dryRun, boolean rollBack) {
        Bot bot = CycleFixture.bot(fix, tests, dryRun);
        return new Bot(bot.name(), bot.goal(), bot.owns(), bot.repository(), bot.mode(), bot.schedule(), bot.executor(), bot.tests(),
                bot.limits(), bot.reviewers(), false, dryRun, rollBack, null);
    }

    /** The fixture's goal measured by {@code script}. */
    private static Goal goal(String script) {
        return CycleFixture.goal(new Measurement(List.of("sh", "-c", script), null, null, null, Duration.ofSeconds(30)));
    }

    /** Someone else's commit on main, landed through another checkout while the cycle runs; its trailer names {@code cycle}. */
    private ObjectId landElsewhere(Path repo, String cycle, String path) {
        return CycleRepos.landElsewhere(repo, temp.resolve("elsewhere-" + cycle), cycle, path, "written elsewhere\n");
    }
}
