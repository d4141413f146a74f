package io.manybot.testing;

import io.manybot.core.cycle.ChangedFile;
import io.manybot.core.cycle.CycleOutcome;
import io.manybot.core.cycle.CyclePhase;
import io.manybot.core.cycle.ExecutedStep;
import io.manybot.core.cycle.Landing;
import io.manybot.core.cycle.PhaseTiming;
import io.manybot.core.cycle.Reflection;
import io.manybot.core.cycle.Task;
import io.manybot.core.cycle.TestRun;
import io.manybot.core.cycle.WorkCycle;
import io.manybot.core.goal.GoalEvaluation;
import io.manybot.core.goal.KeyResultEvaluation;
import io.manybot.core.goal.KeyResultState;
import io.manybot.core.measure.MeasuredValue;
import io.manybot.core.ownership.Decision;
import java.time.Instant;
import java.util.List;

/** Realistic work cycles for state and command line tests. */
public final class SampleCycles {
    private SampleCycles() {}

    public static final Instant START = Instant.parse("2026-11-24T10:00:00Z");
    public static final Instant DEADLINE = Instant.parse("2026-12-31T00:00:00Z");

    /** A finished cycle of format-bot that landed one change, proposed one and had one refused. */
    public static WorkCycle landed(String id, Instant startedAt) {
        Instant finished = startedAt.plusMillis(12_345);
        GoalEvaluation before = new GoalEvaluation("tidy-sources", startedAt, 40.0, true, false, List.of(
                new KeyResultEvaluation("unformatted-files", 6.0, 40.0, 30.0, KeyResultState.ON_TRACK, DEADLINE),
                new KeyResultEvaluation("lint-warnings", null, null, 30.0, KeyResultState.UNKNOWN, DEADLINE)));
        GoalEvaluation after = new GoalEvaluation("tidy-sources", finished, 80.0, true, false, List.of(
                new KeyResultEvaluation("unformatted-files", 2.0, 80.0, 30.0, KeyResultState.ON_TRACK, DEADLINE),
                new KeyResultEvaluation("lint-warnings", null, null, 30.0, KeyResultState.UNKNOWN, DEADLINE)));
        List<MeasuredValue> measuredBefore = List.of(
                new MeasuredValue("tidy-sources", "unformatted-files", 6.0, null, startedAt, 40, "1a2b3c4d5e6f"),
                new MeasuredValue("tidy-sources", "lint-warnings", null, "exit 2: lint: cannot parse setup.cfg", startedAt, 15, "1a2b3c4d5e6f"));
        List<MeasuredValue> measuredAfter = List.of(
                new MeasuredValue("tidy-sources", "unformatted-files", 2.0, null, finished, 38, "1a2b3c4d5e6f"),
                new MeasuredValue("tidy-sources", "lint-warnings", null, "timed out after 30 s", finished, 30_000, "1a2b3c4d5e6f"));
        return new WorkCycle(id, "format-bot", "tidy-sources", "commit 1a2b3c4", CyclePhase.DONE, CycleOutcome.LANDED, startedAt, finished,
                "1a2b3c4d5e6f7a8b9c0d", "directives@3", before, after, measuredBefore, measuredAfter,
                List.of(new Task("t1", Task.Kind.WORK, "Format the Python sources", "6 files unformatted; formatting is the goal",
                                Task.State.COMPLETED, "4 files formatted"),
                        new Task("r1", Task.Kind.REVIEW, "Review 9f8e7d6 by alice in src/", "external commit in owned paths",
                                Task.State.ARCHIVED, null)),
                List.of(new ExecutedStep("t1", "command", "python3 tools/fix_format.py src", 0, true, "formatted 4 files\n", 812)),
                List.of(new ChangedFile("src/app/main.py", ChangedFile.Change.MODIFIED, Decision.WRITE, "owned by manybot:format-bot",
                                "src/OWNERS:1:1", List.of(), ChangedFile.Disposition.LANDED),
                        new ChangedFile("lib/shared/util.py", ChangedFile.Change.MODIFIED, Decision.REVIEW, "owned by human:alice",
                                "lib/OWNERS:2:3", List.of("human:alice", "human:bob"), ChangedFile.Disposition.PROPOSED),
                        new ChangedFile("vendor/x.py", ChangedFile.Change.MODIFIED, Decision.REFUSED, "no_bots: vendor is hands-off",
                                "vendor/OWNERS:1:1", List.of(), ChangedFile.Disposition.DROPPED)),
                new TestRun(List.of("python3", "-m", "unittest"), 0, true, false, "Ran 12 tests\nOK\n", 3_210),
                new Landing("refs/heads/main", "abc1234def5678", "manybot/proposals/format-bot/" + id, "fed9876cba",
                        List.of("human:alice", "human:bob"), false),
                new Reflection(List.of("unformatted files 6 → 2", "1 change proposed to alice"),
                        List.of("vendor/ is refused: do not plan changes there"), "lib/shared once alice reviews"),
                List.of(new PhaseTiming(CyclePhase.SENSE, 120), new PhaseTiming(CyclePhase.PLAN, 4), new PhaseTiming(CyclePhase.EXECUTE, 812),
                        new PhaseTiming(CyclePhase.GATE, 9), new PhaseTiming(CyclePhase.VERIFY, 3_300), new PhaseTiming(CyclePhase.LAND, 40),
                        new PhaseTiming(CyclePhase.REFLECT, 2), new PhaseTiming(CyclePhase.RECORD, 5)),
                null);
    }
}
