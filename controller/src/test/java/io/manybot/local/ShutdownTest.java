package io.manybot.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.manybot.core.cycle.CycleOutcome;
import io.manybot.core.cycle.WorkCycle;
import io.manybot.local.state.StateStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `manybot run` (a real JVM) stopped with SIGTERM while a cycle's command runs: the shutdown waits
 * for the controller, the cycle is recorded ABANDONED (not left open for the next start), the
 * checkouts are removed and the command's processes are gone.
 */
class ShutdownTest {
    @TempDir
    Path temp;

    @Test
    void sigtermRecordsTheRunningCycleAbandonedRemovesCheckoutsAndEndsItsProcesses() throws Exception {
        Path repo = temp.resolve("repo");
        Path state = temp.resolve("state");
        Path pidFile = temp.resolve("executor.pid");
        Path bare = TodoRepository.create(repo, "triggered",
                "sleep 300 & echo $! > %s.tmp; mv %s.tmp %s; wait".formatted(pidFile, pidFile, pidFile));
        Path log = temp.resolve("run.log");
        Process run = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "io.manybot.cli.ManybotCommand",
                "run", bare.toString(), "--state-dir", state.toString(), "--stop-grace", "1s")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            for (int i = 0; i < 1200 && !Files.exists(pidFile); i++) {
                assertTrue(run.isAlive(), () -> "the run ended early: " + read(log));
                Thread.sleep(100);
            }
            assertTrue(Files.exists(pidFile), "the cycle reached its executor");

            run.destroy(); // SIGTERM
            assertTrue(run.waitFor(120, TimeUnit.SECONDS), () -> "the run did not stop: " + read(log));
        } finally {
            run.destroyForcibly();
        }
        String output = read(log);
        assertTrue(output.contains("manybot: stopping"), output);
        assertTrue(output.contains("ABANDONED") || output.contains("abandoned"), "the summary tells: " + output);
        try (StateStore store = StateStore.open(state)) {
            List<WorkCycle> history = store.cycles("fixer", 10);
            assertEquals(1, history.size(), output);
            assertEquals(CycleOutcome.ABANDONED, history.get(0).outcome(), output);
            assertTrue(history.get(0).error().contains("shutdown"), history.get(0).error());
            assertEquals(List.of(), store.unfinishedCycles(), "nothing left for the next start to close");
        }
        try (Stream<Path> left = Files.list(state.resolve("checkouts"))) {
            assertEquals(0, left.count(), "no checkout left behind");
        }
        io.manybot.core.process.ProcessRunnerTestAccess.assertGone(Long.parseLong(Files.readString(pidFile).strip()));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }
}
