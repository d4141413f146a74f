package io.manybot.core.review;

import io.manybot.core.cycle.ChangedFile;
import io.manybot.core.cycle.CycleOutcome;
import io.manybot.core.cycle.Landing;
import io.manybot.core.cycle.WorkCycle;
import io.manybot.core.ownership.Decision;
import io.manybot.testing.SampleCycles;
import java.time.Instant;
import java.util.List;

/** Finished cycles of docs-bot whose proposals the publisher turns into pull requests. */
public final class ReviewCycles {
    public static final String BOT = "docs-bot";

    private ReviewCycles() {}

    public static String branch(String cycleId) {
        return "manybot/proposals/" + BOT + "/" + cycleId;
    }

    /** A proposed file: reviewed by alice and the acme/docs team (OWNERS), labelled area/docs. */
    public static ChangedFile proposed(String path) {
        return new ChangedFile(path, ChangedFile.Change.MODIFIED, Decision.REVIEW, "owned by human:alice (approver at docs/OWNERS:2:3)",
                "docs/OWNERS:2:3", List.of("human:alice", "team:acme/docs", "manybot:lint-bot"), ChangedFile.Disposition.PROPOSED,
                List.of("area/docs"));
    }

    /** Cycle {@code id} of docs-bot, which proposed {@code files} on {@code branch}. */
    public static WorkCycle proposing(String id, String branch, Instant at, ChangedFile... files) {
        WorkCycle sample = SampleCycles.landed(id, at);
        return new WorkCycle(id, BOT, sample.goal(), sample.trigger(), sample.phase(), CycleOutcome.PROPOSED, sample.startedAt(),
                sample.finishedAt(), sample.baseCommit(), sample.directivesVersion(), sample.before(), sample.after(),
                sample.measurementsBefore(), sample.measurementsAfter(), sample.tasks(), sample.steps(), List.of(files), sample.tests(),
                new Landing("refs/heads/main", null, branch, "fed9876cba", List.of("human:alice", "team:acme/docs"), false),
                sample.reflection(), sample.timings(), null);
    }
}
