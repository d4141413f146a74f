package io.manybot.core.directives;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.manybot.core.problem.Problem;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The {@code _meta} block as `manybot validate` reads it (DirectivesMetaReader.read) and as the live parser does. */
class DirectivesMetaReaderTest {

    private static final String FILE = """
            # Project

            <!-- a plain comment first -->
            <!-- CURRENT FOCUS: x -->
            <!--
            _meta:
              updated: 2026-11-24T12:00:00Z
              version: 3
              status: %s
            -->
            """;

    @Test
    void theFirstCommentStartingWithMetaIsTheMetaBlock() {
        List<Problem> problems = new ArrayList<>();
        DirectivesMeta meta = DirectivesMetaReader.read("MARATHON.md", FILE.formatted("paused"), problems).orElseThrow();
        assertEquals(new DirectivesMeta(Instant.parse("2026-11-24T12:00:00Z"), "3", DirectivesMeta.Status.PAUSED), meta);
        assertEquals(List.of(), problems);
    }

    @Test
    void aProblemInTheMetaBlockIsReportedAtItsLineInTheFile() {
        List<Problem> problems = new ArrayList<>();
        assertTrue(DirectivesMetaReader.read("MARATHON.md", FILE.formatted("stopped"), problems).isEmpty());
        assertEquals(List.of("MARATHON.md:9:11: _meta.status: does not have a value in the enumeration [\"active\", \"paused\"]"),
                problems.stream().map(Problem::toString).toList());
    }

    @Test
    void aFileWithoutMetaGetsAWarning() {
        List<Problem> problems = new ArrayList<>();
        assertTrue(DirectivesMetaReader.read("MARATHON.md", "# Project\n<!-- CURRENT FOCUS: x -->\n", problems).isEmpty());
        assertEquals(List.of("MARATHON.md:1:1: warning: _meta: no _meta block (an HTML comment starting with '_meta:');"
                + " the directives count as active, unversioned"), problems.stream().map(Problem::toString).toList());
    }

    @Test
    void aMetaBlockOfTwoYamlDocumentsIsAnErrorAtItsFirstLine() {
        String text = """
                # Project
                <!--
                _meta:
                  updated: 2026-11-24T12:00:00Z
                  version: 3
                  status: active
                ---
                more: 1
                -->
                """;
        assertEquals("MARATHON.md:2:1: _meta: expected one YAML document in the _meta comment, found 2",
                DirectivesParserTest.error(text));
    }
}
