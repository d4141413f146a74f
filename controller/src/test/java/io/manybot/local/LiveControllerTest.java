package io.manybot.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.manybot.cli.ManybotCommand;
import io.manybot.core.cycle.CycleOutcome;
import io.manybot.core.cycle.WorkCycle;
import io.manybot.local.state.Event;
import io.manybot.local.state.StateStore;
import io.manybot.testing.GitRepos;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `manybot run` left running: a commit by someone else in the bot's paths triggers a cycle, a
 * broken declaration is reported with file:line while the last good one stays in force, and
 * pause / trigger / resume from another command are picked up while it runs.
 */
class LiveControllerTest {
    private static final String FIX = "sed -i s/TODO/done/ mine/*.txt";

    @TempDir
    Path temp;

    @Test
    void reactsToCommitsBrokenDeclarationsAndControlRequestsWhileRunning() throws Exception {
        Path bare = TodoRepository.create(temp.resolve("work"), "triggered", FIX);
        Path clone = temp.resolve("clone");
        Git.cloneRepository().setURI(bare.toUri().toString()).setDirectory(clone.toFile()).call().close();
        Path state = temp.resolve("state");

        StringWriter terminal = new StringWriter();
        LocalController controller = new LocalController(new LocalController.Options(bare, state, null, 2, ".manybot"),
                new PrintWriter(terminal, true), Clock.systemUTC());
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread running = new Thread(() -> {
            try {
                controller.run();
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        running.start();
        try {
            WorkCycle first = await(state, 1, terminal);
            assertEquals(CycleOutcome.LANDED, first.outcome(), terminal::toString);
            assertEquals("start", first.trigger());

            pull(clone);
            GitRepos.write(clone, Map.of("mine/b.txt", "TODO b\n"));
            GitRepos.commitAll(clone, "a person adds b.txt");
            push(clone);
            WorkCycle second = await(state, 2, terminal);
            assertTrue(second.trigger().startsWith("commit "), second.trigger());
            assertEquals(CycleOutcome.LANDED, second.outcome(), terminal::toString);
            assertTrue(second.tasks().stream().anyMatch(task -> task.title().startsWith("Review ")), "the person's commit is reviewed");

            pull(clone);
            GitRepos.write(clone, Map.of(".manybot/fixer.yaml", TodoRepository.bot("sometimes", FIX)));
            GitRepos.commitAll(clone, "break the bot");
            push(clone);
            Event rejected = awaitEvent(state, event -> event.message().startsWith(".manybot/fixer.yaml:"), terminal);
            assertTrue(rejected.message().contains("mode"), rejected.message());

            assertEquals(0, cli("pause", "fixer", "--state-dir", state.toString()));
            awaitTrue(() -> status(state).contains("Paused"), terminal);
            assertEquals(0, cli("resume", "fixer", "--state-dir", state.toString()));
            assertEquals(0, cli("trigger", "fixer", "--state-dir", state.toString()));
            WorkCycle third = await(state, 3, terminal);
            assertEquals("manual trigger", third.trigger());
            assertEquals(CycleOutcome.NO_CHANGE, third.outcome(), "the last good declarations still run the bot");
        } finally {
            controller.stop();
            running.join(60_000);
        }
        assertEquals(null, failure.get());
    }

    private static int cli(String... args) {
        return ManybotCommand.execute(args, new PrintWriter(new StringWriter(), true), new PrintWriter(new StringWriter(), true));
    }

    private static String status(Path state) {
        StringWriter out = new StringWriter();
        ManybotCommand.execute(new String[] {"status", "--state-dir", state.toString()}, new PrintWriter(out, true),
                new PrintWriter(new StringWriter(), true));
        return out.toString();
    }

    private static WorkCycle await(Path state, int count, StringWriter terminal) throws Exception {
        AtomicReference<WorkCycle> found = new AtomicReference<>();
        awaitTrue(() -> {
            List<WorkCycle> cycles = read(state, store -> store.cycles("fixer", 10));
            List<WorkCycle> done = cycles.stream().filter(cycle -> cycle.outcome() != null).toList();
            if (done.size() >= count) {
                found.set(done.get(done.size() - count));
                return true;
            }
            return false;
        }, terminal);
        return found.get();
    }

    private static Event awaitEvent(Path state, java.util.function.Predicate<Event> match, StringWriter terminal) throws Exception {
        AtomicReference<Event> found = new AtomicReference<>();
        awaitTrue(() -> {
            read(state, store -> store.events(null, 200)).stream().filter(match).findFirst().ifPresent(found::set);
            return found.get() != null;
        }, terminal);
        return found.get();
    }

    private static void awaitTrue(Supplier<Boolean> condition, StringWriter terminal) throws InterruptedException {
        for (int i = 0; i < 600; i++) {
            if (condition.get()) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("condition not met within a minute; terminal:\n" + terminal);
    }

    private static <T> List<T> read(Path state, java.util.function.Function<StateStore, List<T>> query) {
        if (!Files.exists(state.resolve(StateStore.FILE_NAME))) {
            return List.of();
        }
        try (StateStore store = StateStore.open(state)) {
            return query.apply(store);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void pull(Path clone) throws Exception {
        try (Git git = Git.open(clone.toFile())) {
            git.pull().call();
        }
    }

    private static void push(Path clone) throws Exception {
        try (Git git = Git.open(clone.toFile())) {
            git.push().call();
        }
    }
}
