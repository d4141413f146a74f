package io.manybot.core.ownership;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.manybot.core.problem.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Reading a CODEOWNERS file as GitHub does: one rule a line, comments and blank lines ignored, the
 * last matching rule deciding, a line with an invalid pattern or owner skipped (and reported where
 * it is written), the others kept.
 */
class CodeOwnersTest {
    private final List<Problem> problems = new ArrayList<>();

    private CodeOwners read(String text) {
        return CodeOwners.read(".github/CODEOWNERS", text, problems);
    }

    /** "line:column pattern owner owner ..." for each rule, owners as principals with their columns. */
    private static List<String> describe(CodeOwners file) {
        return file.rules().stream().map(rule -> rule.location().line() + ":" + rule.location().column() + " "
                + rule.pattern().pattern() + rule.owners().stream()
                        .map(e -> " " + e.principal() + "@" + e.location().column()).reduce("", String::concat))
                .toList();
    }

    private static String decidingLine(CodeOwners file, String path) {
        Optional<CodeOwners.Rule> rule = file.match(path);
        return rule.map(r -> r.location().file() + ":" + r.location().line()).orElse("(none)");
    }

    @Test
    void eachLineIsAPatternAndItsOwnersWithCommentsAndBlankLinesIgnored() {
        CodeOwners file = read("""
                # the default owners
                *       @Octo-Cat   # everything else

                \t
                  docs/  @org/Docs-Team  docs@example.com
                /build/\\ logs/ manybot:ci-bot
                /vendor/
                foo\\   @a
                """);
        assertEquals(List.of(), problems);
        assertEquals(".github/CODEOWNERS", file.path());
        assertEquals(List.of(
                        "2:1 * human:octo-cat@9",
                        "5:3 docs/ team:org/docs-team@10 human:docs@example.com@26",
                        "6:1 /build/\\ logs/ manybot:ci-bot@16",
                        "7:1 /vendor/",
                        "8:1 foo\\  human:a@8"),
                describe(file));
    }

    @Test
    void linesEndedByCrLfReadAsTheSameRules() {
        CodeOwners file = read("* @a\r\n/docs/ @b\r\n");
        assertEquals(List.of(), problems);
        assertEquals(List.of("1:1 * human:a@3", "2:1 /docs/ human:b@8"), describe(file));
    }

    @Test
    void theLastMatchingRuleDecidesAndAnOwnerlessRuleStillDecides() {
        CodeOwners file = read("""
                *.md      @writers
                /docs/    @docs
                /docs/internal/
                /src/     @dev
                """);
        assertEquals(".github/CODEOWNERS:1", decidingLine(file, "README.md"));
        assertEquals(".github/CODEOWNERS:2", decidingLine(file, "docs/guide.md"), "the later /docs/ wins over *.md");
        assertEquals(".github/CODEOWNERS:3", decidingLine(file, "docs/internal/plan.md"));
        assertEquals(List.of(), file.match("docs/internal/plan.md").orElseThrow().owners(), "no owners: unowned");
        assertEquals(".github/CODEOWNERS:4", decidingLine(file, "src/main.c"));
        assertEquals("(none)", decidingLine(file, "Makefile"));
        assertEquals("(none)", decidingLine(file, "anything"), "no rule matches");
        assertEquals("(none)", decidingLine(read(""), "README.md"), "an empty file has no rules");
    }

    @Test
    void ownersAreLoginsTeamsEmailAddressesOrBots() {
        List<List<String>> table = List.of(
                List.of("@alice", "human:alice"),
                List.of("@Alice.B-c_d", "human:alice.b-c_d"),
                List.of("@org/team", "team:org/team"),
                List.of("@Org/Some.Team", "team:org/some.team"),
                List.of("someone@example.com", "human:someone@example.com"),
                List.of("First.Last@Example.co.uk", "human:first.last@example.co.uk"),
                List.of("manybot:docs-bot", "manybot:docs-bot"),
                List.of("manybot:a", "manybot:a"));
        for (List<String> row : table) {
            problems.clear();
            CodeOwners file = read("* " + row.get(0) + "\n");
            assertEquals(List.of(), problems, row.get(0));
            assertEquals(row.get(1), file.rules().get(0).owners().get(0).principal().toString(), row.get(0));
        }
    }

    @Test
    void aLineWithAnInvalidOwnerIsSkippedAndTheOwnerNamedWhereItIsWritten() {
        List<String> invalid = List.of("alice", "@", "@-alice", "@org/", "@org/team/sub", "no-domain@example",
                "two@at@example.com", "manybot:Docs_Bot", "manybot:-bot", "manybot:bot-", "manybot:", "team:org/team");
        for (String owner : invalid) {
            problems.clear();
            CodeOwners file = read("*.md @ok\n/docs/ @docs " + owner + " @more\n");
            assertEquals(List.of("1:1 *.md human:ok@6"), describe(file), owner + ": the line is skipped, the others hold");
            assertEquals(1, problems.size(), owner + ": " + problems);
            Problem problem = problems.get(0);
            assertEquals(".github/CODEOWNERS:2:14", problem.location().toString(), owner);
            assertEquals("owner", problem.field());
            assertEquals("'" + owner + "' is not an owner; expected @login, @org/team, an e-mail address or manybot:<bot>;"
                    + " the line is skipped, as GitHub does", problem.message());
            assertTrue(problem.isError());
        }
    }

    @Test
    void eachInvalidOwnerOfALineIsReported() {
        CodeOwners file = read("* bob @ok carol\n");
        assertEquals(List.of(), file.rules());
        assertEquals(List.of(".github/CODEOWNERS:1:3", ".github/CODEOWNERS:1:11"),
                problems.stream().map(p -> p.location().toString()).toList());
    }

    @Test
    void aLineWithAnInvalidPatternIsSkippedAndReportedAtThePattern() {
        CodeOwners file = read("""
                * @all
                  !docs/ @docs
                /apps/[id]/ @apps
                trailing\\
                src/ @dev
                """);
        assertEquals(List.of("1:1 * human:all@3", "5:1 src/ human:dev@6"), describe(file));
        assertEquals(List.of(
                        ".github/CODEOWNERS:2:3 pattern negated patterns ('!') do not work in CODEOWNERS; the line is skipped",
                        ".github/CODEOWNERS:3:1 pattern character ranges ([...]) do not work in CODEOWNERS;"
                                + " write \\[ and \\] for literal brackets; the line is skipped",
                        ".github/CODEOWNERS:4:1 pattern a pattern cannot end with a lone '\\'; the line is skipped"),
                problems.stream().map(p -> p.location() + " " + p.field() + " " + p.message()).toList());
    }
}
