package io.manybot.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.manybot.core.cycle.CycleOutcome;
import io.manybot.core.cycle.WorkCycle;
import io.manybot.core.workspace.CommitMessages;
import io.manybot.local.state.StateStore;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `manybot run` killed with SIGKILL in the middle of a cycle, then started again: the interrupted
 * cycle is marked interrupted with its history kept, its checkout is removed, and the change lands
 * exactly once.
 */
class CrashRecoveryTest {
    @TempDir
    Path temp;

    @Test
    void killNineMidCycleThenRestartLandsExactlyOnce() throws Exception {
        Path repo = temp.resolve("repo");
        Path state = temp.resolve("state");
        Path marker = temp.resolve("first-run-started");
        Path bare = TodoRepository.create(repo, "triggered",
                "sed -i s/TODO/done/ mine/a.txt; if [ ! -e %s ]; then touch %s; sleep 120; fi".formatted(marker, marker));

        Process first = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "io.manybot.cli.ManybotCommand",
                "run", bare.toString(), "--once", "--state-dir", state.toString())
                .redirectErrorStream(true).redirectOutput(temp.resolve("first-run.log").toFile()).start();
        for (int i = 0; i < 600 && !Files.exists(marker); i++) {
            assertTrue(first.isAlive(), () -> "first run ended early: " + read(temp.resolve("first-run.log")));
            Thread.sleep(100);
        }
        assertTrue(Files.exists(marker), "the first run reached its executor");
        first.destroyForcibly();
        assertTrue(first.waitFor(30, TimeUnit.SECONDS));

        StringWriter terminal = new StringWriter();
        List<WorkCycle> second = new LocalController(new LocalController.Options(bare, state, 1, 1, ".manybot"),
                new PrintWriter(terminal, true), Clock.systemUTC()).run();

        assertEquals(CycleOutcome.LANDED, second.get(0).outcome(), terminal::toString);
        try (StateStore store = StateStore.open(state)) {
            List<WorkCycle> history = store.cycles("fixer", 10);
            assertEquals(2, history.size());
            WorkCycle interrupted = history.get(1);
            assertEquals(CycleOutcome.INTERRUPTED, interrupted.outcome());
            assertFalse(interrupted.measurementsBefore().isEmpty(), "what the interrupted cycle measured is kept");
            assertTrue(interrupted.error().contains("EXECUTE"), interrupted.error());
        }
        try (Git git = Git.open(bare.toFile())) {
            long landed = 0;
            for (RevCommit commit : git.log().add(git.getRepository().resolve("refs/heads/main")).call()) {
                landed += "fixer".equals(CommitMessages.trailers(commit.getFullMessage()).get("Manybot-Bot")) ? 1 : 0;
            }
            assertEquals(1, landed, "landed exactly once");
        }
        try (Stream<Path> left = Files.list(state.resolve("checkouts"))) {
            assertEquals(0, left.count(), "no checkout left behind");
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }
}
