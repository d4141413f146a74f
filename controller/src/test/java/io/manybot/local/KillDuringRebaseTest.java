package io.manybot.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `manybot run` (the real command line in a child JVM) killed with SIGKILL in the middle of rebasing its cycle's
 * commit onto a target that moved, then started again: the change lands exactly once. The child is held in the rebase
 * by the test-only hook {@code MANYBOT_TEST_HOLD_REBASE} (see {@code io.manybot.core.landing.RebaseHold}), which
 * writes a marker file when it gets there: the kill comes after that positive witness.
 */
class KillDuringRebaseTest {
    @TempDir
    Path temp;

    @Test
    void killNineDuringARebaseThenRestartLandsExactlyOnce() throws Exception {
        Path executing = temp.resolve("executing");
        Path release = temp.resolve("release");
        Path holds = temp.resolve("holds");
        Path bare = TodoRepository.create(temp.resolve("work"), "triggered",
                "touch " + executing + "; while [ ! -f " + release + " ]; do sleep 0.05; done; sed -i s/TODO/done/ mine/a.txt");
        Path state = temp.resolve("state");

        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "io.manybot.cli.ManybotCommand",
                "run", bare.toString(), "--once", "--state-dir", state.toString())
                .redirectErrorStream(true).redirectOutput(temp.resolve("first-run.log").toFile());
        builder.environment().put("MANYBOT_TEST_HOLD_REBASE", holds.toString());
        Process first = builder.start();
        ObjectId human;
        try {
            awaitFile(executing, first);
            // the target moves while the bot works: its landing has to rebase
            human = ManyBotsOneBranchTest.commitOnMain(bare, "other.txt", "a human's file\n");
            Files.writeString(release, "go");
            Path held = awaitHold(holds, first);
            assertTrue(held.getFileName().toString().endsWith(".rebasing"), held.toString());
        } finally {
            first.descendants().forEach(ProcessHandle::destroyForcibly);
            first.destroyForcibly();
        }
        assertTrue(first.waitFor(30, TimeUnit.SECONDS));
        try (Git git = Git.open(bare.toFile())) {
            assertEquals(human, git.getRepository().resolve("refs/heads/main"), "killed before the compare-and-swap: nothing landed yet");
        }

        StringWriter terminal = new StringWriter();
        List<WorkCycle> second = new LocalController(new LocalController.Options(bare, state, 1, 1, ".manybot"),
                new PrintWriter(terminal, true), Clock.systemUTC()).run();

        assertEquals(CycleOutcome.LANDED, second.get(0).outcome(), terminal::toString);
        try (StateStore store = StateStore.open(state)) {
            List<WorkCycle> history = store.cycles("fixer", 10);
            assertEquals(2, history.size());
            WorkCycle interrupted = history.get(1);
            assertEquals(CycleOutcome.INTERRUPTED, interrupted.outcome());
            assertTrue(interrupted.error().contains("LAND"), interrupted.error());
        }
        try (Git git = Git.open(bare.toFile())) {
            long touching = 0;
            boolean humanKept = false;
            for (RevCommit commit : git.log().add(git.getRepository().resolve("refs/heads/main")).addPath("mine/a.txt").call()) {
                touching += "fixer".equals(CommitMessages.trailers(commit.getFullMessage()).get("Manybot-Bot")) ? 1 : 0;
            }
            for (RevCommit commit : git.log().add(git.getRepository().resolve("refs/heads/main")).call()) {
                humanKept |= commit.equals(human);
            }
            assertEquals(1, touching, "the change landed exactly once");
            assertTrue(humanKept);
        }
        assertEquals("done a\n", ManyBotsOneBranchTest.readAt(bare, "mine/a.txt"));
        try (Stream<Path> left = Files.list(state.resolve("checkouts"))) {
            assertEquals(0, left.count(), "no checkout left behind");
        }
    }

    private void awaitFile(Path file, Process process) throws InterruptedException {
        for (int i = 0; i < 1200 && !Files.exists(file); i++) {
            assertTrue(process.isAlive(), () -> "the run ended early: " + log());
            Thread.sleep(100);
        }
        assertTrue(Files.exists(file), () -> file + " never appeared: " + log());
    }

    private Path awaitHold(Path holds, Process process) throws Exception {
        for (int i = 0; i < 1200; i++) {
            if (Files.isDirectory(holds)) {
                try (Stream<Path> files = Files.list(holds)) {
                    var found = files.filter(f -> f.getFileName().toString().endsWith(".rebasing")).findFirst();
                    if (found.isPresent()) {
                        return found.get();
                    }
                }
            }
            assertTrue(process.isAlive(), () -> "the run ended early: " + log());
            Thread.sleep(100);
        }
        throw new AssertionError("the run never reached its rebase: " + log());
    }

    private String log() {
        try {
            return Files.readString(temp.resolve("first-run.log"));
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }
}
