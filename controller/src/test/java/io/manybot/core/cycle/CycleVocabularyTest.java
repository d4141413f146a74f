package io.manybot.core.cycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The words the homes read off a cycle: which outcomes count as work or failure, token sums, cycle ids. */
class CycleVocabularyTest {

    @Test
    void onlyLandingOrProposingIsProductiveAndOnlyFailingOrTimingOutIsAFailure() {
        assertEquals(List.of(CycleOutcome.LANDED, CycleOutcome.PROPOSED),
                Arrays.stream(CycleOutcome.values()).filter(CycleOutcome::productive).toList());
        assertEquals(List.of(CycleOutcome.FAILED, CycleOutcome.TIMED_OUT),
                Arrays.stream(CycleOutcome.values()).filter(CycleOutcome::failure).toList());
        assertEquals(List.of(CyclePhase.DONE), Arrays.stream(CyclePhase.values()).filter(CyclePhase::terminal).toList());
    }

    @Test
    void tokenUsageAddsUpAndRefusesNegativeCounts() {
        TokenUsage usage = new TokenUsage(120, 30).plus(new TokenUsage(80, 20)).plus(null);
        assertEquals(new TokenUsage(200, 50), usage);
        assertEquals(250, usage.total());
        assertEquals(TokenUsage.NONE, new TokenUsage(0, 0));
        assertThrows(IllegalArgumentException.class, () -> new TokenUsage(-1, 0));
        assertThrows(IllegalArgumentException.class, () -> new TokenUsage(0, -1));
    }

    @Test
    void aCycleRecordKeepsTheTokensReportedAndAStartedCycleHasNoOutcomeYet() {
        Instant at = Instant.parse("2026-11-24T12:00:01Z");
        WorkCycle started = WorkCycle.started("c1", "fixer", "no-todos", "manual", at);
        assertEquals(List.of("c1", "fixer", "no-todos", "manual"), List.of(started.id(), started.bot(), started.goal(), started.trigger()));
        assertEquals(CyclePhase.SENSE, started.phase());
        assertEquals(null, started.outcome());
        assertEquals(at, started.startedAt());
        assertEquals(null, started.finishedAt());
        assertEquals(TokenUsage.NONE, started.tokens(), "no tokens reported: none");

        WorkCycle withTokens = new WorkCycle("c1", "fixer", "no-todos", "manual", CyclePhase.DONE, CycleOutcome.LANDED, at, at, null, null,
                null, null, List.of(), List.of(), List.of(), List.of(), List.of(), null, null, null, List.of(), null, new TokenUsage(1200, 300));
        assertEquals(new TokenUsage(1200, 300), withTokens.tokens());
    }

    @Test
    void cycleIdsNameTheirStartInUtcAndDifferByASuffix() {
        Instant at = Instant.parse("2026-11-24T12:00:01Z");
        String id = CycleIds.next(at);
        assertTrue(id.matches("20261124t120001-[0-9a-f]{4}"), id);
        assertTrue(CycleIds.next(Instant.parse("2026-11-24T12:00:02Z")).compareTo(id) > 0, "later ids sort later");
        assertTrue(java.util.stream.IntStream.range(0, 20).mapToObj(i -> CycleIds.next(at)).distinct().count() > 1,
                "ids of one second differ by their random suffix");
    }
}
