package io.manybot.core.directives;

import static io.manybot.core.directives.DirectivesParserTest.good;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** How much of the directives a planner is told: at most 8 items a list, 300 characters an item, 2,000 in all. */
class DirectivesPlanningNotesTest {

    private static String planningNotes(List<String> priorities) {
        StringBuilder text = new StringBuilder("## Priority queue\n");
        priorities.forEach(priority -> text.append("- ").append(priority).append('\n'));
        return good(text.toString()).planningNotes("api-bot");
    }

    private static List<String> numbered(int count) {
        return java.util.stream.IntStream.rangeClosed(1, count).mapToObj(i -> "p" + i).toList();
    }

    @Test
    void eightItemsAreListedAndTheRestCounted() {
        assertEquals("Priorities (highest first):\n1. p1\n2. p2\n3. p3\n4. p4\n5. p5\n6. p6\n7. p7\n8. p8",
                planningNotes(numbered(8)));
        assertEquals("Priorities (highest first):\n1. p1\n2. p2\n3. p3\n4. p4\n5. p5\n6. p6\n7. p7\n8. p8\n(and 2 more)",
                planningNotes(numbered(10)));
    }

    @Test
    void anItemOfThreeHundredCharactersIsWholeAndALongerOneIsClipped() {
        String full = "a".repeat(Directives.PLANNING_ITEM_CHARS);
        assertEquals("Priorities (highest first):\n1. " + full, planningNotes(List.of(full)));
        assertEquals("Priorities (highest first):\n1. " + full.substring(1) + "…", planningNotes(List.of(full + "b")));
    }

    @Test
    void notesOfTwoThousandCharactersAreWholeAndLongerOnesAreClipped() {
        // the title (27 characters) and eight items, each after "\nN. ": 27 + 8 * 4 + 7 * 250 + 191 = 2,000
        List<String> items = new java.util.ArrayList<>(java.util.Collections.nCopies(7, "x".repeat(250)));
        items.add("y".repeat(191));
        String whole = planningNotes(items);
        assertEquals(Directives.PLANNING_CHARS, whole.length());
        assertTrue(whole.endsWith("\n8. " + "y".repeat(191)), "not clipped");

        items.set(7, "y".repeat(192));
        String clipped = planningNotes(items);
        assertEquals(Directives.PLANNING_CHARS, clipped.length());
        assertTrue(clipped.endsWith("\n8. " + "y".repeat(190) + "…"), clipped.substring(1_900));
    }
}
