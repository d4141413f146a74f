package io.manybot.core.meeting;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Repeated conflicts: counted per pair of bots (either order) and path, by cycle, from the threshold on. */
class LandingConflictsTest {
    private static LandingConflict conflict(String path, String bot, String against, String cycle) {
        return new LandingConflict(path, bot, against, cycle, Instant.parse("2026-12-06T10:00:00Z"));
    }

    @Test
    void aPairConflictingTwiceOnOnePathIsRepeatedOnceIsNot() {
        List<LandingConflict> conflicts = List.of(
                conflict("a.txt", "alpha", "beta", "c1"),
                conflict("a.txt", "beta", "alpha", "c2"),
                conflict("a.txt", "alpha", "beta", "c2"), // the same cycle against the same bot counts once
                conflict("b.txt", "alpha", "beta", "c3"),
                conflict("a.txt", "alpha", "gamma", "c4"));
        assertEquals(List.of(new RepeatedConflict("a.txt", "alpha", "beta", 2, List.of("c1", "c2"))), LandingConflicts.repeated(conflicts, 2));
        assertEquals(3, LandingConflicts.repeated(conflicts, 1).size());
        assertEquals(List.of(), LandingConflicts.repeated(conflicts, 3));
    }
}
