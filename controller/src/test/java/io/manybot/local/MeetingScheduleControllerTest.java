package io.manybot.local;

import static io.manybot.local.LocalCycles.awaitDone;
import static io.manybot.local.LocalCycles.awaitTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.manybot.core.meeting.Minutes;
import io.manybot.local.state.StateStore;
import io.manybot.testing.GitRepos;
import io.manybot.testing.SettableClock;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A meeting is held when its cron schedule comes due on the controller's clock (a settable clock here: no waiting for the
 * wall clock), once per occurrence; with nothing to settle its minutes say so and propose nothing. A time that came while the
 * run was stopped is made up once when the run starts again, over the same SQLite state.
 */
class MeetingScheduleControllerTest {
    @TempDir
    Path temp;

    @Test
    void aMeetingIsHeldWhenItsScheduleComesDueOnTheControllersClock() throws Exception {
        Path bare = repository();
        Path state = temp.resolve("state");
        SettableClock clock = new SettableClock(Instant.parse("2026-12-06T08:59:00Z"));
        StringWriter terminal = new StringWriter();
        try (Running run = Running.start(bare, state, clock, terminal)) {
            // The loop runs (a witness): the bot's first cycle is done; it lands, so the goal is met and nothing is at risk.
            awaitDone(state, "fixer", 1, terminal, run.failure);
            clock.set(Instant.parse("2026-12-06T09:00:01Z"));
            awaitTrue(() -> !minutes(state).isEmpty(), terminal, run.failure);
        }
        List<Minutes> held = minutes(state);
        assertEquals(1, held.size(), held::toString);
        Minutes minutes = held.get(0);
        assertEquals("schedule 0 9 * * *", minutes.trigger());
        assertEquals(Instant.parse("2026-12-06T09:00:01Z"), minutes.heldAt());
        assertEquals("daily-20261206-090001-000", minutes.id());
        assertEquals(List.of(), minutes.agenda(), minutes::toString);
        assertEquals(null, minutes.proposalBranch());
        assertTrue(terminal.toString().contains("meeting daily held (schedule 0 9 * * *), minutes daily-20261206-090001-000: 0 agenda item(s)"),
                terminal::toString);
    }

    /**
     * The daily meeting is held on 6 December; the run stops, and starts again on 9 December at 10:00, three times of the
     * schedule later (7, 8 and 9 December at 09:00): it holds the meeting once at start, then at its next time (10 December).
     */
    @Test
    void aMeetingWhoseTimeCameWhileTheRunWasStoppedIsHeldOnceAtStart() throws Exception {
        Path bare = repository();
        Path state = temp.resolve("state");
        SettableClock clock = new SettableClock(Instant.parse("2026-12-06T08:59:00Z"));
        StringWriter first = new StringWriter();
        try (Running run = Running.start(bare, state, clock, first)) {
            awaitDone(state, "fixer", 1, first, run.failure);
            clock.set(Instant.parse("2026-12-06T09:00:01Z"));
            awaitTrue(() -> minutes(state).size() == 1, first, run.failure);
        }
        clock.set(Instant.parse("2026-12-09T10:00:00Z"));
        StringWriter second = new StringWriter();
        try (Running run = Running.start(bare, state, clock, second)) {
            awaitTrue(() -> minutes(state).size() == 2, second, run.failure);
            // A witness that the run went on past its start: the next time of the schedule holds the meeting again.
            clock.set(Instant.parse("2026-12-10T09:00:01Z"));
            awaitTrue(() -> minutes(state).size() == 3, second, run.failure);
        }
        List<Minutes> held = minutes(state);
        assertEquals(3, held.size(), "held on the 6th, once for the three times missed, and on the 10th: " + held);
        Minutes madeUp = held.get(1);
        assertEquals(Instant.parse("2026-12-09T10:00:00Z"), madeUp.heldAt(), madeUp::toString);
        assertEquals("schedule 0 9 * * * (due 2026-12-07T09:00:00Z, missed while stopped)", madeUp.trigger());
        assertEquals("schedule 0 9 * * *", held.get(0).trigger());
        assertEquals(Instant.parse("2026-12-10T09:00:01Z"), held.get(0).heldAt());
        assertTrue(!second.toString().contains("is being held already"), second::toString);
    }

    private Path repository() throws Exception {
        Path work = temp.resolve("work");
        GitRepos.write(work, Map.of("mine/OWNERS", "primary: manybot:fixer\n", "mine/a.txt", "TODO a\n",
                ".manybot/goal.yaml", TodoRepository.GOAL,
                ".manybot/fixer.yaml", TodoRepository.bot("triggered", "sed -i s/TODO/done/ mine/a.txt"),
                ".manybot/meeting.yaml", """
                        apiVersion: manybot.io/v1alpha1
                        kind: Meeting
                        metadata:
                          name: daily
                        spec:
                          topic: How is it going
                          schedule: "0 9 * * *"
                          attendees: [manybot:fixer, human:hana]
                        """));
        GitRepos.initAndCommit(work, "initial");
        Path bare = temp.resolve("repo.git");
        Git.cloneRepository().setBare(true).setURI(work.toUri().toString()).setDirectory(bare.toFile()).call().close();
        return bare;
    }

    /** {@code manybot run}'s controller on its own thread, on the given clock, stopped on close. */
    private record Running(LocalController controller, Thread thread, AtomicReference<Throwable> failure) implements AutoCloseable {
        static Running start(Path bare, Path state, SettableClock clock, StringWriter terminal) {
            AtomicReference<Throwable> failure = new AtomicReference<>();
            LocalController controller = new LocalController(new LocalController.Options(bare, state, null, 1, ".manybot"),
                    new PrintWriter(terminal, true), clock);
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
        }
    }

    private static List<Minutes> minutes(Path state) {
        try (StateStore store = StateStore.open(state)) {
            return store.minutes("daily", 10);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
