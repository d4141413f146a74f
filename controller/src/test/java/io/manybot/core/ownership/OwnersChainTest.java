package io.manybot.core.ownership;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.manybot.core.repo.WorkingTree;
import io.manybot.testing.GitRepos;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a chain of OWNERS files says about a path: Prow's {@code no_parent_owners} ends each list
 * (approvers, reviewers, required reviewers, labels) only where the file gave that list something
 * for the path, as Prow's repoowners does; a manybot-format file's policies are inherited field by
 * field; Prow filters are regular expressions searched in the path relative to their file.
 */
class OwnersChainTest {
    @TempDir
    Path repo;
    OwnershipIndex index;

    @BeforeEach
    void loadTree() throws Exception {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("OWNERS", """
                approvers: [root]
                reviewers: [rrev]
                required_reviewers: [rreq]
                labels: [root-label]
                """);
        files.put("all/OWNERS", """
                approvers: [a1]
                reviewers: [arev]
                required_reviewers: [areq]
                labels: [all-label]
                options: {no_parent_owners: true}
                """);
        files.put("part/OWNERS", "approvers: [p1]\noptions: {no_parent_owners: true}\n");
        files.put("revs/OWNERS", "reviewers: [only-rev]\noptions: {no_parent_owners: true}\n");
        files.put("req/OWNERS", "required_reviewers: [only-req]\noptions: {no_parent_owners: true}\n");
        files.put("lab/OWNERS", "labels: [only-label]\noptions: {no_parent_owners: true}\n");
        files.put("emeritus/OWNERS", "approvers: [old, new]\nemeritus_approvers: [old]\n");
        files.put("filt/OWNERS", """
                filters:
                  "\\\\.go$":
                    approvers: [gopher]
                    labels: [lang/go]
                  "^gen/":
                    approvers: [generator]
                    required_reviewers: [gen-req]
                  ".*":
                    reviewers: [anyrev]
                options: {no_parent_owners: true}
                """);
        files.put("mixed/OWNERS", "approvers: [m1]\noptions: {no_parent_owners: true}\n");
        files.put("mixed/sub/OWNERS", """
                primary: human:ms
                reviewers: {required: [human:msreq], optional: [human:msopt]}
                policies: {max_changes_per_pr: 5}
                """);
        files.put("mb/OWNERS", """
                primary: human:mbp
                reviewers: {required: [human:mbreq], optional: [human:mbopt]}
                policies: {max_changes_per_pr: 20, require_tests: true}
                """);
        files.put("mb/cut/OWNERS", "approvers: [c1]\noptions: {no_parent_owners: true}\n");
        files.put("mb/nearer/OWNERS", """
                primary: human:near
                policies: {require_tests: false, min_coverage: 50, allow_proposals: true}
                """);
        files.put("outer/OWNERS", "filters:\n  \"^inner/x\\\\.go$\":\n    approvers: [outer]\n");
        files.put("outer/inner/OWNERS", "filters:\n  \"^x\\\\.go$\":\n    approvers: [inner]\n");
        GitRepos.write(repo, files);
        index = OwnershipIndex.load(new WorkingTree(repo));
        assertEquals(List.of(), index.problems());
    }

    private static List<String> names(List<Entry> entries) {
        return entries.stream().map(e -> e.principal().id()).toList();
    }

    /** approvers | reviewers | required | labels | governing files. */
    private String lists(String path) {
        OwnershipResolution r = index.resolve(path);
        return names(r.owners()) + " | " + names(r.optionalReviewers()) + " | " + names(r.requiredReviewers()) + " | "
                + r.labels() + " | " + r.governingFiles().stream().map(OwnersFile::path).toList();
    }

    @Test
    void noParentOwnersEndsOnlyTheListsTheFileGaveSomething() {
        assertEquals("[a1] | [arev] | [areq] | [all-label] | [all/OWNERS]", lists("all/x"), "every list ended: the root is not read");
        assertEquals("[p1] | [rrev] | [rreq] | [root-label] | [part/OWNERS, OWNERS]", lists("part/x"));
        assertEquals("[root] | [only-rev] | [rreq] | [root-label] | [revs/OWNERS, OWNERS]", lists("revs/x"));
        assertEquals("[root] | [rrev] | [only-req] | [root-label] | [req/OWNERS, OWNERS]", lists("req/x"));
        assertEquals("[root] | [rrev] | [rreq] | [only-label] | [lab/OWNERS, OWNERS]", lists("lab/x"));
        assertEquals("[root] | [rrev] | [rreq] | [root-label] | [OWNERS]", lists("elsewhere/x"));
    }

    @Test
    void emeritusApproversAreNoOwners() {
        assertEquals("[new, root] | [rrev] | [rreq] | [root-label] | [emeritus/OWNERS, OWNERS]", lists("emeritus/x"));
    }

    @Test
    void aFilterEndsTheListsOnlyForThePathsItMatches() {
        assertEquals("[gopher] | [anyrev] | [rreq] | [lang/go] | [filt/OWNERS, OWNERS]", lists("filt/main.go"));
        assertEquals("[gopher] | [anyrev] | [rreq] | [lang/go] | [filt/OWNERS, OWNERS]", lists("filt/a/b/main.go"),
                "searched anywhere in the relative path");
        assertEquals("[gopher, generator] | [anyrev] | [gen-req] | [lang/go] | [filt/OWNERS]", lists("filt/gen/x.go"),
                "every matching filter adds its lists; with all four ended, the root is not read");
        assertEquals("[generator] | [anyrev] | [gen-req] | [root-label] | [filt/OWNERS, OWNERS]", lists("filt/gen/x.txt"));
        assertEquals("[root] | [anyrev] | [rreq] | [root-label] | [filt/OWNERS, OWNERS]", lists("filt/notes.txt"));
        assertEquals("[root] | [anyrev] | [rreq] | [root-label] | [filt/OWNERS, OWNERS]", lists("filt/x/gen/y.txt"),
                "^ anchors at the file's directory");
        assertEquals("[root] | [anyrev] | [rreq] | [root-label] | [filt/OWNERS, OWNERS]", lists("filt"), "the directory itself");
        assertEquals("[gopher] | [anyrev] | [rreq] | [lang/go] | [filt/OWNERS, OWNERS]", lists("filt/main.go"), "asked again");
    }

    @Test
    void filtersOfEachFileAreMatchedAgainstThePathRelativeToThatFile() {
        assertEquals("[inner, outer, root]", names(index.resolve("outer/inner/x.go").owners()).toString());
        assertEquals("[root]", names(index.resolve("outer/inner/y.go").owners()).toString());
    }

    @Test
    void aManybotFileBelowAProwCutKeepsItsOwnListsAndTheRestContinue() {
        assertEquals("[ms, m1] | [msopt, rrev] | [msreq, rreq] | [root-label] | [mixed/sub/OWNERS, mixed/OWNERS, OWNERS]",
                lists("mixed/sub/x"));
        assertEquals(5, index.resolve("mixed/sub/x").policies().maxChangesPerPr().value());
    }

    @Test
    void aProwCutBelowAManybotFileDropsItsOwnersAndPoliciesButNotItsReviewers() {
        assertEquals("[c1] | [mbopt, rrev] | [mbreq, rreq] | [root-label] | [mb/cut/OWNERS, mb/OWNERS, OWNERS]", lists("mb/cut/x"));
        assertEquals(Policies.NONE, index.resolve("mb/cut/x").policies());
    }

    @Test
    void theNearestFileThatSetsAPolicyDecidesIt() {
        Policies p = index.resolve("mb/nearer/x").policies();
        assertEquals("20 at mb/OWNERS:3:32", p.maxChangesPerPr().value() + " at " + p.maxChangesPerPr().location());
        assertEquals("false at mb/nearer/OWNERS:2:27", p.requireTests().value() + " at " + p.requireTests().location());
        assertEquals("50.0 at mb/nearer/OWNERS:2:48", p.minCoverage().value() + " at " + p.minCoverage().location());
        assertEquals("true at mb/nearer/OWNERS:2:69", p.allowProposals().value() + " at " + p.allowProposals().location());
        Policies parent = index.resolve("mb/x").policies();
        assertEquals(true, parent.requireTests().value());
        assertNull(parent.minCoverage());
        assertNull(parent.allowProposals());
    }

    @Test
    void beyondSixtyThreeFiltersEachPathStillGetsItsOwnFiltersOwners(@TempDir Path many) throws Exception {
        StringBuilder owners = new StringBuilder("filters:\n");
        for (int i = 0; i < 70; i++) {
            owners.append("  \"^f").append(i).append("$\":\n    approvers: [u").append(i).append("]\n");
        }
        GitRepos.write(many, Map.of("OWNERS", "approvers: [root]\n", "sub/OWNERS", owners.toString()));
        OwnershipIndex big = OwnershipIndex.load(new WorkingTree(many));
        assertEquals(List.of(), big.problems());
        for (String path : List.of("f0", "f64", "f1", "f65", "f69", "f0", "other")) {
            String expected = path.equals("other") ? "[root]" : "[u" + path.substring(1) + ", root]";
            assertEquals(expected, names(big.resolve("sub/" + path).owners()).toString(), path);
        }
    }
}
