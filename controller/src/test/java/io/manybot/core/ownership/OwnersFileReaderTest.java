package io.manybot.core.ownership;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.manybot.core.problem.Problem;
import io.manybot.core.yaml.YamlReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Reading one OWNERS file: which format it is in, what each field means, and the error (with the
 * line it names) for each way a file can be unusable, after which the file fails closed.
 */
class OwnersFileReaderTest {
    private static final String ALIASES = """
            aliases:
              pair: [human:ann, human:ben]
              solo: [human:sam]
              nobody: []
            """;

    private final List<Problem> problems = new ArrayList<>();

    private OwnersFile read(String path, String text) {
        List<Problem> aliasProblems = new ArrayList<>();
        OwnersAliases aliases = OwnersAliases.read(
                YamlReader.read(OwnersAliases.FILE, ALIASES.getBytes(StandardCharsets.UTF_8)).documents().get(0), aliasProblems);
        assertEquals(List.of(), aliasProblems);
        return new OwnersFileReader(aliases).read(path, text.getBytes(StandardCharsets.UTF_8), problems);
    }

    private static List<String> entries(List<Entry> entries) {
        return entries.stream().map(e -> e.principal() + "@" + e.location()
                + (e.viaAlias() == null ? "" : " via " + e.viaAlias())).toList();
    }

    @Test
    void aManybotFormatFileNamesItsPrimaryDelegatesReviewersGlobsPoliciesAndMeetings() {
        OwnersFile file = read("src/api/OWNERS", """
                primary: manybot:api-bot
                delegates:
                  - manybot:helper-bot
                  - principal: human:ivy
                  - principal: manybot:test-bot
                    level: contributor
                  - principal: pair
                    level: observer
                  - principal: human:olga
                    level: owner
                reviewers:
                  required: [human:lead]
                  optional: [solo, manybot:perf-bot]
                auto_approve: ["*_test.py", "fixtures/"]
                policies:
                  max_changes_per_pr: 20
                  require_tests: true
                  min_coverage: 80.5
                  allow_proposals: false
                meetings: [weekly sync]
                options:
                  no_parent_owners: true
                """);
        assertEquals(List.of(), problems);
        ManybotOwners m = assertInstanceOf(ManybotOwners.class, file);
        assertEquals("manybot", m.format());
        assertEquals("src/api", m.directory());
        assertEquals("manybot:api-bot@src/api/OWNERS:1:10", entries(List.of(m.primary())).get(0));
        assertEquals(List.of(
                        "manybot:helper-bot@src/api/OWNERS:3:5 MAINTAINER",
                        "human:ivy@src/api/OWNERS:4:16 MAINTAINER",
                        "manybot:test-bot@src/api/OWNERS:5:16 CONTRIBUTOR",
                        "human:ann@src/api/OWNERS:7:16 via pair OBSERVER",
                        "human:ben@src/api/OWNERS:7:16 via pair OBSERVER",
                        "human:olga@src/api/OWNERS:9:16 OWNER"),
                m.delegates().stream().map(d -> entries(List.of(d.entry())).get(0) + " " + d.level()).toList());
        assertEquals(List.of("human:lead@src/api/OWNERS:12:14"), entries(m.requiredReviewers()));
        assertEquals(List.of("human:sam@src/api/OWNERS:13:14 via solo", "manybot:perf-bot@src/api/OWNERS:13:20"),
                entries(m.optionalReviewers()));
        assertEquals(List.of("*_test.py@src/api/OWNERS:14:16", "fixtures/@src/api/OWNERS:14:29"),
                m.autoApprove().stream().map(a -> a.glob().pattern() + "@" + a.location()).toList());
        Policies p = m.policies();
        assertEquals("20@src/api/OWNERS:16:23", p.maxChangesPerPr().value() + "@" + p.maxChangesPerPr().location());
        assertEquals("true@src/api/OWNERS:17:18", p.requireTests().value() + "@" + p.requireTests().location());
        assertEquals("80.5@src/api/OWNERS:18:17", p.minCoverage().value() + "@" + p.minCoverage().location());
        assertEquals("false@src/api/OWNERS:19:20", p.allowProposals().value() + "@" + p.allowProposals().location());
        assertEquals(List.of("weekly sync"), m.meetings());
        assertTrue(m.noParentOwners());
    }

    @Test
    void aManybotFileThatSetsNothingElseHasNoPoliciesAndKeepsTheParentOwners() {
        ManybotOwners m = assertInstanceOf(ManybotOwners.class, read("OWNERS", "primary: human:Root\n"));
        assertEquals("human:root", m.primary().principal().toString());
        assertEquals("", m.directory());
        assertEquals(Policies.NONE, m.policies());
        assertEquals(List.of(), m.delegates());
        assertEquals(List.of(), m.meetings());
        assertEquals(false, m.noParentOwners());
    }

    @Test
    void aMappingUnderReviewersOrAnyManybotKeyMakesAFileManybotFormat() {
        for (String text : List.of("primary: human:a\n", "primary: human:a\ndelegates: [human:b]\n",
                "primary: human:a\nauto_approve: [x]\n", "primary: human:a\npolicies: {require_tests: true}\n",
                "primary: human:a\nmeetings: [m]\n", "primary: human:a\nreviewers: {required: [human:b]}\n")) {
            problems.clear();
            assertInstanceOf(ManybotOwners.class, read("OWNERS", text), text);
            assertEquals(List.of(), problems, text);
        }
        problems.clear();
        read("OWNERS", "reviewers: {optional: [human:b]}\n");
        assertEquals(List.of("OWNERS:1:1: primary: required field is missing"),
                problems.stream().map(Problem::toString).toList(),
                "reviewers as a mapping is the manybot format, which needs a primary");
    }

    @Test
    void aProwFormatFileHasOneRuleForEveryPathWithoutFilters() {
        OwnersFile file = read("web/OWNERS", """
                approvers:
                  - "@Alice"
                  - pair
                reviewers: [frank]
                required_reviewers: [manybot:sec-bot]
                emeritus_approvers: [dora]
                labels: [area/web, kind/ui]
                options:
                  no_parent_owners: true
                """);
        assertEquals(List.of(), problems);
        ProwOwners p = assertInstanceOf(ProwOwners.class, file);
        assertEquals("prow", p.format());
        assertEquals(1, p.rules().size());
        ProwOwners.Rule rule = p.rules().get(0);
        assertNull(rule.filter());
        assertTrue(rule.appliesTo("anything/at/all.js"));
        assertEquals(List.of("human:alice@web/OWNERS:2:5", "human:ann@web/OWNERS:3:5 via pair", "human:ben@web/OWNERS:3:5 via pair"),
                entries(rule.approvers()));
        assertEquals(List.of("human:frank@web/OWNERS:4:13"), entries(rule.reviewers()));
        assertEquals(List.of("manybot:sec-bot@web/OWNERS:5:22"), entries(rule.requiredReviewers()));
        assertEquals(List.of("area/web", "kind/ui"), rule.labels());
        assertEquals(List.of("human:dora@web/OWNERS:6:22"), entries(p.emeritusApprovers()));
        assertTrue(p.isEmeritus(Principal.parse("DORA")));
        assertEquals(false, p.isEmeritus(Principal.parse("alice")));
        assertTrue(p.noParentOwners());
    }

    @Test
    void prowFiltersAreRulesOfTheirOwnSearchedInTheRelativePath() {
        OwnersFile file = read("docs/OWNERS", """
                filters:
                  ".*":
                    approvers: [gina]
                  "\\\\.md$":
                    approvers: [manybot:docs-bot]
                    labels: [kind/docs]
                """);
        assertEquals(List.of(), problems);
        ProwOwners p = assertInstanceOf(ProwOwners.class, file);
        assertEquals(false, p.noParentOwners());
        assertEquals(List.of(".*", "\\.md$"), p.rules().stream().map(r -> r.filter().pattern()).toList());
        assertEquals("docs/OWNERS:2:3", p.rules().get(0).location().toString());
        assertEquals("docs/OWNERS:4:3", p.rules().get(1).location().toString());
        ProwOwners.Rule md = p.rules().get(1);
        assertTrue(md.appliesTo("guide.md"));
        assertTrue(md.appliesTo("a/b/guide.md"));
        assertEquals(false, md.appliesTo("guide.md.txt"));
        assertEquals(List.of("kind/docs"), md.labels());
        assertEquals(List.of(), p.rules().get(0).labels());
        assertEquals(List.of(), p.emeritusApprovers());
    }

    /** Each unusable file: its text, then where the first problem is and what it says. */
    @Test
    void anUnusableFileFailsClosedNamingTheLineToFix() {
        List<List<String>> table = List.of(
                List.of("", "x/OWNERS:1:1", "empty OWNERS file: expected 'primary' (manybot format) or 'approvers' (Prow format)"),
                List.of("# only a comment\n", "x/OWNERS:1:1",
                        "empty OWNERS file: expected 'primary' (manybot format) or 'approvers' (Prow format)"),
                List.of("approvers: [a]\n---\napprovers: [b]\n", "x/OWNERS:3:1", "an OWNERS file holds one YAML document; found 2"),
                List.of("- alice\n- bob\n", "x/OWNERS:1:1",
                        "an OWNERS file must be a mapping of fields such as 'primary' or 'approvers'"),
                List.of("primary: human:a\nlabels: [x]\napprovers: [b]\n", "x/OWNERS:2:1",
                        "Prow field in a manybot-format OWNERS file (it has 'primary'); use one format per file"),
                List.of("filters:\n  \".*\":\n    approvers: [a]\nreviewers: [b]\n", "x/OWNERS:4:1",
                        "top-level reviewers cannot be combined with filters; move them under filters[\".*\"]"),
                List.of("filters:\n  \"([a\":\n    approvers: [a]\n", "x/OWNERS:2:3",
                        "invalid regular expression: Unclosed character class near index 2"),
                List.of("primary: human:a\nauto_approve: [\"!x\"]\n", "x/OWNERS:2:16", "negated globs ('!') are not supported"),
                List.of("primary: human:a\nauto_approve: [\"#x\"]\n", "x/OWNERS:2:16", "a glob may not start with '#'"),
                List.of("primary: human:a\nauto_approve: [\"x[\"]\n", "x/OWNERS:2:16",
                        "invalid glob 'x[' (unbalanced '[' or bad escape)"),
                List.of("primary: pair\n", "x/OWNERS:1:10",
                        "the primary owner must be one principal; alias 'pair' has 2 members (list the others as delegates)"),
                List.of("primary: nobody\n", "x/OWNERS:1:10",
                        "the primary owner must be one principal; alias 'nobody' has 0 members (list the others as delegates)"),
                List.of("approvers: [org/team]\n", "x/OWNERS:1:13",
                        "'org/team' is not an alias in OWNERS_ALIASES; a team is written team:<org>/<team>"),
                List.of("required_reviewers: [human:a, x/y]\n", "x/OWNERS:1:31",
                        "'x/y' is not an alias in OWNERS_ALIASES; a team is written team:<org>/<team>"));
        for (List<String> row : table) {
            problems.clear();
            OwnersFile file = read("x/OWNERS", row.get(0));
            BrokenOwners broken = assertInstanceOf(BrokenOwners.class, file, row.get(0));
            assertEquals("x/OWNERS", broken.path());
            assertEquals("invalid", broken.format());
            assertTrue(broken.noParentOwners(), "a broken file never lets the parents' owners back in");
            assertEquals(problems.get(0), broken.firstProblem());
            assertEquals(row.get(1) + " " + row.get(2), broken.firstProblem().location() + " " + broken.firstProblem().message(),
                    row.get(0));
        }
    }

    @Test
    void prowNamesAreLoginsBotsOrTeams() {
        ProwOwners p = assertInstanceOf(ProwOwners.class,
                read("OWNERS", "approvers: [\"@Octo\", human:Ada, manybot:ci-bot, team:Org/Core, solo]\n"));
        assertEquals(List.of(), problems);
        assertEquals(List.of("human:octo", "human:ada", "manybot:ci-bot", "team:org/core", "human:sam"),
                p.rules().get(0).approvers().stream().map(e -> e.principal().toString()).toList());
    }

    @Test
    void everyProwFieldInAManybotFileIsReported() {
        read("OWNERS", "primary: human:a\napprovers: [b]\nrequired_reviewers: [c]\nemeritus_approvers: [d]\nfilters: {x: {}}\n");
        assertEquals(List.of("OWNERS:2:1 approvers", "OWNERS:3:1 required_reviewers", "OWNERS:4:1 emeritus_approvers",
                        "OWNERS:5:1 filters"),
                problems.stream().map(p -> p.location() + " " + p.field()).sorted().toList());
    }

    @Test
    void everyTopLevelListBesideFiltersIsReported() {
        read("OWNERS", "approvers: [a]\nreviewers: [b]\nrequired_reviewers: [c]\nemeritus_approvers: [d]\nlabels: [l]\n"
                + "filters:\n  x:\n    approvers: [a]\n");
        assertEquals(List.of("approvers", "emeritus_approvers", "labels", "required_reviewers", "reviewers"),
                problems.stream().map(Problem::field).sorted().toList());
    }
}
