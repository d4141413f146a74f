package io.manybot.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.manybot.cluster.api.ClusterApiServer;
import io.manybot.cluster.api.ClusterApiSettings;
import io.manybot.cluster.cycle.WorkCycleStatuses;
import io.manybot.cluster.operator.OperatorFixtures;
import io.manybot.cluster.resource.ManybotResource;
import io.manybot.cluster.resource.ManybotSpec;
import io.manybot.cluster.resource.WorkCycleResource;
import io.manybot.cluster.resource.WorkCycleSpec;
import io.manybot.cluster.review.ClusterProposals;
import io.manybot.core.cycle.WorkCycle;
import io.manybot.core.declaration.Bot;
import io.manybot.core.review.ReviewCycles;
import io.manybot.core.secret.SecretRedactor;
import io.manybot.testing.GithubApiDouble;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cycle's pull request on the dashboard of the cluster home, in real headless Chromium: docs-bot's proposal is published
 * by the cluster's {@link ClusterProposals} to GitHub's REST API test double (WireMock on loopback, hub4j's real client), its
 * WorkCycle carries the status the runner writes for it ({@link WorkCycleStatuses}), and the cycle's page, read through the
 * operator's API on the fabric8 mock server, links pull request 1347 on the host.
 */
@EnableKubernetesMockClient(crud = true)
class ClusterPullRequestDashboardBrowserTest {
    private static final String TOKEN = "ghp_" + "C1usterDashb0ardPrT0kenF0rTheTest0001";
    private static final String NS = "pr-dashboard";
    static KubernetesClient client;

    @TempDir
    Path temp;

    @BeforeAll
    static void installed() {
        Browser.assumeInstalled();
    }

    @Test
    void theCyclesPageLinksItsPullRequest() throws Exception {
        client.secrets().inNamespace(NS).resource(new SecretBuilder().withNewMetadata().withName("shop-github-token").endMetadata()
                .withStringData(Map.of("token", TOKEN)).build()).create();
        ManybotResource manybot = Serialization.unmarshal(new java.io.ByteArrayInputStream("""
                apiVersion: manybot.io/v1alpha1
                kind: Manybot
                metadata: {name: docs-bot}
                spec:
                  goal: docs
                  owns: ["docs/**"]
                  suspend: true
                  repository: {url: "https://github.com/acme/shop.git", branch: main}
                  executor: {type: command, command: ["true"]}
                """.getBytes(StandardCharsets.UTF_8)), ManybotResource.class);
        client.resource(manybot).inNamespace(NS).create();
        try (GithubApiDouble github = new GithubApiDouble();
                ClusterApiServer api = ClusterApiServer.start(client, NS, OperatorFixtures.settings(temp, ManybotSpec.RunnerMode.IN_PROCESS),
                        new ClusterApiSettings(List.of("pr-dashboard-key-0123456789abcdef"), null, null))) {
            String branch = ReviewCycles.branch("c1");
            github.willOpen(1347, branch);
            WorkCycleResource resource = new WorkCycleResource();
            resource.getMetadata().setName("docs-bot-c1");
            resource.getMetadata().setNamespace(NS);
            resource.getMetadata().setLabels(Map.of(WorkCycleResource.BOT_LABEL, ReviewCycles.BOT));
            resource.setSpec(new WorkCycleSpec());
            resource.getSpec().bot = ReviewCycles.BOT;
            resource.getSpec().cycleId = "c1";
            resource.getSpec().goal = "docs";
            resource.getSpec().trigger = "manual";
            Bot bot = new Bot(ReviewCycles.BOT, "docs", List.of("docs/**"), new Bot.Repository("https://github.com/acme/shop.git", "main", null,
                    new Bot.ReviewHost(null, github.apiUrl(), "shop-github-token", null, null)), Bot.Mode.CONTINUOUS, Bot.Schedule.DEFAULT,
                    new Bot.Executor(Bot.ExecutorType.COMMAND, List.of("true"), false, null, null, null), null, Bot.Limits.DEFAULT, List.of(),
                    false, false, true, null);
            WorkCycle cycle = new ClusterProposals(client, new SecretRedactor(), Clock.systemUTC()).afterPush(NS, bot,
                    ReviewCycles.proposing("c1", branch, Instant.now(), ReviewCycles.proposed("docs/guide.md")), resource);
            resource.setStatus(WorkCycleStatuses.from(cycle, null));
            client.resource(resource).inNamespace(NS).create();
            if (client.resources(WorkCycleResource.class).inNamespace(NS).withName("docs-bot-c1").get().getStatus() == null) {
                client.resource(resource).inNamespace(NS).updateStatus();
            }

            JsonNode r = Browser.run("cluster-cycle-pr.mjs", "--url", api.url(), "--namespace", NS, "--bot", ReviewCycles.BOT, "--cycle", "c1");
            assertEquals("https://github.com/acme/shop/pull/1347", r.path("href").asText(), r.toString());
            assertEquals("#1347 open", r.path("text").asText(), r.toString());
            assertEquals(branch, r.path("proposal").asText(), r.toString());
            assertEquals(0, r.path("errors").size(), r.toString());
            assertEquals(0, r.path("csp").size(), r.toString());
        }
    }
}
