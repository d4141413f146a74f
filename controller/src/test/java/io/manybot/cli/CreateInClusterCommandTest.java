package io.manybot.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.manybot.cluster.resource.GoalResource;
import io.manybot.cluster.resource.ManybotResource;
import io.manybot.testing.GitRepos;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `manybot create -n NS` against the fabric8 mock API server (CRUD mode): the Goal and the Manybot become custom resources of
 * the namespace; the OWNERS delegation is still a file of the repository (ownership lives in the repository).
 */
@EnableKubernetesMockClient(crud = true)
class CreateInClusterCommandTest {
    static KubernetesClient client;
    static KubernetesMockServer server;

    @TempDir
    Path temp;
    Path repo;
    Path kubeconfig;

    @BeforeEach
    void repositoryAndKubeconfig() throws Exception {
        repo = temp.resolve("repo");
        GitRepos.write(repo, Map.of(
                "OWNERS", "primary: human:olivia\n",
                "src/api/handlers.py", "x = 1\n",
                ".manybot/lead.yaml", """
                        apiVersion: manybot.io/v1alpha1
                        kind: Goal
                        metadata: {name: quality}
                        spec:
                          objective: Ship with confidence
                          start: 2026-01-01
                          deadline: 2027-01-10
                          keyResults:
                            - {name: incidents, baseline: 10, target: 0, direction: decrease}
                        ---
                        apiVersion: manybot.io/v1alpha1
                        kind: Manybot
                        metadata: {name: lead}
                        spec:
                          goal: quality
                          owns: ["**"]
                          executor: {type: command, command: [scripts/fix.sh]}
                        """));
        GitRepos.initAndCommit(repo, "declarations");
        kubeconfig = temp.resolve("kubeconfig");
        Files.writeString(kubeconfig, """
                apiVersion: v1
                kind: Config
                clusters:
                  - name: mock
                    cluster: {server: "%s", insecure-skip-tls-verify: true}
                users:
                  - name: tester
                    user: {token: not-a-secret}
                contexts:
                  - name: mock
                    context: {cluster: mock, user: tester, namespace: default}
                current-context: mock
                """.formatted(client.getConfiguration().getMasterUrl()));
    }

    @Test
    void appliesTheGoalAndTheManybotToTheNamespaceAndWritesTheOwnersDelegation() throws Exception {
        CommandLineTest.Run run = CommandLineTest.run("create", "api-bot", "--repo", repo.toString(), "--goal", "Fewer API bugs",
                "--kr", "open bugs from 5 to 0", "--owns", "src/api/", "--reviewer", "human:olivia", "--parent", "lead",
                "--executor", "command", "--command", "make fix", "-n", "team", "--kubeconfig", kubeconfig.toString());
        assertEquals(0, run.exit(), run.out() + run.err());
        assertTrue(run.out().contains("applied Goal api-bot and Manybot api-bot in namespace team"), run.out());

        GoalResource goal = client.resources(GoalResource.class).inNamespace("team").withName("api-bot").get();
        assertNotNull(goal, "the Goal is in the namespace");
        assertEquals("Fewer API bugs", goal.getSpec().objective);
        assertEquals("quality", goal.getSpec().parent, "its key results contribute to the parent bot's goal");
        assertEquals("open-bugs", goal.getSpec().keyResults.get(0).name);
        ManybotResource bot = client.resources(ManybotResource.class).inNamespace("team").withName("api-bot").get();
        assertNotNull(bot, "the Manybot is in the namespace");
        assertEquals("api-bot", bot.getSpec().goal);
        assertEquals("lead", bot.getSpec().parent);
        assertEquals(List.of("src/api/**"), bot.getSpec().owns);
        assertNull(client.resources(ManybotResource.class).inNamespace("default").withName("api-bot").get(), "only in -n's namespace");

        assertFalse(Files.exists(repo.resolve(".manybot/api-bot.yaml")), "the declarations live in the cluster");
        assertTrue(Files.readString(repo.resolve("src/api/OWNERS")).startsWith("# Written by manybot create api-bot\nprimary: manybot:api-bot\n"));
        assertTrue(run.out().contains("wrote " + repo + "/src/api/OWNERS"), run.out());
    }

    @Test
    void aKubeconfigThatCannotBeReadIsNamedAndNothingIsWritten() {
        CommandLineTest.Run run = CommandLineTest.run("create", "web-bot", "--repo", repo.toString(), "--goal", "Fewer API bugs",
                "--kr", "open bugs from 5 to 0", "--owns", "src/api/", "-n", "team", "--kubeconfig", temp.resolve("missing").toString());
        assertEquals(2, run.exit(), run.out() + run.err());
        assertTrue(run.err().contains("cannot read --kubeconfig " + temp.resolve("missing")), run.err());
        assertFalse(Files.exists(repo.resolve("src/api/OWNERS")));
        assertNull(client.resources(GoalResource.class).inNamespace("team").withName("web-bot").get());
    }
}
