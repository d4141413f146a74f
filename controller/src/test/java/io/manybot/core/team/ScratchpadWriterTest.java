package io.manybot.core.team;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.manybot.core.cycle.CycleOutcome;
import io.manybot.core.cycle.CyclePhase;
import io.manybot.core.cycle.Reflection;
import io.manybot.core.cycle.WorkCycle;
import io.manybot.core.goal.GoalEvaluation;
import io.manybot.core.goal.KeyResultEvaluation;
import io.manybot.core.goal.KeyResultState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The scratchpad is rewritten from what is true now (never appended), keeps the lessons that stand, and is compressed to its budget. */
class ScratchpadWriterTest {
    private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");

    private static WorkCycle cycle(String id, List<String> lessons) {
        GoalEvaluation after = new GoalEvaluation("tidy", NOW, 50.0, true, false,
                List.of(new KeyResultEvaluation("lint-errors", 20.0, 50.0, 40.0, KeyResultState.ON_TRACK, null)));
        return new WorkCycle(id, "lead", "tidy", "test", CyclePhase.DONE, CycleOutcome.LANDED, NOW, NOW, "abc", null, after, after,
                List.of(), List.of(), List.of(), List.of(), List.of(), null, null,
                new Reflection(List.of("Landed 2 file(s)"), lessons, "Close the remaining gap"), List.of(), null);
    }

    private static Handoff handoff(int n) {
        return new Handoff("c" + n, "lead", "t" + n, "Fix the TODO in area-" + n + "/f.txt", "c" + n + "-1", "LANDED", "sh fix.sh: exit 0",
                List.of("area-" + n + "/f.txt landed"), List.of(new Handoff.KeyResultDelta("g", "todo-files", 1.0, 0.0)), "passed",
                List.of(), List.of(), NOW);
    }

    @Test
    void eachRewriteStartsFromTheFactsAndKeepsTheLessonsThatStand() {
        ScratchpadWriter writer = new ScratchpadWriter();
        Scratchpad first = writer.rewrite(Scratchpad.empty("lead"), cycle("lead-1", List.of("Leave docs/ alone")), List.of(handoff(1)),
                List.of("Fix area-2 → c2"), List.of(), 2000, NOW);
        assertFalse(first.compressed());
        assertTrue(first.text().startsWith("## Goal\n- tidy: progress 50%\n- lint-errors = 20 (on track)\n"), first.text());
        assertTrue(first.text().contains("## Handoffs read\n- c1 on \"Fix the TODO in area-1/f.txt\": landed"), first.text());
        assertTrue(first.text().contains("## Routed\n- Fix area-2 → c2\n"), first.text());

        Scratchpad second = writer.rewrite(first, cycle("lead-2", List.of("Run the tests first")), List.of(), List.of(), List.of(), 2000, NOW);
        assertTrue(second.text().contains("cycle lead-2: landed"), second.text());
        assertFalse(second.text().contains("lead-1"), "rewritten, not appended: " + second.text());
        assertFalse(second.text().contains("## Handoffs read"), second.text());
        assertTrue(second.text().contains("## Lessons\n- Run the tests first\n- Leave docs/ alone\n"), second.text());
    }

    @Test
    void overItsBudgetThePadIsCompressedLeastUsefulLinesFirst() {
        List<Handoff> many = new ArrayList<>();
        for (int n = 1; n <= 30; n++) {
            many.add(handoff(n));
        }
        List<String> lessons = new ArrayList<>();
        for (int n = 1; n <= 30; n++) {
            lessons.add("Lesson number " + n + " about something that happened in an earlier cycle");
        }
        Scratchpad pad = new ScratchpadWriter().rewrite(Scratchpad.empty("lead"), cycle("lead-9", lessons), many, List.of(), List.of(), 600, NOW);
        assertTrue(pad.compressed());
        assertTrue(pad.text().length() <= 600, pad.text().length() + ": " + pad.text());
        assertTrue(pad.text().contains("## Goal\n- tidy: progress 50%"), pad.text());
        assertTrue(pad.text().contains("cycle lead-9: landed"), pad.text());
        assertTrue(pad.text().contains("- Lesson number 1 "), "each section keeps its first line: " + pad.text());
        assertFalse(pad.text().contains("Lesson number 30"), pad.text());
        assertEquals(1, pad.text().split("## Lessons")[1].split("\n- ").length - 1, pad.text());
    }
}
