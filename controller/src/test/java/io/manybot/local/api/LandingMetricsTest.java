package io.manybot.local.api;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.manybot.core.cycle.CycleOutcome;
import io.manybot.core.cycle.Landing;
import io.manybot.core.cycle.WorkCycle;
import io.manybot.testing.SampleCycles;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code manybot_landings_total{bot,how}} and {@code manybot_landing_conflicts_total{bot}} count what the cycles' records say. */
class LandingMetricsTest {
    @Test
    void landingsAreCountedByHowAndConflictsApart() {
        ApiMetrics metrics = new ApiMetrics(() -> 0, () -> 0);
        metrics.cycleDone(with(SampleCycles.landed("c1", SampleCycles.START), CycleOutcome.LANDED,
                new Landing("refs/heads/main", "abc1234", null, null, List.of(), false)));
        metrics.cycleDone(with(SampleCycles.landed("c2", SampleCycles.START), CycleOutcome.LANDED,
                new Landing("refs/heads/main", "def5678", null, null, List.of(), false, 3, true, List.of())));
        metrics.cycleDone(with(SampleCycles.landed("c3", SampleCycles.START), CycleOutcome.LANDED,
                new Landing("refs/heads/main", "fed9876", null, null, List.of(), false, 1, false, List.of())));
        metrics.cycleDone(with(SampleCycles.landed("c4", SampleCycles.START), CycleOutcome.SUPERSEDED,
                new Landing("refs/heads/main", null, null, null, List.of(), false, 2, false, List.of("src/a.py"))));
        metrics.cycleDone(with(SampleCycles.landed("c5", SampleCycles.START), CycleOutcome.INTERRUPTED,
                new Landing("refs/heads/main", "abc1234", null, null, List.of(), true)));

        String scrape = metrics.scrape();
        assertTrue(scrape.contains("manybot_landings_total{bot=\"format-bot\",how=\"direct\"} 1.0"), scrape);
        assertTrue(scrape.contains("manybot_landings_total{bot=\"format-bot\",how=\"rebased\"} 2.0"), scrape);
        assertTrue(scrape.contains("manybot_landing_conflicts_total{bot=\"format-bot\"} 1.0"), scrape);
        assertFalse(scrape.contains("manybot_landings_total{bot=\"format-bot\",how=\"direct\"} 2.0"), "a commit found already landed is not counted again");
    }

    private static WorkCycle with(WorkCycle c, CycleOutcome outcome, Landing landing) {
        return new WorkCycle(c.id(), c.bot(), c.goal(), c.trigger(), c.phase(), outcome, c.startedAt(), c.finishedAt(),
                c.baseCommit(), c.directivesVersion(), c.before(), c.after(), c.measurementsBefore(), c.measurementsAfter(), c.tasks(),
                c.steps(), c.changes(), c.tests(), landing, c.reflection(), c.timings(), c.error(), c.tokens());
    }
}
