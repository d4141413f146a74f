package io.manybot.core.ownership;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * CODEOWNERS patterns match as GitHub documents them. The first table is the pattern tests of the
 * hmarr/codeowners matcher (match_test.go and testdata/patterns.json, as replayed by
 * ../shared/peer-ownership); the second holds documented forms that table leaves out.
 */
class CodeOwnersPatternTest {

    /** pattern | the paths it owns | the paths it does not own ("-": none). */
    private static final String REFERENCE_TABLE = """
            *                     | bar/baz bar/foo bar/foo/baz foo foo/bar xfoo | -
            **/*bar*              | bar foo/bar foo/barrio foo/qux/bar foo/rebar | -
            **/foo/bar            | foo/bar qux/foo/bar qux/foo/bar/baz | foo/baz/bar qux/foo/baz/bar
            /*                    | bar foo | foo/bar foo/bar/baz
            /*/                   | bar/foo bar/foo/baz foo/bar | foo
            /f*                   | foo foo/bar foo/bar/baz | bar/baz bar/foo bar/foo/baz xfoo
            /f*/                  | foo/bar | bar/baz bar/foo bar/foo/baz foo xfoo
            /foo                  | foo foo/bar foo/bar/baz | bar/baz bar/foo bar/foo/baz fool.txt
            /foo/                 | foo/bar foo/bar/baz | bar/baz bar/foo bar/foo/baz bar/foo/baz/qux foo
            /foo/bar              | foo/bar foo/bar/baz | baz/foo/bar baz/foo/bar/qux foo/bart
            /foo/bar/             | foo/bar/baz foo/bar/baz/qux | baz/foo/bar baz/foo/bar/qux foo/bar foo/bart
            f*                    | bar/foo bar/foo/baz foo foo/bar foo/bar/baz | bar/baz xfoo
            f*/                   | bar/foo/baz foo/bar | bar/baz bar/foo foo xfoo
            f?o                   | foo | fo fooo
            f\\*o                 | f*o | foo
            f\\?o                 | f?o | foo
            foo                   | bar/foo bar/foo/baz foo foo/bar | bar/baz bar/foo.txt foo.txt
            foo/                  | bar/foo/baz bar/foo/baz/qux foo/bar foo/bar/baz | bar/baz bar/foo foo
            foo/*                 | foo/bar | bar/baz bar/foo bar/foo/baz foo foo/bar/baz xfoo
            foo/**/               | foo/bar foo/bar/baz | foo
            foo/**/bar            | foo/bar foo/bar/baz foo/bar/baz/qux foo/qux/bar/baz foo/qux/quux/bar/baz | qux/foo/bar qux/foo/bar/baz
            foo/**/bar/b*         | foo/bar/baz foo/qux/bar/baz | foo/bar foo/bar/qux foo/qux/bar foo/qux/bar/qux
            foo/*.txt             | foo/bar.txt | foo foo/bar/baz.txt qux/foo/bar.txt qux/foo/bar/baz.txt
            foo/*/baz             | foo/bar/baz foo/bar/baz/qux | foo foo/bar foo/baz
            foo/bar               | foo/bar foo/bar/baz | baz/foo/bar baz/foo/bar/qux foo/bart
            foo/bar/              | foo/bar/baz | baz/foo/bar baz/foo/bar/qux foo/bar foo/bart
            foo/bar/**            | foo/bar/baz foo/bar/baz/qux | foo/bar qux/foo/bar qux/foo/bar/baz
            services/foo:bar/**/* | services/foo:bar/baz.json | services/foo-bar/baz.json
            src/**/*.c            | - | src/foo.rs
            src/**/*.go           | src/foo.go src/foo/bar.go | src src/foo.rs
            vllm/v1/worker/^cpu   | vllm/v1/worker/^cpu | vllm/v1/worker/cpu
            """;

    private static final String MORE = """
            **           | foo foo/bar a/b/c | -
            **/foo       | foo a/foo a/b/foo a/foo/x | foox xfoo a/foox
            docs/**      | docs/a docs/a/b.md | docs xdocs/a a/docs/b
            docs/**/*.md | docs/a.md docs/x/y/a.md | docs/a.txt a/docs/b.md
            *.js         | a.js x/a.js x/y/a.js | a.jsx a.js.map js
            ?            | a x/b x/ab | ab ab/cd
            a?c/d        | abc/d a-c/d/e | a/c/d ac/d
            .github/     | .github/CODEOWNERS .github/x/y | .github x/.github
            a.b          | a.b x/a.b | axb
            /            | - | a a/b README.md
            """;

    private record Row(String pattern, List<String> owned, List<String> notOwned) {}

    private static List<Row> rows(String table) {
        List<Row> rows = new ArrayList<>();
        for (String line : table.strip().split("\n")) {
            String[] cells = line.split("\\|");
            rows.add(new Row(cells[0].strip(), paths(cells[1]), paths(cells[2])));
        }
        return rows;
    }

    private static List<String> paths(String cell) {
        return cell.isBlank() || cell.strip().equals("-") ? List.of() : List.of(cell.strip().split(" "));
    }

    @Test
    void patternsOwnWhatTheReferenceMatcherOwns() {
        assertTable(rows(REFERENCE_TABLE));
    }

    @Test
    void patternsOwnWhatGitHubDocumentsForFormsTheReferenceTableLeavesOut() {
        assertTable(rows(MORE));
    }

    @Test
    void anEscapedSpaceIsPartOfTheName() {
        CodeOwnersPattern pattern = CodeOwnersPattern.compile("my\\ file.txt");
        assertTrue(pattern.matches("my file.txt"));
        assertTrue(pattern.matches("docs/my file.txt"));
        assertFalse(pattern.matches("my"));
        assertFalse(pattern.matches("myfile.txt"));
    }

    @Test
    void unusablePatternsAreRefusedWithAReason() {
        List<List<String>> cases = List.of(
                List.of("", "empty pattern"),
                List.of("!docs/", "negated patterns ('!') do not work in CODEOWNERS"),
                List.of("a/***/b", "a pattern cannot contain three consecutive asterisks"),
                List.of("docs\\", "a pattern cannot end with a lone '\\'"),
                List.of("/apps/[param]/file.ts", "character ranges ([...]) do not work in CODEOWNERS"),
                List.of("a]b", "character ranges ([...]) do not work in CODEOWNERS"),
                List.of("x\\[y]", "character ranges ([...]) do not work in CODEOWNERS"));
        for (List<String> c : cases) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CodeOwnersPattern.compile(c.get(0)), c.get(0));
            assertTrue(e.getMessage().startsWith(c.get(1)), c.get(0) + ": " + e.getMessage());
        }
    }

    private static void assertTable(List<Row> rows) {
        List<String> wrong = new ArrayList<>();
        for (Row row : rows) {
            CodeOwnersPattern pattern = CodeOwnersPattern.compile(row.pattern());
            assertEquals(row.pattern(), pattern.pattern(), "shown as written");
            assertEquals(row.pattern(), pattern.toString(), "shown as written");
            for (String path : row.owned()) {
                if (!pattern.matches(path)) {
                    wrong.add(row.pattern() + " should own " + path);
                }
            }
            for (String path : row.notOwned()) {
                if (pattern.matches(path)) {
                    wrong.add(row.pattern() + " should not own " + path);
                }
            }
        }
        assertEquals(List.of(), wrong);
    }
}
