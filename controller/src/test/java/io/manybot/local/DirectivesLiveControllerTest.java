package io.manybot.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.manybot.cli.ManybotCommand;
import io.manybot.core.cycle.ChangedFile;
import io.manybot.core.cycle.CycleOutcome;
import io.manybot.core.cycle.CyclePhase;
import io.manybot.core.cycle.WorkCycle;
import io.manybot.local.state.BotState;
import io.manybot.local.state.DirectivesState;
import io.manybot.local.state.Event;
import io.manybot.local.state.StateStore;
import io.manybot.testing.GitRepos;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `manybot run` following the live directives file (MARATHON.md) while it runs: edits in the
 * working tree apply without a commit (pause everything, pause one bot, limits, focus), a broken
 * edit keeps the last good directives and is reported with file:line, a bare repository takes them
 * from each new commit, and a pause stops a running cycle cleanly at its next phase boundary.
 */
class DirectivesLiveControllerTest {
    private static final String FIX_MINE = "sed -i s/TODO/done/ mine/*.txt";
    private static final String FIX_THEIRS = "sed -i s/TODO/done/ theirs/*.txt";

    @TempDir
    Path temp;

    private LocalController controller;
    private Thread running;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final StringWriter terminal = new StringWriter();
    private Path state;

    @AfterEach
    void stop() throws InterruptedException {
        if (controller != null) {
            controller.stop();
            running.join(60_000);
            assertFalse(running.isAlive(), "the controller stopped");
        }
        assertNull(failure.get());
    }

    @Test
    void pauseAndActiveInTheWorkingTreeStopAndResumeCyclesAndABrokenEditKeepsTheLastGood() throws Exception {
        Path work = temp.resolve("work");
        GitRepos.write(work, Map.of("mine/OWNERS", "primary: manybot:fixer\n", "mine/a.txt", "TODO a\n",
                ".manybot/goal.yaml", TodoRepository.GOAL, ".manybot/fixer.yaml", TodoRepository.bot("triggered", FIX_MINE)));
        GitRepos.initAndCommit(work, "initial");
        start(work);

        WorkCycle first = awaitCycle("fixer", 1);
        assertEquals(CycleOutcome.LANDED, first.outcome(), terminal::toString);
        assertNull(first.directivesVersion(), "no directives file yet");

        Files.writeString(work.resolve("MARATHON.md"), marathon("1.0.0", "paused", ""));
        awaitTrue(() -> directives().map(d -> "1.0.0".equals(d.version()) && d.paused()).orElse(false));
        assertTrue(status("--directives").contains("version 1.0.0"), status("--directives"));
        assertTrue(status("--directives").contains("status: paused"), status("--directives"));
        awaitTrue(() -> status().contains("Paused(directives)"));

        // triggers arrive while paused: none starts a cycle
        assertEquals(0, cli("trigger", "fixer", "--state-dir", state.toString()));
        assertEquals(0, cli("trigger", "fixer", "--state-dir", state.toString()));
        // the witness: the controller took both requests ("trigger taken"; the CLI logs "trigger requested" itself) and held the bot
        // it would have started
        awaitTrue(() -> read(StateStore::pendingControlRequests, -1) == 0);
        awaitEvent(event -> event.message().startsWith("held while the directives (MARATHON.md) pause it: manual trigger"), 1);
        assertEquals(1, cycles("fixer").size(), "no cycle starts while the directives pause everything");

        Files.writeString(work.resolve("MARATHON.md"), marathon("1.0.1", "active", ""));
        WorkCycle second = awaitCycle("fixer", 2);
        assertEquals("manual trigger", second.trigger());
        assertEquals("1.0.1", second.directivesVersion());

        // a broken edit: bad _meta YAML; 1.0.1 stays in force and the error names the line
        Files.writeString(work.resolve("MARATHON.md"), marathon("1.0.2", "active", "").replace("  status: active", "  status: [active"));
        awaitTrue(() -> directives().map(d -> d.lastError() != null).orElse(false));
        DirectivesState rejected = directives().orElseThrow();
        assertEquals("1.0.1", rejected.version());
        assertTrue(rejected.lastError().startsWith("MARATHON.md:"), rejected.lastError());
        assertTrue(rejected.lastError().matches("MARATHON\\.md:\\d+:.*"), rejected.lastError());
        String text = status();
        assertTrue(text.contains("Last edit rejected") && text.contains(rejected.lastError()), text);
        assertTrue(text.contains("version 1.0.1"), text);
        assertTrue(events().stream().anyMatch(e -> e.level().equals("error") && e.message().startsWith("MARATHON.md:")),
                "the log has the error with file:line");
        assertTrue(terminal.toString().contains("MARATHON.md:"), terminal::toString);

        assertEquals(0, cli("trigger", "fixer", "--state-dir", state.toString()));
        WorkCycle third = awaitCycle("fixer", 3);
        assertEquals("1.0.1", third.directivesVersion(), "the last good directives stay in force");
    }

    @Test
    void aBotSectionPausesOnlyThatBotAndItsLimitsAndFocusReachTheNextCycle() throws Exception {
        Path work = temp.resolve("work");
        GitRepos.write(work, Map.of(
                "mine/OWNERS", "primary: manybot:fixer\n", "mine/a.txt", "TODO a\n", "mine/b.txt", "TODO b\n", "mine/c.txt", "TODO c\n",
                "theirs/OWNERS", "primary: manybot:helper\n", "theirs/x.txt", "TODO x\n",
                ".manybot/goal.yaml", TodoRepository.GOAL, ".manybot/fixer.yaml", TodoRepository.bot("triggered", FIX_MINE),
                ".manybot/goal-theirs.yaml", TodoRepository.GOAL.replace("name: no-todos", "name: no-todos-theirs").replace("mine", "theirs"),
                ".manybot/helper.yaml", TodoRepository.bot("triggered", FIX_THEIRS).replace("name: fixer", "name: helper")
                        .replace("goal: no-todos", "goal: no-todos-theirs").replace("mine/**", "theirs/**")));
        GitRepos.initAndCommit(work, "initial");
        String bots = """
                ## Bot: fixer
                <!-- FOCUS: files under mine/a first -->
                <!-- LIMIT changesPerCycle: 1 -->

                ## Bot: helper
                <!-- STATUS: paused -->
                """;
        Files.writeString(work.resolve("MARATHON.md"), marathon("2.0.0", "active", bots));
        start(work);

        WorkCycle first = awaitCycle("fixer", 1);
        assertEquals(CycleOutcome.LANDED, first.outcome(), terminal::toString);
        assertEquals("2.0.0", first.directivesVersion());
        List<ChangedFile> landed = first.changes().stream().filter(c -> c.disposition() == ChangedFile.Disposition.LANDED).toList();
        List<ChangedFile> dropped = first.changes().stream().filter(c -> c.disposition() == ChangedFile.Disposition.DROPPED).toList();
        assertEquals(1, landed.size(), first.changes()::toString);
        assertEquals(2, dropped.size(), first.changes()::toString);
        assertTrue(dropped.get(0).reason().contains("limit of 1 changes per cycle"), dropped.get(0).reason());
        assertTrue(first.tasks().get(0).rationale().contains("Focus: files under mine/a first"), first.tasks().get(0).rationale());

        // helper was due at start as well, but its section pauses it
        assertTrue(cycles("helper").isEmpty(), "a paused bot starts no cycle");
        awaitTrue(() -> statusLine("helper").contains("Paused(directives)"));
        assertFalse(statusLine("fixer").contains("Paused"), status());
        assertEquals(List.of("helper"), directives().orElseThrow().pausedBots());
        assertTrue(status("--directives").contains("Paused by directives: helper"), status("--directives"));

        // the section goes: helper runs the cycle it was due, fixer's limit is back to its declared one
        Files.writeString(work.resolve("MARATHON.md"), marathon("2.0.1", "active", ""));
        WorkCycle helper = awaitCycle("helper", 1);
        assertEquals(CycleOutcome.LANDED, helper.outcome(), terminal::toString);
        assertEquals("2.0.1", helper.directivesVersion());
        assertEquals(0, cli("trigger", "fixer", "--state-dir", state.toString()));
        WorkCycle second = awaitCycle("fixer", 2);
        assertEquals(2, second.changes().stream().filter(c -> c.disposition() == ChangedFile.Disposition.LANDED).count(),
                second.changes()::toString);
    }

    @Test
    void aPauseStopsARunningCycleAtItsNextPhaseBoundaryCleanly() throws Exception {
        Path flag = temp.resolve("go");
        Path work = temp.resolve("work");
        String slow = "while [ ! -f " + flag + " ]; do sleep 0.05; done; " + FIX_MINE;
        GitRepos.write(work, Map.of("mine/OWNERS", "primary: manybot:fixer\n", "mine/a.txt", "TODO a\n",
                ".manybot/goal.yaml", TodoRepository.GOAL, ".manybot/fixer.yaml", TodoRepository.bot("triggered", slow)));
        GitRepos.initAndCommit(work, "initial");
        start(work);

        awaitTrue(() -> cycles("fixer").stream().anyMatch(c -> c.phase() == CyclePhase.EXECUTE));
        Files.writeString(work.resolve("MARATHON.md"), marathon("3.0.0", "paused", ""));
        awaitTrue(() -> directives().map(DirectivesState::paused).orElse(false));
        Files.writeString(flag, "go\n");

        WorkCycle stopped = awaitCycle("fixer", 1);
        assertEquals(CycleOutcome.ABANDONED, stopped.outcome(), terminal::toString);
        assertTrue(stopped.error().contains("pause in the directives") && stopped.error().contains("before phase GATE"), stopped.error());
        assertNull(stopped.landing().commit(), "nothing landed");
        BotState bot = read(store -> store.bot("fixer"), Optional.<BotState>empty()).orElseThrow();
        assertEquals(0, bot.consecutiveFailures(), "a clean stop is no failure");
        assertNull(bot.circuitOpenUntil());

        Files.writeString(work.resolve("MARATHON.md"), marathon("3.0.1", "active", ""));
        WorkCycle again = awaitCycle("fixer", 2);
        assertTrue(again.trigger().startsWith("re-run"), again.trigger());
        assertEquals(CycleOutcome.LANDED, again.outcome(), terminal::toString);
    }

    @Test
    void aBareRepositoryTakesTheDirectivesFromEachNewCommit() throws Exception {
        Path bare = TodoRepository.create(temp.resolve("work"), "triggered", FIX_MINE);
        Path clone = temp.resolve("clone");
        Git.cloneRepository().setURI(bare.toUri().toString()).setDirectory(clone.toFile()).call().close();
        start(bare);
        awaitCycle("fixer", 1);

        try (Git git = Git.open(clone.toFile())) {
            git.pull().call();
        }
        GitRepos.write(clone, Map.of("MARATHON.md", marathon("4.0.0", "paused", "")));
        String commit = GitRepos.commitAll(clone, "pause the bots").abbreviate(7).name();
        try (Git git = Git.open(clone.toFile())) {
            git.push().call();
        }
        awaitTrue(() -> directives().map(d -> "4.0.0".equals(d.version()) && d.paused()).orElse(false));
        assertEquals("MARATHON.md at " + commit, directives().orElseThrow().source());
        assertEquals(0, cli("trigger", "fixer", "--state-dir", state.toString()));
        awaitEvent(event -> event.message().equals("trigger taken"), 1);
        awaitTrue(() -> status().contains("Paused(directives)"));
        assertEquals(1, cycles("fixer").size());
    }

    // ---- helpers ----

    private static String marathon(String version, String status, String more) {
        return """
                <!--
                _meta:
                  updated: 2026-11-24T18:00:00Z
                  version: %s
                  status: %s
                -->

                # Directives

                <!-- CURRENT FOCUS: the working tree wins -->
                <!-- PRIORITY: keep it small -->

                %s""".formatted(version, status, more);
    }

    private void start(Path repository) {
        state = temp.resolve("state");
        controller = new LocalController(new LocalController.Options(repository, state, null, 2, ".manybot"),
                new PrintWriter(terminal, true), Clock.systemUTC());
        running = new Thread(() -> {
            try {
                controller.run();
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        running.start();
    }

    private List<WorkCycle> cycles(String bot) {
        return read(store -> store.cycles(bot, 20), List.of());
    }

    /** The {@code count}-th finished cycle of {@code bot}, oldest first. */
    private WorkCycle awaitCycle(String bot, int count) throws Exception {
        AtomicReference<WorkCycle> found = new AtomicReference<>();
        awaitTrue(() -> {
            List<WorkCycle> done = cycles(bot).stream().filter(cycle -> cycle.outcome() != null).toList();
            if (done.size() >= count) {
                found.set(done.get(done.size() - count));
                return true;
            }
            return false;
        });
        return found.get();
    }

    private void awaitEvent(Predicate<Event> match, int count) throws Exception {
        awaitTrue(() -> events().stream().filter(match).count() >= count);
    }

    private List<Event> events() {
        return read(store -> store.events(null, 500), List.of());
    }

    private Optional<DirectivesState> directives() {
        return read(StateStore::directives, Optional.empty());
    }

    private void awaitTrue(Supplier<Boolean> condition) throws InterruptedException {
        LocalCycles.awaitTrue(condition, terminal, failure);
    }

    private <T> T read(Function<StateStore, T> query, T empty) {
        if (!Files.exists(state.resolve(StateStore.FILE_NAME))) {
            return empty;
        }
        try (StateStore store = StateStore.open(state)) {
            return query.apply(store);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String status(String... more) {
        String[] args = new String[2 + more.length + 1];
        args[0] = "status";
        System.arraycopy(more, 0, args, 1, more.length);
        args[1 + more.length] = "--state-dir";
        args[2 + more.length] = state.toString();
        StringWriter out = new StringWriter();
        ManybotCommand.execute(args, new PrintWriter(out, true), new PrintWriter(new StringWriter(), true));
        return out.toString();
    }

    private String statusLine(String bot) {
        return status().lines().filter(line -> line.startsWith(bot + " ")).findFirst().orElse("");
    }

    private static int cli(String... args) {
        return ManybotCommand.execute(args, new PrintWriter(new StringWriter(), true), new PrintWriter(new StringWriter(), true));
    }
}
