package io.manybot.core.ownership;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.manybot.core.repo.WorkingTree;
import io.manybot.testing.GitRepos;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The verdict for each rule of {@link Verdicts}, in the order the rules apply: the decision, the
 * reason a person reads, the line that decided it and who must review.
 */
class VerdictsTest {
    @TempDir
    Path repo;
    OwnershipIndex index;
    OwnershipIndex codeOwners;

    @BeforeEach
    void loadTree() throws Exception {
        GitRepos.write(repo.resolve("owners"), Map.of(
                "OWNERS_ALIASES", "aliases:\n  leads: [human:lena]\n",
                "OWNERS", """
                        approvers: [root-lead, leads]
                        required_reviewers: [human:sec]
                        emeritus_approvers: [old]
                        """,
                "api/OWNERS", """
                        primary: manybot:api-bot
                        delegates:
                          - manybot:helper-bot
                          - principal: manybot:test-bot
                            level: contributor
                          - principal: human:obs
                            level: observer
                          - principal: human:own
                            level: owner
                        reviewers:
                          required: [human:tech-lead, human:sec]
                        auto_approve: ["*_test.py", "gen/*.json"]
                        """,
                "api/v2/OWNERS", "approvers: [erin]\n",
                "closed/OWNERS", """
                        primary: human:bill
                        delegates:
                          - principal: manybot:c-bot
                            level: contributor
                        policies:
                          allow_proposals: false
                        options:
                          no_parent_owners: true
                        """,
                "open/OWNERS", "primary: human:pat\npolicies: {allow_proposals: true}\noptions: {no_parent_owners: true}\n"));
        index = OwnershipIndex.load(new WorkingTree(repo.resolve("owners")));
        assertEquals(List.of(), index.problems());
        GitRepos.write(repo.resolve("codeowners"), Map.of(".github/CODEOWNERS", "/co/ @co-owner manybot:co-bot\n/co/unowned/\n"));
        codeOwners = OwnershipIndex.load(new WorkingTree(repo.resolve("codeowners")));
        assertEquals(List.of(), codeOwners.problems());
    }

    /** decision | decidedBy | reviewers | reason. */
    private static String verdict(OwnershipIndex index, String path, String principal) {
        Verdict v = index.verdict(path, Principal.parse(principal));
        assertEquals(path, v.path());
        assertEquals(Principal.parse(principal), v.principal());
        return v.decision() + " | " + v.decidedBy() + " | " + v.reviewers().stream().map(Principal::toString).toList() + " | " + v.reason();
    }

    private String verdict(String path, String principal) {
        return verdict(index, path, principal);
    }

    @Test
    void ownersWriteAndTheReasonSaysWhichKindOfOwnerAndWhere() {
        assertEquals("WRITE | api/OWNERS:1:10 | [] | primary owner at api/OWNERS:1:10", verdict("api/x.py", "manybot:api-bot"));
        assertEquals("WRITE | api/OWNERS:3:5 | [] | delegate at api/OWNERS:3:5", verdict("api/x.py", "manybot:helper-bot"));
        assertEquals("WRITE | api/OWNERS:8:16 | [] | delegate at api/OWNERS:8:16", verdict("api/x.py", "human:own"));
        assertEquals("WRITE | OWNERS:1:13 | [] | approver at OWNERS:1:13", verdict("x.c", "root-lead"));
        assertEquals("WRITE | OWNERS:1:24 | [] | approver at OWNERS:1:24 via alias leads", verdict("x.c", "human:LENA"));
        assertEquals("WRITE | OWNERS:1:13 | [] | approver at OWNERS:1:13", verdict("api/v2/y.py", "root-lead"),
                "an owner further up the chain writes too");
        assertEquals("WRITE | api/OWNERS:1:10 | [] | primary owner at api/OWNERS:1:10", verdict("api/v2/y.py", "manybot:api-bot"),
                "the reason names the kind of owner in the file that lists it, not in the nearest file");
        assertEquals("WRITE | .github/CODEOWNERS:1:6 | [] | CODEOWNERS owner at .github/CODEOWNERS:1:6",
                verdict(codeOwners, "co/z.sh", "human:co-owner"));
        assertEquals("WRITE | .github/CODEOWNERS:1:16 | [] | CODEOWNERS owner at .github/CODEOWNERS:1:16",
                verdict(codeOwners, "co/z.sh", "manybot:co-bot"));
    }

    @Test
    void othersProposeToTheNearestOwnersAndTheRequiredReviewers() {
        assertEquals("REVIEW | api/OWNERS:1:10 | [manybot:api-bot, manybot:helper-bot, human:own, human:tech-lead, human:sec]"
                        + " | human:stranger is not an owner of api/x.py; the owners in api/OWNERS must review",
                verdict("api/x.py", "human:stranger"));
        assertEquals("REVIEW | OWNERS:1:13 | [human:root-lead, human:lena, human:sec]"
                        + " | human:old is an emeritus approver in OWNERS (emeritus approvers never approve) of x.c;"
                        + " the owners in OWNERS must review",
                verdict("x.c", "old"));
        assertEquals("REVIEW | OWNERS:1:13 | [human:root-lead, human:lena]"
                        + " | human:sec is not an owner of the repository root; the owners in OWNERS must review",
                verdict("", "human:sec"), "a required reviewer is not asked to review its own change");
        assertEquals("REVIEW | open/OWNERS:1:10 | [human:pat] | manybot:x is not an owner of open/a; the owners in open/OWNERS must review",
                verdict("open/a", "manybot:x"), "allow_proposals: true is the default");
        assertEquals("REVIEW | .github/CODEOWNERS:1:6 | [human:co-owner, manybot:co-bot]"
                        + " | human:dev is not an owner of co/z.sh; the owners in .github/CODEOWNERS must review",
                verdict(codeOwners, "co/z.sh", "human:dev"));
    }

    @Test
    void delegatesBelowMaintainerProposeUnlessAutoApproveCoversThePath() {
        String contributorReview = "REVIEW | api/OWNERS:4:16 | [manybot:api-bot, manybot:helper-bot, human:own, human:tech-lead, human:sec]"
                + " | contributor delegate at api/OWNERS:4:16: changes need review";
        assertEquals(contributorReview, verdict("api/x.py", "manybot:test-bot"));
        assertEquals("WRITE | api/OWNERS:12:16 | [] | contributor delegate at api/OWNERS:4:16; auto_approve '*_test.py' lifts review",
                verdict("api/x_test.py", "manybot:test-bot"));
        assertEquals("WRITE | api/OWNERS:12:29 | [] | contributor delegate at api/OWNERS:4:16; auto_approve 'gen/*.json' lifts review",
                verdict("api/gen/a.json", "manybot:test-bot"), "globs are relative to the OWNERS file's directory");
        assertEquals(contributorReview, verdict("api/deep/gen/a.json", "manybot:test-bot"),
                "a glob with a slash is anchored at the file's directory");
        assertEquals("WRITE | api/OWNERS:12:16 | [] | contributor delegate at api/OWNERS:4:16; auto_approve '*_test.py' lifts review",
                verdict("api/v2/y_test.py", "manybot:test-bot"), "the delegate's file is further up the chain");
        assertEquals("REVIEW | api/OWNERS:6:16 | [manybot:api-bot, manybot:helper-bot, human:own, human:tech-lead, human:sec]"
                        + " | observer delegate at api/OWNERS:6:16: changes need review",
                verdict("api/x_test.py", "human:obs"), "auto_approve is for contributors only");
    }

    @Test
    void closedPoliciesRefuseEveryoneButOwnersAndDelegates() {
        assertEquals("REFUSED | closed/OWNERS:6:20 | [] | policies.allow_proposals is false: only the owners (human:bill)"
                        + " and delegates may change closed/pay.c",
                verdict("closed/pay.c", "human:stranger"));
        assertEquals("REVIEW | closed/OWNERS:3:16 | [human:bill] | contributor delegate at closed/OWNERS:3:16: changes need review",
                verdict("closed/pay.c", "manybot:c-bot"));
        assertEquals("WRITE | closed/OWNERS:1:10 | [] | primary owner at closed/OWNERS:1:10", verdict("closed/pay.c", "human:bill"));
    }

    @Test
    void botsChangeOwnershipFilesOnlyThroughReviewHumansAskedFirst() {
        assertEquals("REVIEW | api/OWNERS:1:10 | [human:own, manybot:helper-bot, human:tech-lead, human:sec]"
                        + " | ownership files are changed by bots only through review",
                verdict("api/OWNERS", "manybot:api-bot"));
        assertEquals("REVIEW | OWNERS:1:13 | [human:root-lead, human:lena, human:sec] | ownership files are changed by bots only through review",
                verdict(".manybot/bots.yaml", "manybot:api-bot"));
        assertEquals("WRITE | OWNERS:1:13 | [] | approver at OWNERS:1:13", verdict("OWNERS_ALIASES", "root-lead"),
                "a human owner changes it directly");
    }

    @Test
    void pathsNobodyCouldReviewAreRefused(@TempDir Path other) throws Exception {
        assertEquals("REFUSED | .github/CODEOWNERS:2:1 | [] | co/unowned/a has no owner (.github/CODEOWNERS:2:1 names none):"
                        + " nobody could review a change",
                verdict(codeOwners, "co/unowned/a", "human:co-owner"));
        Path bare = other.resolve("bare");
        GitRepos.write(bare, Map.of("OWNERS", "reviewers: [rita]\nlabels: [x]\n", "lib/x.c", ""));
        OwnershipIndex ownerless = OwnershipIndex.load(new WorkingTree(bare));
        assertEquals("REFUSED | OWNERS:1:1 | [] | lib/x.c has no owner (OWNERS:1:1 names none): nobody could review a change",
                verdict(ownerless, "lib/x.c", "rita"));
        Path empty = other.resolve("empty");
        GitRepos.write(empty, Map.of("lib/x.c", ""));
        OwnershipIndex ungoverned = OwnershipIndex.load(new WorkingTree(empty));
        assertEquals("REFUSED | null | [] | no OWNERS file or CODEOWNERS entry governs lib/x.c: nobody could review a change",
                verdict(ungoverned, "lib/x.c", "human:a"));
        assertEquals("REFUSED | null | [] | no OWNERS file or CODEOWNERS entry governs the repository root: nobody could review a change",
                verdict(ungoverned, "", "human:a"));
    }
}
