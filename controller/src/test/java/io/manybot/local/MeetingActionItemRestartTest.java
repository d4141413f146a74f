package io.manybot.local;

import static io.manybot.local.LocalCycles.awaitDone;
import static io.manybot.local.LocalCycles.awaitTrue;
import static io.manybot.local.LocalCycles.read;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.manybot.core.cycle.CycleOutcome;
import io.manybot.core.cycle.Task;
import io.manybot.core.cycle.WorkCycle;
import io.manybot.core.meeting.ActionItem;
import io.manybot.core.meeting.AgendaItem;
import io.manybot.core.meeting.Minutes;
import io.manybot.core.team.BoardSnapshot;
import io.manybot.core.team.TeamTask;
import io.manybot.local.state.ControlAction;
import io.manybot.local.state.StateStore;
import io.manybot.local.state.StoredTeam;
import io.manybot.testing.GitRepos;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A meeting's action item survives a restart of {@code manybot run} (issue 16), on a real bare repository with the real
 * controller and the state's real SQLite file. Bot {@code fixer}'s key result stays at risk (its measurement always says 1);
 * each of its cycles appends the id of the task it works on ({@code MANYBOT_TASK_ID}) to {@code mine/log.txt} and lands.
 * Run 1: fixer's first cycle lands; fixer is paused (the controller says it took the pause); meeting {@code sync} is held and
 * gives fixer an action item, which waits in its queue; the run stops. Run 2 (a new controller on the same state): fixer is
 * resumed, its next cycle takes the item, works on it and lands. Run 3: fixer's cycle at start does not take it again.
 */
class MeetingActionItemRestartTest {
    @TempDir
    Path temp;

    private static final String GOAL = """
            apiVersion: manybot.io/v1alpha1
            kind: Goal
            metadata:
              name: steady
            spec:
              objective: Nothing stale
              start: 2026-01-01
              deadline: 2099-12-31
              keyResults:
                - name: stale
                  baseline: 1
                  target: 0
                  direction: decrease
                  measurement:
                    command: ["sh", "-c", "echo 1"]
                    timeout: 30s
            """;

    private static final String BOT = """
            apiVersion: manybot.io/v1alpha1
            kind: Manybot
            metadata:
              name: fixer
            spec:
              goal: steady
              owns: ["mine/**"]
              mode: triggered
              executor:
                type: command
                command: ["sh", "-c", 'echo "$MANYBOT_TASK_ID" >> mine/log.txt']
                timeout: 5m
            """;

    private static final String MEETING = """
            apiVersion: manybot.io/v1alpha1
            kind: Meeting
            metadata:
              name: sync
            spec:
              topic: What is at risk
              schedule: "0 0 1 1 *"
              attendees: [manybot:fixer, human:hana]
            """;

    @Test
    void aMeetingsActionItemQueuedBeforeARestartIsWorkedOnOnceAfterIt() throws Exception {
        Path bare = repository();
        Path state = temp.resolve("state");

        // run 1: a first cycle; fixer paused; the meeting gives it an action item it cannot take yet
        StringWriter first = new StringWriter();
        Minutes minutes;
        try (Running run = Running.start(bare, state, first)) {
            awaitDone(state, "fixer", 1, first, run.failure);
            try (StateStore store = StateStore.open(state)) {
                store.requestControl("fixer", ControlAction.PAUSE);
            }
            // The witness that no cycle can take the item: the controller took the pause (no new cycle starts) and saved it.
            // No cycle runs meanwhile: a triggered bot's own landing does not trigger it, and nothing else does here.
            awaitTrue(() -> first.toString().contains("pause taken") && paused(state), first, run.failure);
            try (StateStore store = StateStore.open(state)) {
                store.requestMeeting("sync");
            }
            AtomicReference<Minutes> held = new AtomicReference<>();
            awaitTrue(() -> {
                minutes(state).stream().findFirst().ifPresent(held::set);
                return held.get() != null;
            }, first, run.failure);
            minutes = held.get();
        }
        assertEquals(null, minutes.error(), minutes::toString);
        assertTrue(minutes.agenda().stream().anyMatch(i -> i.kind() == AgendaItem.Kind.AT_RISK_KEY_RESULT), minutes::toString);
        assertEquals(1, minutes.actionItems().size(), minutes::toString);
        ActionItem item = minutes.actionItems().get(0);
        assertEquals("fixer", item.bot());
        String taskId = item.taskId();
        assertTrue(taskId != null && taskId.startsWith("meeting/" + minutes.id() + "/"), item::toString);
        int cyclesBefore = read(state, "fixer").size();
        assertTrue(read(state, "fixer").stream().noneMatch(c -> ran(c, taskId)), "not taken in run 1:\n" + first);
        BoardSnapshot kept = board(state);
        assertEquals(List.of(taskId), kept.queues().get("fixer").stream().map(TeamTask::id).toList(), "queued in the SQLite file");
        assertTrue(kept.inFlight().isEmpty(), kept.inFlight()::toString);

        // run 2, a new controller on the same state: resumed, fixer's next cycle works on the item
        try (StateStore store = StateStore.open(state)) {
            store.requestControl("fixer", ControlAction.RESUME);
        }
        StringWriter second = new StringWriter();
        WorkCycle worked;
        try (Running run = Running.start(bare, state, second)) {
            worked = awaitDone(state, "fixer", cyclesBefore + 1, second, run.failure);
            awaitTrue(() -> board(state).queues().get("fixer") == null && board(state).inFlight().isEmpty(), second, run.failure);
        }
        assertEquals(CycleOutcome.LANDED, worked.outcome(), worked.error() + "\n" + second);
        Task task = worked.tasks().stream().filter(t -> t.id().equals(taskId)).findFirst()
                .orElseThrow(() -> new AssertionError("the cycle after the restart did not take " + taskId + ": " + worked.tasks() + "\n" + second));
        assertEquals(item.title(), task.title(), "the minutes' action item is the cycle's task");
        assertEquals(item.paths(), task.paths());
        assertEquals(1, occurrences(ManyBotsOneBranchTest.readAt(bare, "mine/log.txt"), taskId), "worked on once");

        // run 3: the item is not taken again
        int cyclesAfter = read(state, "fixer").size();
        StringWriter third = new StringWriter();
        try (Running run = Running.start(bare, state, third)) {
            WorkCycle again = awaitDone(state, "fixer", cyclesAfter + 1, third, run.failure);
            assertTrue(!ran(again, taskId), again.tasks() + "\n" + third);
        }
        List<WorkCycle> all = read(state, "fixer");
        assertEquals(1, all.stream().filter(c -> ran(c, taskId)).count(), all.toString());
        assertEquals(1, occurrences(ManyBotsOneBranchTest.readAt(bare, "mine/log.txt"), taskId), "still worked on once");
        kept = board(state);
        assertEquals(null, kept.queues().get("fixer"), "nothing queued");
        assertTrue(kept.inFlight().isEmpty(), kept.inFlight()::toString);
    }

    /**
     * The run stops while the cycle that took the action item executes it (the command waits for a release file, written
     * after the stop was asked for): that cycle ends ABANDONED without landing, and the next run's cycle takes the item
     * again and lands it: the repository shows it worked on once, and a third run does not take it.
     */
    @Test
    void anActionItemWhoseCycleWasStoppedByTheRestartIsLandedOnceAfterIt() throws Exception {
        Path release = temp.resolve("release");
        Path bare = repository(BOT.replace("'echo \"$MANYBOT_TASK_ID\" >> mine/log.txt'",
                "'case \"$MANYBOT_TASK_ID\" in meeting/*) while [ ! -f " + release + " ]; do sleep 0.05; done;; esac;"
                        + " echo \"$MANYBOT_TASK_ID\" >> mine/log.txt'"));
        Path state = temp.resolve("state");

        StringWriter first = new StringWriter();
        Minutes minutes;
        WorkCycle stopped;
        try (Running run = Running.start(bare, state, first)) {
            awaitDone(state, "fixer", 1, first, run.failure);
            try (StateStore store = StateStore.open(state)) {
                store.requestMeeting("sync");
            }
            AtomicReference<Minutes> held = new AtomicReference<>();
            awaitTrue(() -> {
                minutes(state).stream().findFirst().ifPresent(held::set);
                return held.get() != null;
            }, first, run.failure);
            minutes = held.get();
            String taskId = minutes.actionItems().get(0).taskId();
            // the witness: a cycle executes the item (its command waits for the release file)
            awaitTrue(() -> read(state, "fixer").stream().anyMatch(c -> c.outcome() == null && ran(c, taskId) && c.phase() != null
                    && c.phase().name().equals("EXECUTE")), first, run.failure);
            run.controller().stop();
            java.nio.file.Files.writeString(release, "go");
        }
        String taskId = minutes.actionItems().get(0).taskId();
        stopped = read(state, "fixer").stream().filter(c -> ran(c, taskId)).findFirst().orElseThrow();
        assertEquals(CycleOutcome.ABANDONED, stopped.outcome(), stopped + "\n" + first);
        assertEquals(0, occurrences(ManyBotsOneBranchTest.readAt(bare, "mine/log.txt"), taskId), "not landed by the stopped cycle");

        int cyclesBefore = read(state, "fixer").size();
        StringWriter second = new StringWriter();
        WorkCycle worked;
        try (Running run = Running.start(bare, state, second)) {
            worked = awaitDone(state, "fixer", cyclesBefore + 1, second, run.failure);
            awaitTrue(() -> board(state).queues().get("fixer") == null && board(state).inFlight().isEmpty(), second, run.failure);
        }
        assertEquals(CycleOutcome.LANDED, worked.outcome(), worked.error() + "\n" + second);
        assertTrue(ran(worked, taskId), worked.tasks() + "\n" + second);
        assertEquals(1, occurrences(ManyBotsOneBranchTest.readAt(bare, "mine/log.txt"), taskId), "landed once");

        int cyclesAfter = read(state, "fixer").size();
        StringWriter third = new StringWriter();
        try (Running run = Running.start(bare, state, third)) {
            WorkCycle again = awaitDone(state, "fixer", cyclesAfter + 1, third, run.failure);
            assertTrue(!ran(again, taskId), again.tasks() + "\n" + third);
        }
        assertEquals(1, occurrences(ManyBotsOneBranchTest.readAt(bare, "mine/log.txt"), taskId), "still landed once");
        assertEquals(null, board(state).queues().get("fixer"), "nothing queued");
    }

    private static boolean ran(WorkCycle cycle, String taskId) {
        return cycle.tasks().stream().anyMatch(t -> t.id().equals(taskId));
    }

    private static long occurrences(String log, String line) {
        return log.lines().filter(line::equals).count();
    }

    private Path repository() throws Exception {
        return repository(BOT);
    }

    private Path repository(String bot) throws Exception {
        Path work = temp.resolve("work");
        GitRepos.write(work, Map.of("mine/OWNERS", "primary: manybot:fixer\nmeetings: [sync]\n", "mine/log.txt", "",
                ".manybot/goal.yaml", GOAL, ".manybot/fixer.yaml", bot, ".manybot/meeting.yaml", MEETING));
        GitRepos.initAndCommit(work, "initial");
        Path bare = temp.resolve("repo.git");
        Git.cloneRepository().setBare(true).setURI(work.toUri().toString()).setDirectory(bare.toFile()).call().close();
        return bare;
    }

    private static boolean paused(Path state) {
        try (StateStore store = StateStore.open(state)) {
            return store.bot("fixer").map(b -> b.paused()).orElse(false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Minutes> minutes(Path state) {
        try (StateStore store = StateStore.open(state)) {
            return store.minutes("sync", 10);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static BoardSnapshot board(Path state) {
        try (StateStore store = StateStore.open(state)) {
            return new StoredTeam(store).load();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code manybot run}'s controller on its own thread, stopped on close. */
    private record Running(LocalController controller, Thread thread, AtomicReference<Throwable> failure) implements AutoCloseable {
        static Running start(Path bare, Path state, StringWriter terminal) {
            AtomicReference<Throwable> failure = new AtomicReference<>();
            LocalController controller = new LocalController(new LocalController.Options(bare, state, null, 1, ".manybot"),
                    new PrintWriter(terminal, true), Clock.systemUTC());
            Thread running = new Thread(() -> {
                try {
                    controller.run();
                } catch (Throwable e) {
                    failure.set(e);
                }
            });
            running.setDaemon(true);
            running.start();
            return new Running(controller, running, failure);
        }

        @Override
        public void close() throws InterruptedException {
            controller.stop();
            thread.join(60_000);
            if (thread.isAlive()) {
                throw new AssertionError("the controller did not stop");
            }
            if (failure.get() != null) {
                throw new AssertionError("the controller failed", failure.get());
            }
        }
    }
}
