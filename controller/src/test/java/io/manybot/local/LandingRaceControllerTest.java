package io.manybot.local;

import static io.manybot.local.LocalCycles.awaitDone;
import static io.manybot.local.LocalCycles.awaitTrue;
import static io.manybot.local.LocalCycles.read;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.manybot.core.cycle.ChangedFile;
import io.manybot.core.cycle.CycleOutcome;
import io.manybot.core.cycle.WorkCycle;
import io.manybot.testing.GitRepos;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two bots share {@code main}, the fixer with {@code landing: {onTargetMoved: replan}} (the way before rebasing): the
 * one that lands second finds the branch moved, lands nothing (fast-forward only), ends SUPERSEDED and re-plans at once
 * on the new commit, where it lands. The order is the test's: the first bot's executor waits until the second has
 * landed. (The default, rebasing, is in {@link ManyBotsOneBranchTest}.)
 */
class LandingRaceControllerTest {
    @TempDir
    Path temp;

    @Test
    void withReplanTheBotThatLosesTheLandingRaceIsSupersededAndReplansOnTheNewCommit() throws Exception {
        Path release = temp.resolve("release");
        Path work = temp.resolve("work");
        GitRepos.write(work, Map.of(
                "mine/OWNERS", "primary: manybot:fixer\n", "mine/a.txt", "TODO a\n",
                "theirs/OWNERS", "primary: manybot:helper\n", "theirs/x.txt", "TODO x\n",
                ".manybot/goal.yaml", TodoRepository.GOAL,
                ".manybot/fixer.yaml", TodoRepository.bot("triggered",
                        "while [ ! -f " + release + " ]; do sleep 0.05; done; sed -i s/TODO/done/ mine/*.txt")
                        + "  landing:\n    onTargetMoved: replan\n",
                ".manybot/goal-theirs.yaml", TodoRepository.GOAL.replace("name: no-todos", "name: no-todos-theirs").replace("mine", "theirs"),
                ".manybot/helper.yaml", TodoRepository.bot("triggered", "sed -i s/TODO/done/ theirs/*.txt").replace("name: fixer", "name: helper")
                        .replace("goal: no-todos", "goal: no-todos-theirs").replace("mine/**", "theirs/**")));
        GitRepos.initAndCommit(work, "initial");
        Path bare = temp.resolve("repo.git");
        Git.cloneRepository().setBare(true).setURI(work.toUri().toString()).setDirectory(bare.toFile()).call().close();
        Path state = temp.resolve("state");

        StringWriter terminal = new StringWriter();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        LocalController controller = new LocalController(new LocalController.Options(bare, state, null, 2, ".manybot"),
                new PrintWriter(terminal, true), Clock.systemUTC());
        Thread running = new Thread(() -> {
            try {
                controller.run();
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        running.start();
        try {
            WorkCycle helper = awaitDone(state, "helper", 1, terminal, failure);
            assertEquals(CycleOutcome.LANDED, helper.outcome(), terminal::toString);
            assertTrue(read(state, "fixer").stream().anyMatch(c -> c.outcome() == null), "fixer's cycle is still executing");
            Files.writeString(release, "go");

            WorkCycle lost = awaitDone(state, "fixer", 1, terminal, failure);
            assertEquals(CycleOutcome.SUPERSEDED, lost.outcome(), terminal::toString);
            assertNull(lost.landing().commit(), "nothing of the lost race landed");
            assertTrue(lost.changes().stream().filter(c -> c.disposition() != ChangedFile.Disposition.DROPPED)
                    .allMatch(c -> c.reason().contains("target moved before landing")), lost.changes()::toString);

            WorkCycle replanned = awaitDone(state, "fixer", 2, terminal, failure);
            assertEquals("re-plan: the target branch moved", replanned.trigger());
            assertEquals(CycleOutcome.LANDED, replanned.outcome(), terminal::toString);
            assertEquals(helper.landing().commit(), replanned.baseCommit(), "the re-plan starts from the commit that won");
            try (Git git = Git.open(bare.toFile())) {
                assertEquals(replanned.landing().commit(), git.getRepository().resolve("refs/heads/main").name());
            }
        } finally {
            controller.stop();
            running.join(60_000);
        }
        assertFalse(running.isAlive());
        assertNull(failure.get());
    }
}
