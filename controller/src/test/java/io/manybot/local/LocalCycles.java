package io.manybot.local;

import io.manybot.core.cycle.WorkCycle;
import io.manybot.local.state.StateStore;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/** Reading a running local home's cycles from its real SQLite file, and waiting (bounded) for them: for controller tests. */
final class LocalCycles {
    private LocalCycles() {}

    /** The {@code count}-th finished cycle of {@code bot}, oldest first. */
    static WorkCycle awaitDone(Path state, String bot, int count, StringWriter terminal, AtomicReference<Throwable> failure)
            throws Exception {
        AtomicReference<WorkCycle> found = new AtomicReference<>();
        awaitTrue(() -> {
            List<WorkCycle> done = read(state, bot).stream().filter(cycle -> cycle.outcome() != null).toList();
            if (done.size() >= count) {
                found.set(done.get(done.size() - count));
                return true;
            }
            return false;
        }, terminal, failure);
        return found.get();
    }

    /** The bot's cycles, newest first (at most 20); none before the state file exists. */
    static List<WorkCycle> read(Path state, String bot) {
        if (!Files.exists(state.resolve(StateStore.FILE_NAME))) {
            return List.of();
        }
        try (StateStore store = StateStore.open(state)) {
            return store.cycles(bot, 20);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Waits until {@code condition} holds (at most 120 s), failing at once with the controller's own failure. */
    static void awaitTrue(Supplier<Boolean> condition, StringWriter terminal, AtomicReference<Throwable> failure)
            throws InterruptedException {
        for (int i = 0; i < 1200; i++) {
            if (condition.get()) {
                return;
            }
            if (failure.get() != null) {
                throw new AssertionError("the controller failed", failure.get());
            }
            Thread.sleep(100);
        }
        throw new AssertionError("condition not met within 120 s; terminal:\n" + terminal);
    }
}
