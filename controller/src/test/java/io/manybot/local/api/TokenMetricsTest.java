package io.manybot.local.api;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.manybot.core.cycle.TokenUsage;
import io.manybot.core.cycle.WorkCycle;
import io.manybot.testing.SampleCycles;
import org.junit.jupiter.api.Test;

/** {@code manybot_tokens_total{bot,kind}} adds up the tokens of the cycles recorded as done. */
class TokenMetricsTest {
    @Test
    void tokensOfDoneCyclesAreCountedByBotAndKind() {
        ApiMetrics metrics = new ApiMetrics(() -> 0, () -> 0);
        for (String id : new String[] {"c1", "c2"}) {
            WorkCycle c = SampleCycles.landed(id, SampleCycles.START);
            metrics.cycleDone(new WorkCycle(c.id(), c.bot(), c.goal(), c.trigger(), c.phase(), c.outcome(), c.startedAt(), c.finishedAt(),
                    c.baseCommit(), c.directivesVersion(), c.before(), c.after(), c.measurementsBefore(), c.measurementsAfter(), c.tasks(),
                    c.steps(), c.changes(), c.tests(), c.landing(), c.reflection(), c.timings(), c.error(), new TokenUsage(840, 210)));
        }
        String scrape = metrics.scrape();
        assertTrue(scrape.contains("manybot_tokens_total{bot=\"format-bot\",kind=\"input\"} 1680.0"), scrape);
        assertTrue(scrape.contains("manybot_tokens_total{bot=\"format-bot\",kind=\"output\"} 420.0"), scrape);
    }
}
