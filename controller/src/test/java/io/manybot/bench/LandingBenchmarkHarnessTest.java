package io.manybot.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.manybot.core.cycle.CycleOutcome;
import io.manybot.core.cycle.WorkCycle;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The landing benchmark's harness at tiny size (4 bots, 1 cycle each, one of the changes also to the shared file):
 * the series runs the real local home to the end, counts from the state store, and its check of the branch finds
 * every intended change exactly once — and does find a change landed twice when one is put there. No timing is
 * asserted.
 */
class LandingBenchmarkHarnessTest {

    @ParameterizedTest
    @ValueSource(strings = {"replan", "rebase"})
    void aTinySeriesLandsEveryChangeOnceAndTheCheckSeesADuplicate(String mode, @TempDir Path dir) throws Exception {
        LandingScenario scenario = new LandingScenario(4, true, mode, 0);
        LandingSeries.Config config = new LandingSeries.Config(scenario, 1, 2, Duration.ofMinutes(10));
        LandingSeries.Result result = LandingSeries.run(config, dir.resolve("series"));

        assertFalse(result.stoppedAtBudget());
        assertEquals(4, result.count(CycleOutcome.LANDED), result.outcomes()::toString);
        assertEquals(result.cyclesRun(), result.count(CycleOutcome.LANDED) + result.count(CycleOutcome.SUPERSEDED),
                result.outcomes()::toString);
        assertEquals(4, result.landMillis().size());
        if (mode.equals("replan")) {
            assertEquals(0, result.rebased(), "a replanning bot never lands a rebased commit");
        }
        assertTrue(scenario.overlaps(4, 1), "b04's first change also writes the shared file");
        assertEquals(List.of(), result.verification().problems());
        assertEquals(5, result.verification().intended());
        assertEquals(5, result.verification().landedOnce());

        // The same item appended once more on the branch: the check must say so.
        Path bare = dir.resolve("series/work.git");
        Path clone = dir.resolve("clone");
        try (Git git = Git.cloneRepository().setURI(bare.toUri().toString()).setDirectory(clone.toFile()).call()) {
            java.nio.file.Files.writeString(clone.resolve(LandingScenario.itemsFile("b02")), LandingScenario.item(2, 1) + "\n",
                    java.nio.file.StandardOpenOption.APPEND);
            PersonIdent someone = new PersonIdent("Someone", "someone@example.com");
            git.commit().setAll(true).setMessage("b02 item 1 again").setAuthor(someone).setCommitter(someone).setSign(false).call();
            git.push().call();
        }
        try (var repository = new org.eclipse.jgit.storage.file.FileRepositoryBuilder().setGitDir(bare.toFile()).build()) {
            Verification again = Verification.of(config, result.cycles(), false, repository);
            assertFalse(again.ok());
            assertTrue(again.problems().stream().anyMatch(p -> p.startsWith("b02 item 1: 2 time(s)")), again.problems()::toString);
        }

        ByteArrayOutputStream table = new ByteArrayOutputStream();
        LandingBenchmark.print(LandingBenchmark.Options.parse("--bots", "4", "--cycles", "1", "--workers", "2", "--modes", mode),
                List.of(result), new PrintStream(table, true, StandardCharsets.UTF_8));
        String printed = table.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains("| 4 bots, 20 % overlapping | " + mode + " | " + result.cyclesRun() + " | 4 | "), printed);
        Set<String> bots = Set.copyOf(result.cycles().stream().map(WorkCycle::bot).toList());
        assertEquals(Set.of("b01", "b02", "b03", "b04"), bots);
    }
}
