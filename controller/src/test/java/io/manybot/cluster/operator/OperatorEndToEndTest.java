package io.manybot.cluster.operator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.manybot.cluster.chart.KubectlTable;
import io.manybot.cluster.resource.Conditions;
import io.manybot.cluster.resource.GoalResource;
import io.manybot.cluster.resource.ManybotResource;
import io.manybot.cluster.resource.ManybotSpec;
import io.manybot.cluster.resource.WorkCycleResource;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The operator on the fabric8 mock API server (CRUD mode, server-side apply off) with a real git repository. */
@EnableKubernetesMockClient(crud = true)
class OperatorEndToEndTest {
    static KubernetesClient client;

    @TempDir
    Path temp;

    private ManybotOperator operator;

    @AfterEach
    void stop() {
        if (operator != null) {
            operator.close();
        }
    }

    @Test
    void exampleResourcesBecomeReadyAndAnInProcessCycleLandsOnTheRealRepository() throws Exception {
        Path remote = OperatorFixtures.exampleRepository(temp);
        start(ManybotSpec.RunnerMode.IN_PROCESS);
        for (HasMetadata resource : OperatorFixtures.exampleResources(temp, remote)) {
            client.resource(resource).inNamespace("shop").create();
        }

        ManybotResource format = OperatorFixtures.await("format-bot has landed a cycle", () -> {
            ManybotResource bot = client.resources(ManybotResource.class).inNamespace("shop").withName("format-bot").get();
            return bot.getStatus() != null && bot.getStatus().lastCycle != null && "LANDED".equals(bot.getStatus().lastCycle.outcome) ? bot : null;
        });
        assertEquals("Idle", format.getStatus().phase);
        assertTrue(Conditions.isTrue(format.getStatus().conditions, Conditions.READY), format.getStatus().conditions.toString());
        assertTrue(Conditions.isTrue(format.getStatus().conditions, Conditions.REPOSITORY_READY));
        assertEquals("43%", format.getStatus().progress);

        WorkCycleResource cycle = client.resources(WorkCycleResource.class).inNamespace("shop").withName(format.getStatus().lastCycle.name).get();
        assertEquals("format-bot", cycle.getMetadata().getOwnerReferences().get(0).getName());
        assertEquals("LANDED", cycle.getStatus().outcome);
        try (Git git = Git.open(remote.toFile())) {
            String tip = git.getRepository().resolve("refs/heads/main").name();
            assertTrue(tip.startsWith(cycle.getStatus().landedCommit), "the remote's main is the landed commit " + cycle.getStatus().landedCommit + "; error: " + cycle.getStatus().error);
            assertNotNull(git.getRepository().resolve("refs/heads/" + cycle.getStatus().proposalBranch), "the proposal branch was pushed");
        }

        GoalResource goal = OperatorFixtures.await("the goal reflects the measurement", () -> {
            GoalResource g = client.resources(GoalResource.class).inNamespace("shop").withName("no-format-faults").get();
            return g.getStatus() != null && "43%".equals(g.getStatus().progress) ? g : null;
        });
        assertTrue(Conditions.isTrue(goal.getStatus().conditions, Conditions.READY));
        assertEquals(List.of("format-bot"), goal.getStatus().bots);

        // What `kubectl get` shows, from the CRDs' printer columns (the README's sample is this output).
        java.time.Instant now = java.time.Instant.now();
        String manybots = KubectlTable.render("manybots.manybot.io.yaml",
                client.resources(ManybotResource.class).inNamespace("shop").list().getItems(), now);
        String row = manybots.lines().filter(l -> l.startsWith("format-bot")).findFirst().orElseThrow();
        for (String column : List.of("triggered", "Idle", "no-format-faults", "43%", format.getStatus().lastCycle.id + " LANDED")) {
            assertTrue(row.contains(column), column + " in: " + row);
        }
        System.out.println("$ kubectl get manybots\n" + manybots);
        System.out.println("$ kubectl get goals\n" + KubectlTable.render("goals.manybot.io.yaml",
                client.resources(GoalResource.class).inNamespace("shop").list().getItems(), now));
        System.out.println("$ kubectl get subscriptions\n" + KubectlTable.render("subscriptions.manybot.io.yaml",
                client.resources(io.manybot.cluster.resource.SubscriptionResource.class).inNamespace("shop").list().getItems(), now));
        System.out.println("$ kubectl get workcycles\n" + KubectlTable.render("workcycles.manybot.io.yaml",
                client.resources(WorkCycleResource.class).inNamespace("shop").list().getItems(), now));
    }

    private void start(ManybotSpec.RunnerMode mode) {
        OperatorSettings settings = OperatorFixtures.settings(temp, mode);
        operator = new ManybotOperator(client, settings, Clock.systemUTC(), false);
        operator.start();
    }

}
