package io.manybot.core.cycle;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.manybot.core.cycle.ChangedFile.Change;
import io.manybot.core.cycle.ChangedFile.Disposition;
import io.manybot.core.goal.GoalEvaluation;
import io.manybot.core.goal.KeyResultEvaluation;
import io.manybot.core.goal.KeyResultState;
import io.manybot.core.measure.MeasuredValue;
import io.manybot.core.ownership.Decision;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the command bots' reflector tells the next cycle and the person reading the record. */
class FactualReflectorTest {
    private static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");
    private final FactualReflector reflector = new FactualReflector();

    @Test
    void aCycleThatLandedProposedAndWasRefusedSaysSoAndLearnsWhereNotToGo() {
        WorkCycle cycle = cycle(CycleOutcome.LANDED,
                List.of(file("src/a.py", Disposition.LANDED, "owned"), file("src/b.py", Disposition.LANDED, "owned"),
                        file("lib/c.py", Disposition.PROPOSED, "owned by human:alice"),
                        file("vendor/d.py", Disposition.DROPPED, "refused: vendor is hands-off"),
                        file("src/e.py", Disposition.DROPPED, "over the bot's limit of 2 changes per cycle")),
                null, new Landing("refs/heads/main", "abc1234def5678", "manybot/proposals/fixer/c1", "fed9876",
                        List.of("human:alice", "human:bob"), false),
                evaluation(kr("files", 6.0, 40.0)), evaluation(kr("files", 2.0, 80.0)), List.of());

        Reflection reflection = reflector.reflect(cycle);

        assertEquals(List.of(
                "Landed 2 file(s) as abc1234 on refs/heads/main",
                "Proposed 1 file(s) on manybot/proposals/fixer/c1 for review by human:alice, human:bob",
                "Dropped vendor/d.py: refused: vendor is hands-off",
                "Dropped src/e.py: over the bot's limit of 2 changes per cycle",
                "Key result files: 6 → 2 (progress 40% → 80%)"), reflection.outcomes());
        assertEquals(List.of("Leave vendor/d.py alone: vendor is hands-off"), reflection.lessons(), "only refusals are lessons");
        assertEquals("Remaining gap is in paths others own: follow up on the proposal", reflection.nextFocus());
    }

    @Test
    void aProposalWithoutReviewersAndNoLandedCommitNamesOnlyTheBranch() {
        WorkCycle cycle = cycle(CycleOutcome.PROPOSED, List.of(file("lib/c.py", Disposition.PROPOSED, "owned by human:alice")), null,
                new Landing("refs/heads/main", null, "manybot/proposals/fixer/c1", "fed9876", List.of(), false),
                evaluation(kr("files", 2.5, 50.0)), evaluation(kr("files", 2.5, 50.0)), List.of());

        assertEquals(List.of("Proposed 1 file(s) on manybot/proposals/fixer/c1"), reflector.reflect(cycle).outcomes(),
                "no landing line without a commit; an unmoved key result is no news");
    }

    @Test
    void aLandingRecordWithoutLandedFilesOrWithoutAProposalBranchClaimsNothing() {
        // A restarted cycle's landing names a commit, but the files were rolled back: no "Landed" line.
        WorkCycle cycle = cycle(CycleOutcome.ROLLED_BACK, List.of(file("src/a.py", Disposition.ROLLED_BACK, "tests failed; rolled back")),
                new TestRun(List.of("make", "test"), 2, false, false, "FAIL", 10),
                new Landing("refs/heads/main", "abc1234def5678", null, null, List.of(), false), null, null, List.of());

        Reflection reflection = reflector.reflect(cycle);

        assertEquals(List.of("Tests failed (exit 2)"), reflection.outcomes());
        assertEquals(List.of("The test command fails after this change; fix the cause before trying again"), reflection.lessons());
        assertEquals("Close the remaining gap of goal no-todos", reflection.nextFocus());

        WorkCycle dryRun = cycle(CycleOutcome.DRY_RUN, List.of(file("lib/c.py", Disposition.NOT_LANDED, "dry run: would propose")), null,
                new Landing("refs/heads/main", null, "manybot/proposals/fixer/c1", null, List.of("human:alice"), false), null, null, List.of());
        assertEquals(List.of("Outcome DRY_RUN"), reflector.reflect(dryRun).outcomes(), "a branch named, but nothing proposed on it");

        WorkCycle proposedNowhere = cycle(CycleOutcome.PROPOSED, List.of(file("lib/c.py", Disposition.PROPOSED, "owned")), null,
                new Landing("refs/heads/main", null, null, null, List.of(), false), null, null, List.of());
        assertEquals(List.of("Outcome PROPOSED"), reflector.reflect(proposedNowhere).outcomes());
    }

    @Test
    void timedOutTestsAndUnmeasurableKeyResultsAreLessons() {
        List<MeasuredValue> before = List.of(measured("files", 3.0, null), measured("latency", null, "exit 3: no database"));
        List<MeasuredValue> after = List.of(measured("files", 2.0, null), measured("latency", null, "timed out after 30 s"));
        WorkCycle cycle = new WorkCycle("c1", "fixer", "no-todos", "test", CyclePhase.DONE, CycleOutcome.ROLLED_BACK, NOW, NOW, "abc",
                null, null, null, before, after, List.of(), List.of(), List.of(),
                new TestRun(List.of("make", "test"), null, false, true, "", 30_000), null, null, List.of(), null);

        Reflection reflection = reflector.reflect(cycle);

        assertEquals(List.of("Tests failed (timed out)"), reflection.outcomes());
        assertEquals(List.of("The test command fails after this change; fix the cause before trying again",
                "Key result latency could not be measured: timed out after 30 s"), reflection.lessons(), "the latest measurement counts");

        WorkCycle notMeasuredAfter = new WorkCycle("c1", "fixer", "no-todos", "test", CyclePhase.DONE, CycleOutcome.NO_CHANGE, NOW, NOW,
                "abc", null, null, null, before, List.of(), List.of(), List.of(), List.of(), null, null, null, List.of(), null);
        Reflection nothing = reflector.reflect(notMeasuredAfter);
        assertEquals(List.of("Nothing to change"), nothing.outcomes());
        assertEquals(List.of("Key result latency could not be measured: exit 3: no database"), nothing.lessons(),
                "without an after measurement, the one before counts");
    }

    @Test
    void theNextFocusKeepsAnAchievedGoalThere() {
        WorkCycle achieved = cycle(CycleOutcome.LANDED, List.of(), null, null, evaluation(kr("files", 1.0, 90.0)),
                evaluation(kr("files", 0.0, 100.0), kr("lint", 0.0, 120.0)), List.of());
        Reflection reflection = reflector.reflect(achieved);
        assertEquals("Goal achieved: keep it there", reflection.nextFocus());
        assertEquals(List.of("Key result files: 1 → 0 (progress 90% → 100%)"), reflection.outcomes());

        WorkCycle almost = cycle(CycleOutcome.LANDED, List.of(), null, null, null,
                evaluation(kr("files", 0.0, 100.0), kr("lint", 1.0, 99.9)), List.of());
        assertEquals("Close the remaining gap of goal no-todos", reflector.reflect(almost).nextFocus(), "every key result must be there");

        WorkCycle unknown = cycle(CycleOutcome.NO_CHANGE, List.of(), null, null, null,
                evaluation(new KeyResultEvaluation("files", null, null, 50.0, KeyResultState.UNKNOWN, NOW)), List.of());
        assertEquals("Close the remaining gap of goal no-todos", reflector.reflect(unknown).nextFocus(), "an unknown value is no achievement");
    }

    @Test
    void keyResultsWithAnUnknownValueOnEitherSideAreNotReportedAsMoves() {
        WorkCycle cycle = cycle(CycleOutcome.NO_CHANGE, List.of(), null, null,
                evaluation(kr("files", null, null), kr("lint", 4.0, 20.0), kr("gone", 1.0, 10.0)),
                evaluation(kr("files", 2.0, 80.0), kr("lint", null, null), kr("new", 1.0, 10.0)), List.of());
        assertEquals(List.of("Nothing to change"), reflector.reflect(cycle).outcomes());
    }

    private static WorkCycle cycle(CycleOutcome outcome, List<ChangedFile> changes, TestRun tests, Landing landing, GoalEvaluation before,
            GoalEvaluation after, List<MeasuredValue> measurements) {
        return new WorkCycle("c1", "fixer", "no-todos", "test", CyclePhase.DONE, outcome, NOW, NOW, "abc", null, before, after,
                measurements, List.of(), List.of(), List.of(), changes, tests, landing, null, List.of(), null);
    }

    private static ChangedFile file(String path, Disposition disposition, String reason) {
        Decision decision = disposition == Disposition.PROPOSED ? Decision.REVIEW
                : reason.startsWith("refused") ? Decision.REFUSED : Decision.WRITE;
        return new ChangedFile(path, Change.MODIFIED, decision, reason, null, List.of(), disposition);
    }

    private static GoalEvaluation evaluation(KeyResultEvaluation... keyResults) {
        return new GoalEvaluation("no-todos", NOW, null, null, false, List.of(keyResults));
    }

    private static KeyResultEvaluation kr(String name, Double current, Double progress) {
        return new KeyResultEvaluation(name, current, progress, 50.0,
                current == null ? KeyResultState.UNKNOWN : progress >= 100 ? KeyResultState.ACHIEVED : KeyResultState.ON_TRACK, NOW);
    }

    private static MeasuredValue measured(String keyResult, Double value, String failure) {
        return new MeasuredValue("no-todos", keyResult, value, failure, NOW, 5, "abc");
    }
}
