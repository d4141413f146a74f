package io.manybot.core.meeting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.manybot.core.ownership.Decision;
import io.manybot.core.ownership.OwnershipIndex;
import io.manybot.core.ownership.Principal;
import io.manybot.core.repo.OverlayTree;
import io.manybot.core.repo.WorkingTree;
import io.manybot.testing.GitRepos;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A meeting's responsibility changes written into OWNERS files of a real tree, and checked there. */
class OwnersChangesTest {
    @TempDir
    Path repo;

    private static ResponsibilityChange change(String path) {
        return new ResponsibilityChange(path, "beta", "alpha", "they kept conflicting", null);
    }

    private static OwnershipIndex after(WorkingTree tree, OwnersChanges.Result result) throws Exception {
        Map<String, byte[]> files = new LinkedHashMap<>();
        result.files().forEach((path, text) -> files.put(path, text.getBytes(StandardCharsets.UTF_8)));
        return OwnershipIndex.load(new OverlayTree(tree, files));
    }

    @Test
    void aManybotFileIsRewrittenKeepingTheFormerPrimaryAndTheRest() throws Exception {
        GitRepos.write(repo, Map.of("src/OWNERS", """
                # who owns src
                primary: human:lead
                delegates: [manybot:alpha, manybot:beta, human:kim]
                reviewers: {required: [human:bob]}
                """, "src/x.txt", "x\n"));
        WorkingTree tree = new WorkingTree(repo);
        OwnersChanges.Result result = OwnersChanges.write(tree, OwnershipIndex.load(tree), List.of(change("src/x.txt")), "# by meeting m\n");
        assertEquals(List.of(), result.refused());
        assertEquals("src/OWNERS", result.applied().get(0).ownersFile());
        String file = result.files().get("src/OWNERS");
        assertEquals("""
                # by meeting m
                primary: manybot:beta
                delegates:
                - human:lead
                - human:kim
                - principal: manybot:alpha
                  level: contributor
                reviewers:
                  required:
                  - human:bob
                """, file);
        OwnershipIndex owners = after(tree, result);
        assertEquals(Decision.WRITE, owners.verdict("src/x.txt", Principal.bot("beta")).decision());
        assertEquals(Decision.REVIEW, owners.verdict("src/x.txt", Principal.bot("alpha")).decision());
        assertEquals(Decision.WRITE, owners.verdict("src/x.txt", Principal.parse("human:lead")).decision(), "the former primary still writes");
    }

    @Test
    void underAProwFileAboveANewManybotFileIsCreatedWhereTheContestIsAndAProwFileThereIsLeftToAPerson() throws Exception {
        GitRepos.write(repo, Map.of("docs/OWNERS", "approvers: [alice, manybot:alpha, manybot:beta]\n", "docs/api/x.md", "x\n",
                "tools/OWNERS", "approvers: [manybot:alpha, manybot:beta]\n", "tools/y.sh", "y\n"));
        WorkingTree tree = new WorkingTree(repo);
        OwnersChanges.Result result = OwnersChanges.write(tree, OwnershipIndex.load(tree),
                List.of(change("docs/api/x.md"), change("tools/y.sh")), "");
        assertEquals(List.of("docs/api/OWNERS"), List.copyOf(result.files().keySet()));
        assertEquals("""
                primary: manybot:beta
                delegates:
                - human:alice
                - principal: manybot:alpha
                  level: contributor
                options:
                  no_parent_owners: true
                """, result.files().get("docs/api/OWNERS"));
        assertEquals(1, result.refused().size());
        assertTrue(result.refused().get(0).startsWith("tools/y.sh: tools/OWNERS is a Prow-format OWNERS file: a person changes it"),
                result.refused().toString());
        OwnershipIndex owners = after(tree, result);
        assertEquals(Decision.WRITE, owners.verdict("docs/api/x.md", Principal.bot("beta")).decision());
        assertEquals(Decision.REVIEW, owners.verdict("docs/api/x.md", Principal.bot("alpha")).decision());
        assertEquals(Decision.WRITE, owners.verdict("docs/api/x.md", Principal.parse("alice")).decision());
        assertEquals(Decision.WRITE, owners.verdict("docs/other.md", Principal.bot("alpha")).decision(), "nothing changes elsewhere");
    }

    @Test
    void aChangeThatWouldNotResolveTheContestIsNotProposed() throws Exception {
        // beta would be primary, but alpha stays an owner through the no-parent chain: an OWNERS above that lists alpha as a
        // maintainer, and this file inherits it.
        GitRepos.write(repo, Map.of("OWNERS", "primary: manybot:alpha\n", "src/OWNERS", "primary: manybot:beta\ndelegates: [manybot:alpha]\n",
                "src/x.txt", "x\n"));
        WorkingTree tree = new WorkingTree(repo);
        OwnersChanges.Result result = OwnersChanges.write(tree, OwnershipIndex.load(tree), List.of(change("src/x.txt")), "");
        assertEquals(Map.of(), result.files());
        assertEquals(List.of("src/x.txt: with the proposed OWNERS alpha could still write it directly"), result.refused());
    }
}
