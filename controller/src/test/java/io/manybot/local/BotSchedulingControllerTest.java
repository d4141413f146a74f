package io.manybot.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.manybot.cli.ManybotCommand;
import io.manybot.core.cycle.CycleOutcome;
import io.manybot.core.cycle.WorkCycle;
import io.manybot.local.state.BotState;
import io.manybot.local.state.StateStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local controller's scheduling promises on a real repository and state file: `resume` closes an
 * open circuit (the bot runs again at once), and a bot never has two cycles at a time (a trigger that
 * arrives while its cycle runs waits for that cycle's end).
 */
class BotSchedulingControllerTest {
    @TempDir
    Path temp;

    private final StringWriter terminal = new StringWriter();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private Path state;
    private LocalController controller;
    private Thread running;

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
    void resumeClosesAnOpenCircuitAndTheBotRunsAgain() throws Exception {
        Path bare = TodoRepository.create(temp.resolve("work"), "triggered", "sed -i s/TODO/done/ mine/*.txt");
        state = temp.resolve("state");
        Instant now = Instant.now();
        try (StateStore store = StateStore.open(state)) {
            store.saveBot(new BotState("fixer", "triggered", "no-todos", false, "CircuitOpen", null, null, null, now.minusSeconds(60),
                    now.minus(Duration.ofHours(1)), 3, now.plus(Duration.ofHours(1)), null, null, "3 failures in a row"));
        }
        start(bare);
        // the witness: the controller restored the open circuit, and holds the start trigger behind it
        awaitTrue(() -> read(store -> store.bot("fixer").map(bot -> "CircuitOpen".equals(bot.phase())).orElse(false)));
        awaitTrue(() -> read(StateStore::pendingControlRequests) == 0);
        assertTrue(cycles().isEmpty(), "no cycle while the circuit is open");

        assertEquals(0, cli("resume", "fixer"));
        WorkCycle cycle = awaitCycle(1);
        assertEquals(CycleOutcome.LANDED, cycle.outcome(), terminal::toString);
        assertEquals("start", cycle.trigger(), "the trigger held behind the circuit runs");
        awaitTrue(() -> read(store -> store.bot("fixer").map(bot -> bot.consecutiveFailures() == 0 && bot.circuitOpenUntil() == null)
                .orElse(false)));
    }

    @Test
    void aTriggerWhileTheBotsCycleRunsWaitsForItsEnd() throws Exception {
        Path release = temp.resolve("release");
        Path bare = TodoRepository.create(temp.resolve("work"), "triggered",
                "while [ ! -f " + release + " ]; do sleep 0.05; done; sed -i s/TODO/done/ mine/*.txt");
        state = temp.resolve("state");
        start(bare);
        awaitTrue(() -> cycles().stream().anyMatch(cycle -> cycle.outcome() == null && cycle.phase() != null
                && cycle.phase().name().equals("EXECUTE")));
        assertEquals(0, cli("trigger", "fixer"));
        assertEquals(0, cli("trigger", "fixer"));
        // the witness: the controller took both requests while the first cycle still waits for the test
        awaitTrue(() -> read(StateStore::pendingControlRequests) == 0);
        awaitTrue(() -> read(store -> store.events("fixer", 500)).stream().filter(e -> e.message().equals("trigger taken")
                && e.cycleId() == null).count() >= 2); // logged by the controller as it takes each
        assertEquals(1, cycles().size(), "no second cycle while the first runs: " + cycles());
        Files.writeString(release, "go");

        WorkCycle first = awaitCycle(1);
        WorkCycle second = awaitCycle(2);
        assertEquals("start", first.trigger());
        assertEquals("manual trigger", second.trigger());
        assertFalse(second.startedAt().isBefore(first.finishedAt()), "the second cycle starts after the first ended: " + first + " / " + second);
        assertEquals(2, cycles().size(), "both triggers taken while it ran make one more cycle: " + cycles());
    }

    private void start(Path repository) {
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

    private int cli(String... args) {
        String[] all = java.util.stream.Stream.concat(java.util.Arrays.stream(args), java.util.stream.Stream.of("--state-dir", state.toString()))
                .toArray(String[]::new);
        return ManybotCommand.execute(all, new PrintWriter(new StringWriter(), true), new PrintWriter(new StringWriter(), true));
    }

    private List<WorkCycle> cycles() {
        List<WorkCycle> cycles = read(store -> store.cycles("fixer", 20));
        return cycles == null ? List.of() : cycles;
    }

    /** The {@code count}-th finished cycle, oldest first (its outcome is stored a moment before its finish time). */
    private WorkCycle awaitCycle(int count) throws Exception {
        AtomicReference<WorkCycle> found = new AtomicReference<>();
        awaitTrue(() -> {
            List<WorkCycle> done = cycles().stream().filter(cycle -> cycle.outcome() != null && cycle.finishedAt() != null).toList();
            if (done.size() >= count) {
                found.set(done.get(done.size() - count));
                return true;
            }
            return false;
        });
        return found.get();
    }

    private <T> T read(Function<StateStore, T> query) {
        if (!Files.exists(state.resolve(StateStore.FILE_NAME))) {
            return null;
        }
        try (StateStore store = StateStore.open(state)) {
            return query.apply(store);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private void awaitTrue(Supplier<Boolean> condition) throws InterruptedException {
        for (int i = 0; i < 900; i++) {
            Boolean met = condition.get();
            if (met != null && met) {
                return;
            }
            if (failure.get() != null) {
                throw new AssertionError("the controller failed", failure.get());
            }
            Thread.sleep(100);
        }
        throw new AssertionError("condition not met within 90 s; terminal:\n" + terminal);
    }
}
