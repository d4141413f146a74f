package io.manybot.cluster.operator;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.manybot.cluster.resource.WorkCycleStatus;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** What a Prometheus scrape of a (restarted) operator says about cycles. */
class OperatorMetricsTest {
    private static final Instant START = Instant.parse("2026-11-24T12:00:00Z");

    @Test
    void aRestartedOperatorCountsTheCyclesThatFinishWhileItRunsOnceAndNotTheHistoryItFinds() {
        OperatorMetrics metrics = new OperatorMetrics(() -> 3, Clock.fixed(START, ZoneOffset.UTC));
        assertFalse(metrics.cycleOutcome("uid-old", "shop", "format-bot", "LANDED", "2026-11-24T11:00:00Z", "2026-11-24T11:01:00Z"),
                "a WorkCycle of the history, finished before this operator started");
        assertTrue(metrics.cycleOutcome("uid-new", "shop", "format-bot", "LANDED", "2026-11-24T12:00:05Z", "2026-11-24T12:00:35Z"));
        assertFalse(metrics.cycleOutcome("uid-new", "shop", "format-bot", "LANDED", "2026-11-24T12:00:05Z", "2026-11-24T12:00:35Z"),
                "seen again on the next reconcile");

        String scrape = metrics.scrape();
        assertTrue(scrape.contains("manybot_cycles_total{bot=\"format-bot\",namespace=\"shop\",outcome=\"landed\"} 1.0"), scrape);
        assertTrue(scrape.contains("manybot_cycle_duration_seconds_sum{bot=\"format-bot\",namespace=\"shop\"} 30.0"), scrape);
        assertTrue(scrape.contains("manybot_queue_depth 3.0"), scrape);
    }

    @Test
    void theTokensOfACountedCycleAreAddedOnceByKind() {
        OperatorMetrics metrics = new OperatorMetrics(() -> 0, Clock.fixed(START, ZoneOffset.UTC));
        WorkCycleStatus.Tokens tokens = new WorkCycleStatus.Tokens();
        tokens.input = 1200L;
        tokens.output = 340L;
        assertTrue(metrics.cycleOutcome("uid-1", "shop", "fixer", status("LANDED", "2026-11-24T12:00", tokens, null)));
        assertFalse(metrics.cycleOutcome("uid-1", "shop", "fixer", status("LANDED", "2026-11-24T12:00", tokens, null)));
        assertTrue(metrics.cycleOutcome("uid-2", "shop", "fixer", status("FAILED", "2026-11-24T12:01", tokens, null)));
        String scrape = metrics.scrape();
        assertTrue(scrape.contains("manybot_tokens_total{bot=\"fixer\",kind=\"input\",namespace=\"shop\"} 2400.0"), scrape);
        assertTrue(scrape.contains("manybot_tokens_total{bot=\"fixer\",kind=\"output\",namespace=\"shop\"} 680.0"), scrape);
    }

    @Test
    void landingsAreCountedByHowAndConflictsApartOncePerCycle() {
        OperatorMetrics metrics = new OperatorMetrics(() -> 0, Clock.fixed(START, ZoneOffset.UTC));
        metrics.cycleOutcome("uid-1", "shop", "fixer", status("LANDED", "2026-11-24T12:00", null, "direct"));
        metrics.cycleOutcome("uid-2", "shop", "fixer", status("LANDED", "2026-11-24T12:01", null, "rebased"));
        metrics.cycleOutcome("uid-2", "shop", "fixer", status("LANDED", "2026-11-24T12:01", null, "rebased"));
        metrics.cycleOutcome("uid-3", "shop", "fixer", status("LANDED", "2026-11-24T12:02", null, "rebased"));
        metrics.cycleOutcome("uid-4", "shop", "fixer", status("SUPERSEDED", "2026-11-24T12:03", null, "conflict"));
        metrics.cycleOutcome("uid-5", "shop", "fixer", status("NO_CHANGE", "2026-11-24T12:04", null, null));
        String scrape = metrics.scrape();
        assertTrue(scrape.contains("manybot_landings_total{bot=\"fixer\",how=\"direct\",namespace=\"shop\"} 1.0"), scrape);
        assertTrue(scrape.contains("manybot_landings_total{bot=\"fixer\",how=\"rebased\",namespace=\"shop\"} 2.0"), scrape);
        assertTrue(scrape.contains("manybot_landing_conflicts_total{bot=\"fixer\",namespace=\"shop\"} 1.0"), scrape);
        assertFalse(scrape.contains("how=\"conflict\""), scrape);
    }

    private static WorkCycleStatus status(String outcome, String minute, WorkCycleStatus.Tokens tokens, String landedHow) {
        WorkCycleStatus status = new WorkCycleStatus();
        status.outcome = outcome;
        status.startedAt = minute + ":05Z";
        status.finishedAt = minute + ":35Z";
        status.tokens = tokens;
        status.landedHow = landedHow;
        return status;
    }
}
