package io.manybot.core.directives;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.manybot.core.declaration.Bot;
import io.manybot.core.problem.Problem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DirectivesParserTest {

    private static final String META = """
            <!--
            _meta:
              updated: 2026-11-24T12:00:00Z
              version: 7
              status: %s
            -->
            """;

    static DirectivesRead read(String text) {
        return DirectivesParser.parse("MARATHON.md", text.getBytes(StandardCharsets.UTF_8));
    }

    static Directives good(String text) {
        DirectivesRead read = read(text);
        assertTrue(read.ok(), read.problems().toString());
        return read.directives().orElseThrow();
    }

    static List<String> problems(String text) {
        return read(text).problems().stream().map(Problem::toString).toList();
    }

    /** The one problem of {@code text}, which must be an error that leaves no directives. */
    static String error(String text) {
        DirectivesRead read = read(text);
        assertFalse(read.ok(), "an error means no directives");
        assertEquals(1, read.problems().size(), read.problems().toString());
        assertTrue(read.problems().get(0).isError(), read.problems().toString());
        return read.problems().get(0).toString();
    }

    static Path projectFile(String relative) {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(relative);
            if (Files.isRegularFile(candidate) && Files.isDirectory(dir.resolve("controller"))) {
                return candidate;
            }
        }
        throw new IllegalStateException(relative + " not found above " + Path.of("").toAbsolutePath());
    }

    @Test
    void theProjectsMarathonFileReadsAsAUserWouldSeeIt() throws IOException {
        byte[] content = Files.readAllBytes(projectFile("MARATHON.md"));
        DirectivesRead read = DirectivesParser.parse("MARATHON.md", content);
        assertEquals(List.of(), read.problems(), "the live file of the example deployment is clean");
        Directives directives = read.directives().orElseThrow();

        assertEquals("0.2.0", directives.version());
        assertEquals(Instant.parse("2026-11-24T18:00:00Z"), directives.meta().updated());
        assertFalse(directives.paused());
        assertEquals(DirectivesParser.hash(content), directives.contentHash());
        assertEquals(64, directives.contentHash().length());
        assertEquals("Foundation — declarations, ownership engine, validate/owners/goals", directives.focus());
        assertEquals(List.of(
                "correctness of ownership verdicts over breadth of features",
                "Ownership verdicts that name the file and line that decided them.",
                "Every bad input gets a located error; nothing else breaks."), directives.priorities());
        assertEquals(List.of(), directives.blockers(), "BLOCKED: none is no blocker");
        assertEquals(2, directives.notes().size());
        assertEquals("`status: paused` in `_meta` stops new cycles, and a running cycle stops at its next phase boundary"
                + " (recorded ABANDONED, run again on resume); `active` resumes.", directives.notes().get(0), "continuation lines join the item");
        assertEquals(List.of("CURRENT FOCUS", "PRIORITY", "BLOCKED"), List.copyOf(directives.inline().keySet()));
        assertEquals(List.of("none", "none"), directives.inline().get("BLOCKED"));

        assertEquals(List.of("format-bot"), List.copyOf(directives.bots().keySet()));
        BotDirectives format = directives.forBot("format-bot");
        assertEquals("files under src/api first", format.focus());
        assertFalse(format.paused(), "the pause example is a plain comment");
        assertEquals(new LimitOverrides(null, 10, null, null, null), format.limits());
        assertEquals(List.of("Keep each change to formatting only; leave logic changes to the owners' review."), format.notes());
        Bot.Limits declared = new Bot.Limits(1, 20, Duration.ofMinutes(10), 25, null);
        assertEquals(new Bot.Limits(1, 10, Duration.ofMinutes(10), 25, null), format.applyTo(declared));

        BotDirectives api = directives.forBot("api-bot");
        assertEquals("Foundation — declarations, ownership engine, validate/owners/goals", api.focus(), "no section: the global focus");
        assertEquals(LimitOverrides.NONE, api.limits());
        assertEquals(declared, api.applyTo(declared));
    }

    @Test
    void theCommentedPauseExampleInTheProjectsFileWorksOnceItsProseLineIsDeleted() throws IOException {
        String text = Files.readString(projectFile("MARATHON.md"));
        String edited = text.replace("To pause format-bot alone, delete this line: the comment then holds one directive.\n", "");
        assertTrue(!edited.equals(text), "the example is where the test expects it");
        Directives directives = good(edited);
        assertTrue(directives.forBot("format-bot").paused());
        assertFalse(directives.forBot("api-bot").paused());
        assertFalse(directives.paused());
    }

    @Test
    void theExampleRepositorysMarathonFileReads() throws IOException {
        DirectivesRead read = DirectivesParser.parse("MARATHON.md",
                Files.readAllBytes(projectFile("examples/repo-with-owners/MARATHON.md")));
        assertEquals(List.of(), read.problems());
        Directives directives = read.directives().orElseThrow();
        assertEquals("4", directives.version());
        assertEquals(List.of("Manybot re-reads this file on every change; edit it to steer the bots."),
                directives.inline().get("HOT RELOAD"), "unknown keys outside bot sections are kept");
        assertEquals(List.of("src/billing is frozen until the PCI audit ends (2026-12-15); no proposals there",
                "src/billing: PCI audit freeze (ask dana before touching anything there)."), directives.blockers());
        assertEquals(3, directives.priorities().size());
        assertEquals(new LimitOverrides(null, 10, null, null, null), directives.bots().get("format-bot").limits());
        assertEquals("tests/api/test_orders.py", directives.forBot("api-bot").focus());
        assertEquals(List.of("Run only on pushes to `main` this week; the schedule stays on."), directives.forBot("api-bot").notes());
    }

    @Test
    void aPausedMetaPausesEveryBotWhateverItsSectionSays() {
        Directives directives = good(META.formatted("paused") + """
                <!-- CURRENT FOCUS: the API -->

                ## Bot: format-bot
                <!-- STATUS: active -->
                """);
        assertTrue(directives.paused());
        assertTrue(directives.forBot("format-bot").paused(), "the global pause wins");
        assertFalse(directives.bots().get("format-bot").paused(), "the section itself says active");
        assertTrue(directives.forBot("api-bot").paused());
        assertEquals("the API", directives.forBot("api-bot").focus());
        assertEquals("7", directives.version());
    }

    @Test
    void aBotSectionPausesOneBotAndChangesItsLimitsAndFocus() {
        Directives directives = good(META.formatted("active") + """
                <!-- CURRENT FOCUS: everything -->

                ## Bot: format-bot
                <!-- STATUS: paused -->

                ## Bot: api-bot
                <!-- FOCUS: tests/api -->
                <!-- LIMIT tasksPerCycle: 5 -->
                <!-- LIMIT cycleTimeout: 90s -->
                <!-- LIMIT toolIterations: 40 -->
                <!-- LIMIT tokensPerCycle: 200000 -->
                <!-- limit ChangesPerCycle: 7 -->

                ## Bot: docs-bot
                <!-- PAUSED: true -->
                """);
        assertFalse(directives.paused());
        assertTrue(directives.forBot("format-bot").paused());
        assertEquals("everything", directives.forBot("format-bot").focus());
        assertTrue(directives.forBot("docs-bot").paused());
        BotDirectives api = directives.forBot("api-bot");
        assertFalse(api.paused());
        assertEquals("tests/api", api.focus());
        assertEquals(new Bot.Limits(5, 7, Duration.ofSeconds(90), 40, 200_000L), api.applyTo(Bot.Limits.DEFAULT));
        assertEquals(Bot.Limits.DEFAULT, directives.forBot("format-bot").applyTo(Bot.Limits.DEFAULT));
        assertEquals(Map.of("CURRENT FOCUS", List.of("everything")), directives.inline(), "bot directives are not global");
    }

    @Test
    void withoutMetaTheFileIsActiveAndUnversionedWithAWarning() {
        DirectivesRead read = read("<!-- CURRENT FOCUS: x -->\n");
        Directives directives = read.directives().orElseThrow();
        assertNull(directives.version());
        assertFalse(directives.paused());
        assertEquals("x", directives.focus());
        assertEquals(List.of("MARATHON.md:1:1: warning: _meta: no _meta block (an HTML comment starting with '_meta:');"
                + " the directives count as active, unversioned"), read.problems().stream().map(Problem::toString).toList());
    }

    @Test
    void brokenMetaYamlIsReportedAtItsLine() {
        String problem = error("""
                # Directives

                <!--
                _meta:
                  updated: 2026-11-24T12:00:00Z
                  version: [7
                  status: active
                -->
                <!-- CURRENT FOCUS: x -->
                """);
        assertTrue(problem.startsWith("MARATHON.md:7:"), problem);
        assertTrue(problem.contains("invalid YAML"), problem);
    }

    @Test
    void aMetaValueOutsideTheSchemaNamesItsField() {
        assertEquals("MARATHON.md:5:11: _meta.status: does not have a value in the enumeration [\"active\", \"paused\"]",
                error(META.formatted("stopped")));
    }

    @Test
    void aSecondMetaBlockIsAnError() {
        assertEquals("MARATHON.md:8:1: _meta: a second _meta block (the first is at line 1); keep one",
                error(META.formatted("active") + "\n" + META.formatted("paused")));
    }

    @Test
    void anUnclosedCommentIsAnErrorWhereItOpens() {
        assertEquals("MARATHON.md:9:1: <!--: this comment is never closed with '-->'; everything after it would be hidden",
                error(META.formatted("active") + "\n## Bot: format-bot\n<!-- FOCUS: src/api\n- a note\n"));
    }

    @Test
    void aBadLimitValueNamesTheLineColumnAndLimit() {
        String text = META.formatted("active") + """

                ## Bot: format-bot
                <!-- LIMIT changesPerCycle: lots -->
                """;
        assertEquals("MARATHON.md:9:29: LIMIT changesPerCycle: expected a whole number from 1 to 100000, got 'lots'", error(text));
        assertEquals("MARATHON.md:9:27: LIMIT tasksPerCycle: expected a whole number from 1 to 100, got '101'",
                error(text.replace("changesPerCycle: lots", "tasksPerCycle: 101")));
        assertEquals("MARATHON.md:9:26: LIMIT cycleTimeout: expected a duration such as 90s, 5m or 2h, got 'soon'",
                error(text.replace("changesPerCycle: lots", "cycleTimeout: soon")));
        assertEquals("MARATHON.md:9:26: LIMIT cycleTimeout: expected a duration longer than zero, got '0s'",
                error(text.replace("changesPerCycle: lots", "cycleTimeout: 0s")));
        assertEquals("MARATHON.md:9:28: LIMIT tokensPerCycle: expected a positive whole number, got '-5'",
                error(text.replace("changesPerCycle: lots", "tokensPerCycle: -5")));
        assertEquals("MARATHON.md:9:12: LIMIT speed: unknown limit 'speed'; write one limit per directive, such as"
                + " <!-- LIMIT changesPerCycle: 10 -->; limits: tasksPerCycle, changesPerCycle, cycleTimeout, toolIterations, tokensPerCycle, openProposals, proposalsPerHour",
                error(text.replace("changesPerCycle: lots", "speed: 3")));
        assertTrue(error(text.replace("LIMIT changesPerCycle: lots", "LIMITS: changesPerCycle=3"))
                .startsWith("MARATHON.md:9:6: LIMITS: write one limit per directive"));
    }

    @Test
    void aBadPauseValueIsAnError() {
        String text = META.formatted("active") + "## Bot: format-bot\n<!-- STATUS: sleeping -->\n";
        assertEquals("MARATHON.md:8:14: STATUS: expected 'paused' or 'active', got 'sleeping'", error(text));
        assertEquals("MARATHON.md:8:14: PAUSED: expected 'true' or 'false', got 'maybe'",
                error(text.replace("STATUS: sleeping", "PAUSED: maybe")));
    }

    @Test
    void twoSectionsForOneBotPointAtBothLines() {
        assertEquals("MARATHON.md:13:9: Bot: format-bot: a second section for bot format-bot (the first is at MARATHON.md:7);"
                + " keep one section per bot", error(META.formatted("active") + """
                ## Bot: format-bot
                <!-- FOCUS: a -->

                ## Notes
                - n

                ## Bot: format-bot
                <!-- STATUS: paused -->
                """));
    }

    @Test
    void aBotSectionNeedsABotName() {
        assertEquals("MARATHON.md:7:9: Bot: 'Format Bot' is not a bot name; expected lower-case letters, digits and '-',"
                + " at most 63 characters, as in '## Bot: format-bot'", error(META.formatted("active") + "## Bot: Format Bot\n"));
        assertTrue(good(META.formatted("active") + "## bot: `format-bot`\n<!-- STATUS: paused -->\n")
                .forBot("format-bot").paused(), "heading case and backticks around the name are fine");
    }

    @Test
    void aBotNameHasAtMostSixtyThreeCharacters() {
        String longest = "a".repeat(DirectivesParser.BOT_NAME_MAX);
        assertTrue(good(META.formatted("active") + "## Bot: " + longest + "\n<!-- STATUS: paused -->\n").forBot(longest).paused());
        assertEquals("MARATHON.md:7:9: Bot: '" + longest + "a' is not a bot name; expected lower-case letters, digits and '-',"
                + " at most 63 characters, as in '## Bot: format-bot'", error(META.formatted("active") + "## Bot: " + longest + "a\n"));
        assertEquals("MARATHON.md:7:9: Bot: '`' is not a bot name; expected lower-case letters, digits and '-',"
                + " at most 63 characters, as in '## Bot: format-bot'", error(META.formatted("active") + "## Bot: `\n"),
                "a lone backtick is no quoted name");
    }

    @Test
    void settingTheFocusOrThePauseOfABotTwiceWarnsAndTheLastCounts() {
        String text = META.formatted("active") + """
                ## Bot: format-bot
                <!-- FOCUS: a -->
                <!-- STATUS: paused -->
                <!-- FOCUS: b -->
                <!-- PAUSED: false -->
                """;
        BotDirectives format = good(text).forBot("format-bot");
        assertEquals("b", format.focus());
        assertFalse(format.paused());
        assertEquals(List.of(
                "MARATHON.md:10:6: warning: FOCUS: the focus of format-bot is set again (first at line 8); the last one counts",
                "MARATHON.md:11:6: warning: PAUSED: whether format-bot is paused is set again (first at line 9); the last one counts"),
                problems(text));
    }

    @Test
    void anUnknownLimitNameIsPointedAtEvenWhenItRepeatsTheKeyword() {
        assertEquals("MARATHON.md:8:12: limit limit: unknown limit 'limit'; write one limit per directive, such as"
                + " <!-- LIMIT changesPerCycle: 10 -->; limits: tasksPerCycle, changesPerCycle, cycleTimeout, toolIterations, tokensPerCycle, openProposals, proposalsPerHour",
                error(META.formatted("active") + "## Bot: format-bot\n<!-- limit limit: 5 -->\n"));
    }

    @Test
    void aKeyOfMoreThanSixtyCharactersIsProseNotADirective() {
        String key = "A".repeat(60);
        Directives directives = good(META.formatted("active") + "<!-- " + key + ": kept -->\n<!-- " + key + "B: prose -->\n");
        assertEquals(Map.of(key, List.of("kept")), directives.inline());
    }

    @Test
    void unknownDirectivesInABotSectionAreWarningsAndKeepTheDirectives() {
        String text = META.formatted("active") + "## Bot: format-bot\n<!-- FOCUS: a -->\n<!-- PRIORITY: b -->\n";
        DirectivesRead read = read(text);
        assertTrue(read.ok());
        assertEquals(List.of("MARATHON.md:9:6: warning: PRIORITY: unknown directive in the section of format-bot; ignored"
                + " (a bot section reads FOCUS, STATUS, PAUSED and LIMIT <name>)"), problems(text));
        assertEquals(List.of(), read.directives().orElseThrow().priorities());
    }

    @Test
    void pausesAndLimitsOutsideBotSectionsAreWarnings() {
        String text = META.formatted("active") + "<!-- STATUS: paused -->\n<!-- LIMIT tasksPerCycle: 2 -->\n";
        Directives directives = good(text);
        assertFalse(directives.paused());
        assertEquals(List.of(
                "MARATHON.md:7:6: warning: STATUS: ignored outside a '## Bot: <name>' section; to pause every bot set 'status: paused' in _meta",
                "MARATHON.md:8:6: warning: LIMIT tasksPerCycle: ignored outside a '## Bot: <name>' section; limits are changed per bot"),
                problems(text));
    }

    @Test
    void settingTheSameThingTwiceWarnsAndTheLastCounts() {
        String text = META.formatted("active") + """
                <!-- CURRENT FOCUS: a -->
                <!-- CURRENT FOCUS: b -->
                ## Bot: x
                <!-- LIMIT tasksPerCycle: 2 -->
                <!-- LIMIT tasksPerCycle: 4 -->
                """;
        Directives directives = good(text);
        assertEquals("b", directives.focus());
        assertEquals(4, directives.bots().get("x").limits().tasksPerCycle());
        assertEquals(List.of(
                "MARATHON.md:8:6: warning: CURRENT FOCUS: the focus is set again (first at line 7); the last one counts",
                "MARATHON.md:11:6: warning: LIMIT tasksPerCycle: tasksPerCycle of x is set again (first at line 10); the last one counts"),
                problems(text));
    }

    @Test
    void sectionsCollectTheirItemsInFileOrder() {
        Directives directives = good(META.formatted("active") + """
                <!-- PRIORITY: first -->

                ## Priority queue
                Work from the top.

                1. second
                   still second
                2) third
                   - detail of third
                * fourth <!-- an aside -->
                <!-- PRIORITY: fifth -->

                ### Later
                - sixth

                ## Something else
                - not a priority
                <!-- PRIORITY: seventh -->

                ## Blockers
                - None
                - CI is red
                <!-- BLOCKED: -->
                <!-- BLOCKED: n/a -->
                <!-- BLOCKED: review queue -->

                ## Notes
                A paragraph
                over two lines.

                - a note

                # Appendix
                - not a note
                """);
        assertEquals(List.of("first", "second still second", "third detail of third", "fourth", "fifth", "sixth", "seventh"),
                directives.priorities());
        assertEquals(List.of("CI is red", "review queue"), directives.blockers());
        assertEquals(List.of("A paragraph over two lines.", "a note"), directives.notes());
    }

    @Test
    void fencedCodeAndCommentsOfSeveralLinesAreNotDirectives() {
        String text = META.formatted("active") + """
                ## Bot: format-bot

                ```markdown
                <!-- STATUS: paused -->
                ## Bot: other
                ```

                <!-- An example, not a directive:
                STATUS: paused
                -->

                <!--
                  FOCUS: several lines around one directive still make a directive
                -->
                Some text mentioning `<!-- STATUS: paused -->` inline.
                <!-- see https://example.com -->
                """;
        assertEquals(List.of(), problems(text));
        Directives directives = good(text);
        BotDirectives format = directives.forBot("format-bot");
        assertFalse(format.paused());
        assertEquals("several lines around one directive still make a directive", format.focus());
        assertEquals(List.of("format-bot"), List.copyOf(directives.bots().keySet()));
    }

    @Test
    void twoDirectivesOnOneLineAreBothRead() {
        Directives directives = good(META.formatted("active") + "<!-- PRIORITY: a --> <!-- PRIORITY: b -->\n");
        assertEquals(List.of("a", "b"), directives.priorities());
    }

    @Test
    void lineNumbersHoldWithWindowsLineEndingsAndColumnsCountCharacters() {
        String text = (META.formatted("active") + "## Bot: é-bot\n## Bot: x\n<!-- 🙂 ÉTAT: 1 -->   <!-- LIMIT tasksPerCycle: many -->\n")
                .replace("\n", "\r\n");
        DirectivesRead read = read(text);
        assertEquals(List.of(
                "MARATHON.md:7:9: Bot: 'é-bot' is not a bot name; expected lower-case letters, digits and '-', at most 63 characters,"
                        + " as in '## Bot: format-bot'",
                "MARATHON.md:9:48: LIMIT tasksPerCycle: expected a whole number from 1 to 100, got 'many'"),
                read.problems().stream().map(Problem::toString).toList(), "not a directive: a key with 'É'; columns count code points");
    }

    @Test
    void contentThatIsNotUtf8TextIsRefused() {
        assertEquals("MARATHON.md: not valid UTF-8 text; expected a UTF-8 markdown file",
                DirectivesParser.parse("MARATHON.md", new byte[] {'#', ' ', (byte) 0xC3, (byte) 0x28}).problems().get(0).toString());
        assertEquals("MARATHON.md: binary content (NUL byte at offset 1); expected a UTF-8 markdown file",
                DirectivesParser.parse("MARATHON.md", new byte[] {'#', 0}).problems().get(0).toString());
        byte[] bom = ("\uFEFF" + META.formatted("paused")).getBytes(StandardCharsets.UTF_8);
        assertTrue(DirectivesParser.parse("MARATHON.md", bom).directives().orElseThrow().paused(), "a byte order mark is fine");
    }

    @Test
    void aFileOverOneMebibyteIsRefused() {
        byte[] big = new byte[2 << 20];
        Arrays.fill(big, (byte) 'a');
        DirectivesRead read = DirectivesParser.parse("MARATHON.md", big);
        assertTrue(read.directives().isEmpty());
        assertEquals("MARATHON.md: the file is 2097152 bytes; a directives file may have at most 1048576",
                read.problems().get(0).toString());

        byte[] justFits = new byte[DirectivesParser.MAX_BYTES];
        Arrays.fill(justFits, (byte) '\n');
        assertTrue(DirectivesParser.parse("MARATHON.md", justFits).ok());
    }

    @Test
    void planningNotesAreShortAndSayWhatMatters() {
        Directives directives = good(META.formatted("active") + """
                <!-- CURRENT FOCUS: the API -->
                <!-- PRIORITY: tests first -->
                <!-- BLOCKED: billing is frozen -->
                ## Bot: format-bot
                <!-- FOCUS: src/api -->
                - never touch vendor/
                """);
        assertEquals("""
                Focus: src/api
                Priorities (highest first):
                1. tests first
                Blockers (do not work around them):
                - billing is frozen
                Notes for format-bot:
                - never touch vendor/""", directives.planningNotes("format-bot"));
        assertEquals("""
                Focus: the API
                Priorities (highest first):
                1. tests first
                Blockers (do not work around them):
                - billing is frozen""", directives.planningNotes("api-bot"));
        assertEquals("", good(META.formatted("active")).planningNotes("api-bot"));

        StringBuilder many = new StringBuilder(META.formatted("active")).append("## Priority queue\n");
        for (int i = 1; i <= 30; i++) {
            many.append(i).append(". ").append("x".repeat(500)).append('\n');
        }
        String notes = good(many.toString()).planningNotes("api-bot");
        assertTrue(notes.length() <= Directives.PLANNING_CHARS, "at most " + Directives.PLANNING_CHARS + " characters");
        assertTrue(notes.contains("1. xxx"));
    }
}
