package io.manybot.core.ownership;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.manybot.core.repo.GitCommitTree;
import io.manybot.core.repo.PathRefusedException;
import io.manybot.core.repo.WorkingTree;
import io.manybot.testing.GitRepos;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ownership engine on a real git repository: both OWNERS formats, Prow filters, aliases,
 * no_parent_owners, emeritus approvers, CODEOWNERS fallback, and refused paths. The index is read
 * from the commit through JGit, as the controller reads it.
 */
class OwnershipEngineTest {
    @TempDir
    Path repo;
    OwnershipIndex index;
    RevCommit commit;

    @BeforeEach
    void createRepository() throws Exception {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("OWNERS_ALIASES", """
                aliases:
                  web-approvers:
                    - Alice
                    - web-leads
                  web-leads:
                    - dora
                """);
        files.put("src/api/OWNERS", """
                primary: manybot:api-bot
                delegates:
                  - manybot:helper-bot
                  - principal: manybot:test-bot
                    level: contributor
                  - principal: human:intern
                    level: observer
                reviewers:
                  required: [human:tech-lead]
                  optional: [manybot:perf-bot]
                auto_approve:
                  - "*_test.py"
                  - "fixtures/"
                policies:
                  max_changes_per_pr: 20
                  require_tests: true
                """);
        files.put("src/api/handlers.py", "print('hi')\n");
        files.put("src/api/handlers_test.py", "assert True\n");
        files.put("src/api/fixtures/data.json", "{}\n");
        files.put("src/api/v2/routes.py", "pass\n");
        files.put("src/api/v2/OWNERS", """
                approvers:
                  - erin
                """);
        files.put("src/web/OWNERS", """
                approvers:
                  - web-approvers
                reviewers:
                  - frank
                emeritus_approvers:
                  - dora
                labels:
                  - area/web
                """);
        files.put("src/web/app.js", "x\n");
        files.put("docs/OWNERS", """
                filters:
                  ".*":
                    approvers: [gina]
                  "\\\\.md$":
                    approvers: [manybot:docs-bot]
                    labels: [kind/docs]
                """);
        files.put("docs/guide.md", "# guide\n");
        files.put("docs/diagram.svg", "<svg/>\n");
        files.put("src/billing/OWNERS", """
                primary: human:bill
                options:
                  no_parent_owners: true
                policies:
                  allow_proposals: false
                """);
        files.put("src/billing/charge.py", "pass\n");
        files.put(".github/CODEOWNERS", """
                # fallback where no OWNERS file governs
                *            @Root-Owner
                /scripts/    @ops-lead manybot:ops-bot
                /vendor/
                """);
        files.put("scripts/deploy.sh", "echo\n");
        files.put("vendor/lib.py", "pass\n");
        files.put("README.md", "readme\n");
        GitRepos.write(repo, files);
        commit = GitRepos.initAndCommit(repo, "ownership fixture");
        try (GitCommitTree tree = GitCommitTree.open(repo, "HEAD")) {
            index = OwnershipIndex.load(tree);
        }
        assertEquals(List.of(), index.problems());
    }

    private Verdict verdict(String path, String principal) {
        return index.verdict(path, Principal.parse(principal));
    }

    @Test
    void manybotFormatGivesThePrimaryAndMaintainerDelegatesWrite() {
        Verdict primary = verdict("src/api/handlers.py", "manybot:api-bot");
        assertEquals(Decision.WRITE, primary.decision());
        assertEquals("src/api/OWNERS:1:10", primary.decidedBy().toString());
        assertTrue(primary.reason().startsWith("primary owner"), primary.reason());
        assertEquals(Decision.WRITE, verdict("src/api/handlers.py", "manybot:helper-bot").decision());
    }

    @Test
    void contributorDelegatesNeedReviewUnlessAutoApproveMatches() {
        Verdict review = verdict("src/api/handlers.py", "manybot:test-bot");
        assertEquals(Decision.REVIEW, review.decision());
        assertEquals(List.of(Principal.parse("manybot:api-bot"), Principal.parse("manybot:helper-bot"), Principal.parse("human:tech-lead")),
                review.reviewers());
        Verdict lifted = verdict("src/api/handlers_test.py", "manybot:test-bot");
        assertEquals(Decision.WRITE, lifted.decision());
        assertEquals("src/api/OWNERS:12:5", lifted.decidedBy().toString());
        assertEquals(Decision.WRITE, verdict("src/api/fixtures/data.json", "manybot:test-bot").decision());
        assertEquals(Decision.REVIEW, verdict("src/api/handlers_test.py", "human:intern").decision(), "observers only propose");
    }

    @Test
    void ownersAreInheritedFromParentDirectories() {
        OwnershipResolution resolution = index.resolve("src/api/v2/routes.py");
        assertEquals(List.of("src/api/v2/OWNERS", "src/api/OWNERS"), resolution.governingFiles().stream().map(OwnersFile::path).toList());
        assertEquals(Decision.WRITE, verdict("src/api/v2/routes.py", "erin").decision());
        assertEquals(Decision.WRITE, verdict("src/api/v2/routes.py", "manybot:api-bot").decision(), "parent primary still owns");
        assertEquals(20, resolution.policies().maxChangesPerPr().value(), "policies inherited");
    }

    @Test
    void prowApproversComeThroughNestedAliasesCaseInsensitively() {
        Verdict alice = verdict("src/web/app.js", "human:ALICE");
        assertEquals(Decision.WRITE, alice.decision());
        assertTrue(alice.reason().contains("via alias web-approvers"), alice.reason());
        assertEquals(List.of("area/web"), index.resolve("src/web/app.js").labels());
    }

    @Test
    void emeritusApproversNeverApprove() {
        Verdict dora = verdict("src/web/app.js", "dora");
        assertEquals(Decision.REVIEW, dora.decision());
        assertTrue(dora.reviewers().contains(Principal.parse("alice")));
    }

    @Test
    void prowFiltersApplyByRegexRelativeToTheOwnersDirectory() {
        assertEquals(Decision.WRITE, verdict("docs/guide.md", "manybot:docs-bot").decision());
        assertEquals(List.of("kind/docs"), index.resolve("docs/guide.md").labels());
        assertEquals(Decision.REVIEW, verdict("docs/diagram.svg", "manybot:docs-bot").decision());
        assertEquals(Decision.WRITE, verdict("docs/diagram.svg", "gina").decision());
    }

    @Test
    void noParentOwnersAndClosedPoliciesRefuseOthers() {
        OwnershipResolution billing = index.resolve("src/billing/charge.py");
        assertEquals(List.of("src/billing/OWNERS"), billing.governingFiles().stream().map(OwnersFile::path).toList());
        Verdict bot = verdict("src/billing/charge.py", "manybot:api-bot");
        assertEquals(Decision.REFUSED, bot.decision());
        assertEquals("src/billing/OWNERS:5:20", bot.decidedBy().toString());
        assertEquals(Decision.WRITE, verdict("src/billing/charge.py", "human:bill").decision());
    }

    @Test
    void codeOwnersGovernsWhereNoOwnersFileDoesLastMatchWinning() {
        OwnershipResolution scripts = index.resolve("scripts/deploy.sh");
        assertEquals(OwnershipResolution.Source.CODEOWNERS, scripts.source());
        assertEquals(".github/CODEOWNERS:3:1", scripts.codeOwnersRule().location().toString());
        assertEquals(Decision.WRITE, verdict("scripts/deploy.sh", "manybot:ops-bot").decision());
        assertEquals(Decision.REVIEW, verdict("scripts/deploy.sh", "root-owner").decision(), "an earlier pattern lost");
        assertEquals(Decision.WRITE, verdict("README.md", "human:root-owner").decision());
    }

    @Test
    void ownerlessCodeOwnersPatternsAndUngovernedPathsAreRefused() {
        Verdict vendor = verdict("vendor/lib.py", "human:root-owner");
        assertEquals(Decision.REFUSED, vendor.decision());
        assertEquals(".github/CODEOWNERS:4:1", vendor.decidedBy().toString());
    }

    @Test
    void botsChangeOwnershipFilesOnlyThroughReview() {
        Verdict ownFile = verdict("src/api/OWNERS", "manybot:api-bot");
        assertEquals(Decision.REVIEW, ownFile.decision());
        assertTrue(ownFile.reason().contains("ownership files"), ownFile.reason());
        assertEquals(List.of(Principal.parse("manybot:helper-bot"), Principal.parse("human:tech-lead")), ownFile.reviewers());
        assertEquals(Decision.WRITE, verdict("src/billing/OWNERS", "human:bill").decision(), "a human owner edits it directly");
    }

    @Test
    void pathsLeavingTheRepositoryAreRefused() {
        for (String bad : List.of("../etc/passwd", "/etc/passwd", "src/../../x", "src\\api", "a\0b", "C:/x")) {
            PathRefusedException e = assertThrows(PathRefusedException.class, () -> index.resolve(bad), bad);
            assertTrue(e.getMessage().contains("refused"), e.getMessage());
        }
        assertEquals("src/api/handlers.py", index.resolve("./src//api/handlers.py").path(), "harmless forms are normalised");
    }

    @Test
    void aBrokenOwnersFileFailsClosed() throws Exception {
        GitRepos.write(repo, Map.of("src/api/v2/OWNERS", "approvers: [unclosed\n"));
        GitRepos.commitAll(repo, "break an OWNERS file");
        OwnershipIndex broken = OwnershipIndex.load(new WorkingTree(repo));
        assertEquals(1, broken.problems().size());
        assertInstanceOf(BrokenOwners.class, broken.resolve("src/api/v2/routes.py").governingFiles().get(0));
        Verdict verdict = broken.verdict("src/api/v2/routes.py", Principal.parse("manybot:api-bot"));
        assertEquals(Decision.REFUSED, verdict.decision(), "the parent's owner does not regain the subtree");
        assertTrue(verdict.reason().contains("src/api/v2/OWNERS is invalid"), verdict.reason());
        assertEquals(Decision.WRITE, broken.verdict("src/api/handlers.py", Principal.parse("manybot:api-bot")).decision(),
                "the rest of the repository is unaffected");
    }

    @Test
    void theCommitIsReadNotTheWorkingTree() throws Exception {
        Files.writeString(repo.resolve("src/web/OWNERS"), "approvers: [mallory]\n");
        try (GitCommitTree tree = GitCommitTree.open(repo, commit.name())) {
            OwnershipIndex atCommit = OwnershipIndex.load(tree);
            assertEquals(Decision.REVIEW, atCommit.verdict("src/web/app.js", Principal.parse("mallory")).decision());
        }
        assertEquals(Decision.WRITE, OwnershipIndex.load(new WorkingTree(repo)).verdict("src/web/app.js", Principal.parse("mallory")).decision());
    }

    @Test
    void symbolicLinksLeavingTheRepositoryAreNotRead() throws Exception {
        Path outside = Files.createTempFile("owners", "");
        Files.writeString(outside, "approvers: [mallory]\n");
        Path link = repo.resolve("src/web/v3/OWNERS");
        Files.createDirectories(link.getParent());
        Files.createSymbolicLink(link, outside);
        OwnershipIndex withLink = OwnershipIndex.load(new WorkingTree(repo));
        assertEquals(1, withLink.problems().size());
        assertTrue(withLink.problems().get(0).message().contains("symbolic link leads outside the repository"));
        assertEquals(Decision.REFUSED, withLink.verdict("src/web/v3/x.js", Principal.parse("mallory")).decision());
    }
}
