package io.manybot.core.directives;

import static io.manybot.core.directives.DirectivesParserTest.good;
import static io.manybot.core.directives.DirectivesParserTest.problems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import org.junit.jupiter.api.Test;

/** How the markdown around the directives is read: fenced code, paragraphs, list items, line endings. */
class DirectivesMarkdownTest {

    private static final String META = """
            <!--
            _meta:
              updated: 2026-11-24T12:00:00Z
              version: 7
              status: active
            -->
            """;

    @Test
    void aFenceClosesOnlyOnAPlainFenceLineIndentedAtMostThreeSpaces() {
        String text = META + """
                ## Bot: format-bot
                ```text

                    ```
                <!-- STATUS: paused -->
                ```python
                <!-- STATUS: paused -->
                   ```
                <!-- FOCUS: after the fence -->
                """;
        Directives directives = good(text);
        BotDirectives format = directives.forBot("format-bot");
        assertFalse(format.paused(), "a blank line, a fence indented four spaces and one with an info string do not close it");
        assertEquals("after the fence", format.focus(), "a fence indented three spaces closes it");
        assertEquals(List.of(), problems(text));
    }

    @Test
    void threeBackticksWithABacktickAfterThemAreInlineCodeButTildesOpenAFenceWhateverFollows() {
        Directives directives = good(META + """
                ```not a fence`
                <!-- PRIORITY: read -->
                ~~~ `a tilde fence`
                <!-- PRIORITY: hidden in the fence -->
                ~~~
                """);
        assertEquals(List.of("read"), directives.priorities());
    }

    @Test
    void aParagraphEndsAtABlankLineAThematicBreakAFenceOrAHeading() {
        Directives directives = good(META + """
                ## Notes
                A paragraph before code.
                ```
                code
                ```
                A paragraph after code.

                First of two paragraphs.

                Second of two paragraphs.
                ***
                After a thematic break.
                - an item right before a heading
                ## Blockers
                - CI is red
                """);
        assertEquals(List.of("A paragraph before code.", "A paragraph after code.", "First of two paragraphs.",
                "Second of two paragraphs.", "After a thematic break.", "an item right before a heading"), directives.notes());
        assertEquals(List.of("CI is red"), directives.blockers());
    }

    @Test
    void aSubItemIndentedTwoSpacesOrATabBelongsToItsItem() {
        Directives directives = good(META + "## Priority queue\n- first\n  - detail at two spaces\n- second\n\t- detail at a tab\n- third\n");
        assertEquals(List.of("first detail at two spaces", "second detail at a tab", "third"), directives.priorities());
    }

    @Test
    void oldMacLineEndingsSplitLinesUpToTheLastOne() {
        String text = "<!-- CURRENT FOCUS: x -->\r<!-- PRIORITY: p -->\r<!-- STATUS: paused -->\r";
        Directives directives = good(text);
        assertEquals("x", directives.focus());
        assertEquals(List.of("p"), directives.priorities());
        assertEquals(List.of("MARATHON.md:1:1: warning: _meta: no _meta block (an HTML comment starting with '_meta:');"
                        + " the directives count as active, unversioned",
                "MARATHON.md:3:6: warning: STATUS: ignored outside a '## Bot: <name>' section; to pause every bot set 'status: paused' in _meta"),
                problems(text), "problems come sorted by line, the missing _meta first");
    }

    @Test
    void theLastLineCountsWithoutALineBreak() {
        assertEquals("the last line", good(META + "<!-- CURRENT FOCUS: the last line -->").focus());
    }

    @Test
    void aDirectiveOnTheFirstLineIsFollowedByTheRestOfTheFile() {
        Directives directives = good("<!-- CURRENT FOCUS: x -->\n## Notes\n- read after the first line\n");
        assertEquals("x", directives.focus());
        assertEquals(List.of("read after the first line"), directives.notes());
    }
}
