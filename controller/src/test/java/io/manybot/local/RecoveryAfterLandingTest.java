package io.manybot.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.manybot.core.cycle.CycleOutcome;
import io.manybot.core.cycle.CyclePhase;
import io.manybot.core.cycle.WorkCycle;
import io.manybot.core.workspace.CommitMessages;
import io.manybot.local.state.StateStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A process killed after its cycle's commit landed and before the outcome was written: the next
 * start finds the cycle open in the state file, finds its commit on the target branch by the
 * {@code Manybot-Cycle} trailer, and records it (INTERRUPTED, the commit named, nothing landed twice).
 * The state such a kill leaves is made here from a real landed cycle, with its outcome taken away.
 * Also: one {@code manybot run} per state directory.
 */
class RecoveryAfterLandingTest {
    @TempDir
    Path temp;

    @Test
    void aCycleKilledAfterItsCommitLandedIsRecordedWithThatCommit() throws Exception {
        Path bare = TodoRepository.create(temp.resolve("work"), "triggered", "sed -i s/TODO/done/ mine/*.txt");
        Path state = temp.resolve("state");
        StringWriter terminal = new StringWriter();
        List<WorkCycle> first = run(bare, state, terminal);
        WorkCycle landed = first.get(0);
        assertEquals(CycleOutcome.LANDED, landed.outcome(), terminal::toString);
        String commit = landed.landing().commit();
        assertNotNull(commit);

        // what a kill during LAND, after the push, leaves in the state file: the cycle open, no landing recorded
        try (StateStore store = StateStore.open(state)) {
            store.saveCycle(new WorkCycle(landed.id(), landed.bot(), landed.goal(), landed.trigger(), CyclePhase.LAND, null,
                    landed.startedAt(), null, landed.baseCommit(), landed.directivesVersion(), landed.before(), landed.after(),
                    landed.measurementsBefore(), landed.measurementsAfter(), landed.tasks(), landed.steps(), landed.changes(),
                    landed.tests(), null, landed.reflection(), landed.timings(), null));
            assertEquals(1, store.unfinishedCycles().size());
        }

        run(bare, state, terminal);
        try (StateStore store = StateStore.open(state)) {
            WorkCycle recovered = store.cycle(landed.id()).orElseThrow();
            assertEquals(CycleOutcome.INTERRUPTED, recovered.outcome());
            assertEquals(CyclePhase.DONE, recovered.phase());
            assertNotNull(recovered.landing(), "the landed commit is recorded");
            assertEquals(commit, recovered.landing().commit());
            assertTrue(recovered.landing().alreadyLanded());
            assertTrue(recovered.error().contains("had landed before"), recovered.error());
            assertTrue(store.unfinishedCycles().isEmpty());
        }
        try (Git git = Git.open(bare.toFile())) {
            long landings = 0;
            for (RevCommit c : git.log().add(git.getRepository().resolve("refs/heads/main")).call()) {
                landings += landed.id().equals(CommitMessages.trailers(c.getFullMessage()).get("Manybot-Cycle")) ? 1 : 0;
            }
            assertEquals(1, landings, "the cycle's change landed once");
        }
    }

    @Test
    void oneRunPerStateDirectory() throws Exception {
        Path holder = temp.resolve("executing");
        Path bare = TodoRepository.create(temp.resolve("work"), "triggered", "touch " + holder + "; sleep 600");
        Path state = temp.resolve("state");
        // a real `manybot run` in another process, held in its cycle's executor
        Process other = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "io.manybot.cli.ManybotCommand",
                "run", bare.toString(), "--once", "--state-dir", state.toString())
                .redirectErrorStream(true).redirectOutput(temp.resolve("other-run.log").toFile()).start();
        try {
            for (int i = 0; i < 1800 && !Files.exists(holder); i++) {
                assertTrue(other.isAlive(), () -> "the other run ended early: " + log());
                Thread.sleep(100);
            }
            assertTrue(Files.exists(holder), "the other run is in its cycle");
            IOException refused = org.junit.jupiter.api.Assertions.assertThrows(IOException.class,
                    () -> run(bare, state, new StringWriter()));
            assertEquals("another `manybot run` is using " + state, refused.getMessage());
        } finally {
            other.descendants().forEach(ProcessHandle::destroyForcibly);
            other.destroyForcibly();
            other.waitFor();
        }
    }

    private String log() {
        try {
            return Files.readString(temp.resolve("other-run.log"));
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static List<WorkCycle> run(Path bare, Path state, StringWriter terminal) throws Exception {
        return new LocalController(new LocalController.Options(bare, state, 1, 1, ".manybot"), new PrintWriter(terminal, true),
                Clock.systemUTC()).run();
    }
}
