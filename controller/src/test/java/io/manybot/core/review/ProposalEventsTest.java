package io.manybot.core.review;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.manybot.core.event.EventRouter;
import io.manybot.core.event.RepositoryEvent;
import io.manybot.core.event.WebhookSamplesAccess;
import io.manybot.local.state.StateStore;
import io.manybot.local.state.StoredProposals;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** GitHub's {@code pull_request_review} and GitLab's {@code merge_request} deliveries update the proposal they are about. */
class ProposalEventsTest {
    private static final Instant AT = Instant.parse("2026-12-06T10:00:00Z");

    @TempDir
    Path state;

    private static Proposal open(String branch, int number) {
        PullRequestDraft draft = new PullRequestDraft("t", "b", branch, "main", List.of("alice"), List.of(), List.of(), List.of("docs/a.md"));
        return new Proposal("docs-bot", branch, "c1", "github", number, "https://github.com/acme/widgets/pull/" + number, ProposalState.OPEN,
                null, draft, AT, AT, AT);
    }

    @Test
    void aSubmittedReviewRequestingChangesMarksTheProposalAndTriggersNoCycle() throws Exception {
        RepositoryEvent.PullRequest review = assertInstanceOf(RepositoryEvent.PullRequest.class,
                WebhookSamplesAccess.parse("pull_request_review", "github-pull-request-review.json"));
        assertEquals("changes_requested", review.action());
        assertEquals("pull_request_review", review.eventName());
        assertTrue(!EventRouter.PULL_REQUEST_ACTIONS.contains(review.action()), "no cycle is triggered by a review");
        try (StateStore store = StateStore.open(state)) {
            StoredProposals records = new StoredProposals(store);
            records.save(open("manybot/proposals/docs-bot/c1", review.number()));

            ProposalEvents.Applied applied = ProposalEvents.apply(review, records, AT.plusSeconds(60)).orElseThrow();

            assertEquals(ProposalState.CHANGES_REQUESTED, records.find("docs-bot", "manybot/proposals/docs-bot/c1").orElseThrow().state());
            assertEquals("changes requested by alice", applied.after().reason());
            assertTrue(applied.after().state().open(), "still counts against openProposals");
        }
    }

    @Test
    void aGitlabMergeOfTheProposalBranchMarksItMergedAndOtherBranchesAreNotProposals() throws Exception {
        RepositoryEvent.PullRequest merge = assertInstanceOf(RepositoryEvent.PullRequest.class,
                WebhookSamplesAccess.parseGitLab("Merge Request Hook", "gitlab-merge-request.json"));
        try (StateStore store = StateStore.open(state)) {
            StoredProposals records = new StoredProposals(store);
            RepositoryEvent.PullRequest onProposal = new RepositoryEvent.PullRequest(merge.provider(), merge.deliveryId(), merge.eventName(),
                    merge.repository(), merge.number(), "closed", "manybot/proposals/docs-bot/c1", "main", merge.headSha(), merge.title(),
                    merge.author(), merge.sender(), true, false);
            assertEquals(Optional.empty(), ProposalEvents.apply(onProposal, records, AT), "nothing kept for that branch: nothing changes");
            records.save(open("manybot/proposals/docs-bot/c1", merge.number()));

            assertEquals(ProposalState.MERGED, ProposalEvents.apply(onProposal, records, AT).orElseThrow().after().state());
            assertEquals(Optional.empty(), ProposalEvents.apply(merge, records, AT), "a person's branch is no proposal");
            assertEquals(Optional.empty(), ProposalEvents.botOf("feature/x"));
            assertEquals(Optional.of("docs-bot"), ProposalEvents.botOf("manybot/proposals/docs-bot/c1"));
        }
    }
}
