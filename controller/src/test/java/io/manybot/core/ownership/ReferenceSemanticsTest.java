package io.manybot.core.ownership;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.manybot.core.problem.Problem;
import io.manybot.core.repo.WorkingTree;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where Prow's {@code repoowners} and GitHub's CODEOWNERS differ from a plain reading, the engine
 * answers as they do (the peer check {@code ../shared/peer-ownership/check.sh} replays their test
 * tables; these are the cases it found wrong), on real files in a working tree.
 */
class ReferenceSemanticsTest {
    @TempDir
    Path repo;

    private OwnershipIndex load(Map<String, String> files) throws Exception {
        for (Map.Entry<String, String> file : files.entrySet()) {
            Path path = repo.resolve(file.getKey());
            Files.createDirectories(path.getParent());
            Files.writeString(path, file.getValue());
        }
        return OwnershipIndex.load(new WorkingTree(repo));
    }

    private static List<String> principals(List<Entry> entries) {
        return entries.stream().map(e -> e.principal().toString()).sorted().toList();
    }

    @Test
    void prowDropsTheAtSignOfALoginAndLowerCasesIt() throws Exception {
        OwnershipIndex index = load(Map.of("OWNERS", """
                approvers:
                - "@CJWagner"
                reviewers:
                - "@Alice"
                """));
        assertEquals(List.of(), index.problems());
        OwnershipResolution r = index.resolve("x.go");
        assertEquals(List.of("human:cjwagner"), principals(r.owners()));
        assertEquals(List.of("human:alice"), principals(r.optionalReviewers()));
    }

    @Test
    void noParentOwnersStopsEachListOnlyWhereTheFileContributedToIt() throws Exception {
        OwnershipIndex index = load(Map.of(
                "OWNERS", """
                        approvers: [alice, bob]
                        reviewers: [rita]
                        labels: [everything]
                        """,
                "f/OWNERS", """
                        options:
                          no_parent_owners: true
                        filters:
                          ".*\\\\.md":
                            approvers: [carl]
                        """));
        assertEquals(List.of(), index.problems());
        assertEquals(List.of("human:carl"), principals(index.resolve("f/readme.md").owners()), "the filter matched: stop");
        assertEquals(List.of("human:rita"), principals(index.resolve("f/readme.md").optionalReviewers()),
                "f/OWNERS names no reviewers: the root's stay");
        assertEquals(List.of("everything"), index.resolve("f/readme.md").labels());
        OwnershipResolution go = index.resolve("f/main.go");
        assertEquals(List.of("human:alice", "human:bob"), principals(go.owners()), "no filter matched: the parents' approvers hold");
        assertEquals(Decision.WRITE, index.verdict("f/main.go", Principal.parse("alice")).decision());
    }

    @Test
    void aliasNamesMayHoldASlashAndGroupsMayBeMappings() throws Exception {
        OwnershipIndex index = load(Map.of(
                "OWNERS_ALIASES", """
                        aliases:
                          team/t1: [u1, u2]
                          team2: {alice, bob}
                          empty: {}
                        """,
                "a/OWNERS", "approvers: [Team/T1, abc]\n",
                "b/OWNERS", "approvers: [team2, empty]\n"));
        assertEquals(List.of(), index.problems());
        assertEquals(List.of("human:abc", "human:u1", "human:u2"), principals(index.resolve("a/x.go").owners()));
        assertEquals(List.of("human:alice", "human:bob"), principals(index.resolve("b/x.go").owners()));
    }

    @Test
    void aNameWithASlashThatIsNoAliasIsAnErrorNamingIt() throws Exception {
        OwnershipIndex index = load(Map.of("OWNERS", "approvers: [org/team]\n"));
        assertEquals(1, index.problems().size(), index.problems().toString());
        Problem problem = index.problems().get(0);
        assertEquals("OWNERS:1:13", problem.location().toString());
        assertTrue(problem.message().contains("'org/team' is not an alias in OWNERS_ALIASES"), problem.message());
    }

    @Test
    void codeOwnersEscapesAreLiteralAndALoneStarIsOneSegment() throws Exception {
        OwnershipIndex index = load(Map.of("CODEOWNERS", """
                * @root
                docs/* @docs
                f\\*o @star
                b\\?r @question
                nameWith\\[brackets\\] @brackets
                /apps/[param]/file.ts @ranges
                """));
        assertEquals("@star", ownerOf(index, "f*o"));
        assertEquals("@root", ownerOf(index, "foo"), "an escaped * is no wildcard");
        assertEquals("@question", ownerOf(index, "b?r"));
        assertEquals("@root", ownerOf(index, "bar"), "an escaped ? is no wildcard");
        assertEquals("@docs", ownerOf(index, "docs/a.md"));
        assertEquals("@root", ownerOf(index, "docs/a/b.md"), "docs/* owns files directly in docs/ only");
        assertEquals("@brackets", ownerOf(index, "nameWith[brackets]"));
        assertEquals("@root", ownerOf(index, "apps/[param]/file.ts"), "a character range line is skipped");
        assertEquals(1, index.problems().size(), index.problems().toString());
        assertEquals("CODEOWNERS:6:1", index.problems().get(0).location().toString());
    }

    @Test
    void aCodeOwnersLineWithAnInvalidOwnerIsSkipped() throws Exception {
        OwnershipIndex index = load(Map.of("CODEOWNERS", """
                *.txt @writers
                file.txt missing-at-sign
                """));
        assertEquals("@writers", ownerOf(index, "file.txt"), "GitHub skips the line; the earlier rule decides");
        assertEquals("CODEOWNERS:2:10", index.problems().get(0).location().toString());
    }

    private static String ownerOf(OwnershipIndex index, String path) {
        OwnershipResolution r = index.resolve(path);
        assertEquals(OwnershipResolution.Source.CODEOWNERS, r.source(), path);
        return "@" + r.owners().get(0).principal().id();
    }
}
