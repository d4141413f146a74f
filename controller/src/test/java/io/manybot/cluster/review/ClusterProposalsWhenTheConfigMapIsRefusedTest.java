package io.manybot.cluster.review;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.manybot.cluster.resource.WorkCycleResource;
import io.manybot.core.cycle.CycleOutcome;
import io.manybot.core.cycle.WorkCycle;
import io.manybot.core.declaration.Bot;
import io.manybot.core.review.ReviewCycles;
import io.manybot.core.secret.SecretRedactor;
import io.manybot.testing.GithubApiDouble;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A runner pod (or an operator) whose RBAC refuses ConfigMap manybot-proposals, on the fabric8 mock API server answering
 * 403 as the API server would, with GitHub's REST API test double behind: the cycle, whose landing is already pushed,
 * keeps its outcome; its proposal stays a branch with the reason naming the ConfigMap and the permission; nothing is
 * asked of GitHub (no pull request opened that could not be remembered, so none is opened twice).
 */
@EnableKubernetesMockClient
class ClusterProposalsWhenTheConfigMapIsRefusedTest {
    static KubernetesClient client;
    static KubernetesMockServer server;

    @Test
    void aRefusedConfigMapLeavesTheLandedCycleLandedAndItsProposalABranchWithTheReason() {
        String ns = "team-docs";
        server.expect().get().withPath("/api/v1/namespaces/" + ns + "/configmaps/" + ConfigMapProposals.NAME)
                .andReturn(403, new StatusBuilder().withStatus("Failure").withCode(403).withReason("Forbidden")
                        .withMessage("configmaps \"manybot-proposals\" is forbidden: User \"system:serviceaccount:team-docs:manybot-runner\""
                                + " cannot get resource \"configmaps\" in API group \"\" in the namespace \"team-docs\"").build())
                .always();
        server.expect().get().withPath("/api/v1/namespaces/" + ns + "/secrets/shop-github-token")
                .andReturn(200, new SecretBuilder().withNewMetadata().withName("shop-github-token").endMetadata()
                        .addToData("token", java.util.Base64.getEncoder().encodeToString("ghp_token-of-the-test".getBytes())).build())
                .always();
        WorkCycleResource about = new WorkCycleResource();
        about.getMetadata().setName("docs-bot-c1");
        about.getMetadata().setNamespace(ns);
        try (GithubApiDouble github = new GithubApiDouble()) {
            Bot bot = new Bot(ReviewCycles.BOT, "docs", List.of("docs/**"), new Bot.Repository("https://github.com/acme/shop.git", "main",
                    "git-creds", new Bot.ReviewHost(null, github.apiUrl(), "shop-github-token", null, null)), Bot.Mode.CONTINUOUS,
                    Bot.Schedule.DEFAULT, new Bot.Executor(Bot.ExecutorType.COMMAND, List.of("true"), false, null, null, null), null,
                    Bot.Limits.DEFAULT, List.of(), false, false, true, null);
            String branch = ReviewCycles.branch("c1");
            WorkCycle landed = ReviewCycles.proposing("c1", branch, Instant.now(), ReviewCycles.proposed("docs/guide.md"));

            WorkCycle after = new ClusterProposals(client, new SecretRedactor(), Clock.systemUTC()).afterPush(ns, bot, landed, about);

            assertEquals(landed.outcome(), after.outcome());
            assertEquals("branch-only", after.landing().pullRequest().state());
            String reason = after.landing().pullRequest().reason();
            assertTrue(reason.startsWith("the proposals could not be kept in ConfigMap manybot-proposals of namespace team-docs (HTTP 403;"),
                    reason);
            assertTrue(reason.contains("cannot get resource \"configmaps\""), reason);
            assertEquals(0, github.requests("POST", "/repos/acme/shop/pulls").size(), "no pull request it could not remember");
        }
    }
}
