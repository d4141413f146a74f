package io.manybot.cluster.review;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.manybot.cluster.cycle.WorkCycleStatuses;
import io.manybot.cluster.resource.WorkCycleResource;
import io.manybot.cluster.resource.WorkCycleStatus;
import io.manybot.core.cycle.WorkCycle;
import io.manybot.core.declaration.Bot;
import io.manybot.core.event.Provider;
import io.manybot.core.event.RepositoryEvent;
import io.manybot.core.review.ProposalEvents;
import io.manybot.core.review.ProposalState;
import io.manybot.core.review.ReviewCycles;
import io.manybot.core.secret.SecretRedactor;
import io.manybot.testing.GithubApiDouble;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The cluster home's pull requests, on the fabric8 mock API server and GitHub's REST API test double (WireMock serving
 * GitHub's documented response shapes, through hub4j): the token read from the declared Secret, the proposal kept in
 * ConfigMap manybot-proposals, the WorkCycle's status and Events carrying the pull request, a later cycle updating it,
 * a merge webhook updating the kept proposal.
 */
@EnableKubernetesMockClient(crud = true)
class ClusterProposalsAgainstRecordedGithubApiTest {
    private static final String TOKEN = "ghp_" + "Qw3Er4Ty5Ui6Op7As8Df9Gh0Jk1Lz2Xc3Vb4";
    static KubernetesClient client;

    private static Bot bot(String apiUrl) {
        return new Bot(ReviewCycles.BOT, "docs", List.of("docs/**"), new Bot.Repository("https://github.com/acme/shop.git", "main", "git-creds",
                new Bot.ReviewHost(null, apiUrl, "shop-github-token", null, null)), Bot.Mode.CONTINUOUS, Bot.Schedule.DEFAULT,
                new Bot.Executor(Bot.ExecutorType.COMMAND, List.of("true"), false, null, null, null), null, Bot.Limits.DEFAULT, List.of(),
                false, false, true, null);
    }

    @Test
    void aPushedProposalBecomesAPullRequestKeptInAConfigMapAndShownInTheWorkCycleStatus() {
        String ns = "team-docs";
        client.secrets().inNamespace(ns).resource(new SecretBuilder().withNewMetadata().withName("shop-github-token").endMetadata()
                .withStringData(Map.of("token", TOKEN)).build()).create();
        WorkCycleResource about = new WorkCycleResource();
        about.getMetadata().setName("docs-bot-c1");
        about.getMetadata().setNamespace(ns);
        SecretRedactor redactor = new SecretRedactor();
        ClusterProposals proposals = new ClusterProposals(client, redactor, Clock.systemUTC());
        try (GithubApiDouble github = new GithubApiDouble()) {
            String branch = ReviewCycles.branch("c1");
            github.willOpen(1347, branch);

            WorkCycle cycle = proposals.afterPush(ns, bot(github.apiUrl()), ReviewCycles.proposing("c1", branch, Instant.now(),
                    ReviewCycles.proposed("docs/guide.md")), about);

            assertEquals(1, github.requests("POST", "/repos/acme/shop/pulls").size());
            assertEquals("token " + TOKEN, github.requests().get(0).getHeader("Authorization"), "the token of the declared Secret");
            WorkCycleStatus status = WorkCycleStatuses.from(cycle, null);
            assertEquals(1347, status.pullRequest.number);
            assertEquals("open", status.pullRequest.state);
            assertEquals("https://github.com/acme/shop/pull/1347", status.pullRequest.url);
            ConfigMap kept = client.configMaps().inNamespace(ns).withName(ConfigMapProposals.NAME).get();
            assertTrue(kept.getData().containsKey("manybot.proposals.docs-bot.c1"), kept.getData().keySet().toString());
            assertFalse(kept.getData().toString().contains(TOKEN));
            List<Event> events = client.v1().events().inNamespace(ns).list().getItems();
            assertTrue(events.stream().anyMatch(e -> "PullRequest".equals(e.getReason())
                    && e.getMessage().startsWith("opened pull request #1347 https://github.com/acme/shop/pull/1347")), events.toString());

            // A later cycle (its WorkCycle pruned or not) finds the proposal in the ConfigMap and updates the pull request.
            proposals.afterPush(ns, bot(github.apiUrl()), ReviewCycles.proposing("c2", branch, Instant.now(),
                    ReviewCycles.proposed("docs/guide.md")), about);
            assertEquals(1, github.requests("POST", "/repos/acme/shop/pulls").size(), "updated, not opened again");

            RepositoryEvent.PullRequest merged = new RepositoryEvent.PullRequest(Provider.GITHUB, "d-1", "pull_request",
                    new RepositoryEvent.Repository("acme/shop", "https://github.com/acme/shop", List.of(), "main"), 1347, "closed", branch,
                    "main", "6dcb09b", "t", "manybot-app", "alice", true, false);
            ProposalEvents.apply(merged, new ConfigMapProposals(client, ns), Instant.now());
            assertEquals(ProposalState.MERGED, new ConfigMapProposals(client, ns).find(ReviewCycles.BOT, branch).orElseThrow().state());
        }
    }

    @Test
    void aMissingTokenSecretKeepsTheProposalABranchAndSaysWhich() {
        ClusterProposals proposals = new ClusterProposals(client, new SecretRedactor(), Clock.systemUTC());
        WorkCycleResource about = new WorkCycleResource();
        about.getMetadata().setName("docs-bot-c9");
        about.getMetadata().setNamespace("empty");
        try (GithubApiDouble github = new GithubApiDouble()) {
            WorkCycle cycle = proposals.afterPush("empty", bot(github.apiUrl()), ReviewCycles.proposing("c9", ReviewCycles.branch("c9"),
                    Instant.now(), ReviewCycles.proposed("docs/guide.md")), about);

            assertEquals("branch-only", cycle.landing().pullRequest().state());
            assertEquals("no API token: Secret empty/shop-github-token does not exist", cycle.landing().pullRequest().reason());
            assertEquals(0, github.requests().size());
        }
    }
}
