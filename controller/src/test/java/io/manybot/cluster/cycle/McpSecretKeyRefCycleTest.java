package io.manybot.cluster.cycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.manybot.cluster.operator.OperatorFixtures;
import io.manybot.cluster.resource.GoalResource;
import io.manybot.cluster.resource.ManybotResource;
import io.manybot.cluster.resource.ManybotSpec;
import io.manybot.cluster.resource.WorkCycleResource;
import io.manybot.core.agents.BotAgentsFactory;
import io.manybot.core.cycle.CycleFixture;
import io.manybot.core.cycle.CycleRunner;
import io.manybot.core.cycle.WorkCycle;
import io.manybot.core.executor.cli.Confinement;
import io.manybot.core.mirror.RepositoryMirrors;
import io.manybot.core.process.ProcessRunner;
import io.manybot.core.secret.SecretRedactor;
import io.manybot.testing.AgentClis;
import io.manybot.testing.ScriptedAnthropicServer;
import io.manybot.testing.ScriptedAnthropicServer.Turn;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An MCP server's variable from a Kubernetes Secret ({@code secretKeyRef}) in the cluster home, on the fabric8 mock API
 * server: the cycle (as the operator runs it in-process and a runner pod runs it) reads the Secret of the bot's
 * namespace; the real Claude Code (against {@link ScriptedAnthropicServer}, the provider's test double) starts the real
 * {@code @modelcontextprotocol/server-filesystem} and calls it, and the value reaches that server's process
 * environment only: not the WorkCycle's status, the cycle record, the Kubernetes Events, the checkout or the commits.
 */
@EnableKubernetesMockClient(crud = true)
class McpSecretKeyRefCycleTest {
    private static final String NS = "shop";
    private static final String TOKEN = "mcp-PLANTED-secret-value-8d41c2e7";
    private static final String KEY = "sk-ant-PLANTED-5f3a9c1e7b2d4680";

    static KubernetesClient client;

    @TempDir
    Path temp;

    @Test
    void theSecretsValueReachesOnlyTheMcpServersProcess() throws Exception {
        String claude = AgentClis.require("claude");
        String server = AgentClis.require("mcp-server-filesystem");
        Path bare = CycleFixture.bareSource(temp);
        Path witnesses = Files.createDirectories(temp.resolve("witness"));
        Path witness = witnesses.resolve("mcp-env");

        client.resource(new SecretBuilder().withNewMetadata().withName("mcp-files").withNamespace(NS).endMetadata()
                .withData(Map.of("token", Base64.getEncoder().encodeToString(TOKEN.getBytes(StandardCharsets.UTF_8)))).build()).create();
        client.resource(resource(GoalResource.class, CycleFixture.GOAL_RESOURCE)).create();

        try (ScriptedAnthropicServer provider = new ScriptedAnthropicServer(List.of(
                Turn.tool("mcp__files__list_directory", "{\"path\": \"${cwd}/mine\"}"),
                Turn.tool("Read", "{\"file_path\": \"${cwd}/mine/a.txt\"}"),
                Turn.tool("Write", "{\"file_path\": \"${cwd}/mine/a.txt\", \"content\": \"done a\\n\"}"),
                Turn.text("Listed mine/ through MCP and replaced the TODO.")))) {
            // The wrapper records the variable the MCP server's process was given, then becomes the real server.
            String wrapped = "printf %s \"$FILES_TOKEN\" > '" + witness + "'; exec '" + server + "' \"$PWD\"";
            client.resource(resource(ManybotResource.class, """
                    apiVersion: manybot.io/v1alpha1
                    kind: Manybot
                    metadata: {name: fixer, namespace: shop}
                    spec:
                      goal: no-todos
                      owns: ["mine/**"]
                      repository: {url: "%s", branch: main}
                      executor:
                        type: claude-code
                        command: ["%s"]
                        timeout: 3m
                        model: {provider: anthropic, name: claude-sonnet-4-5, baseUrl: "%s", apiKeyEnv: MANYBOT_TEST_ANTHROPIC_KEY}
                      limits: {tasksPerCycle: 1, toolIterations: 10}
                      mcpServers:
                        - name: files
                          command: [sh, -c, "%s"]
                          env:
                            - name: FILES_TOKEN
                              secretKeyRef: {name: mcp-files, key: token}
                    """.formatted(bare.toUri(), claude, provider.baseUrl(), wrapped.replace("\\", "\\\\").replace("\"", "\\\"")))).create();
            client.resource(resource(WorkCycleResource.class, """
                    apiVersion: manybot.io/v1alpha1
                    kind: WorkCycle
                    metadata: {name: fixer-c1, namespace: shop}
                    spec: {bot: fixer, cycleId: c1, goal: no-todos, trigger: test}
                    """)).create();

            SecretRedactor redactor = new SecretRedactor();
            ProcessRunner processes = new ProcessRunner();
            Map<String, String> processEnvironment = Map.of("PATH", System.getenv("PATH"), "MANYBOT_TEST_ANTHROPIC_KEY", KEY);
            WorkCycle cycle;
            try (RepositoryMirrors mirrors = new RepositoryMirrors(temp.resolve("mirrors"), java.time.Duration.ofMinutes(1), Clock.systemUTC())) {
                ClusterCycle clusterCycle = new ClusterCycle(client, mirrors, new CycleRunner(processes, Map.of(), Clock.systemUTC(), false, redactor),
                        new BotAgentsFactory(processes, Map.of(), processEnvironment, redactor, Confinement.none("the test")), redactor,
                        OperatorFixtures.settings(temp, ManybotSpec.RunnerMode.IN_PROCESS), Clock.systemUTC(), false);
                cycle = clusterCycle.run(NS, "fixer-c1", () -> false);
            }

            WorkCycleResource stored = client.resources(WorkCycleResource.class).inNamespace(NS).withName("fixer-c1").get();
            assertEquals("LANDED", stored.getStatus().outcome, () -> Serialization.asYaml(stored.getStatus()) + cycle.steps());
            assertEquals(TOKEN, Files.readString(witness), "the MCP server's process had the Secret's value in its environment");
            assertTrue(cycle.steps().stream().anyMatch(step -> step.description().startsWith("mcp__files__list_directory")),
                    () -> cycle.steps().toString());
            assertTrue(provider.requests().stream().anyMatch(body -> body.contains("tool_result") && body.contains("a.txt")),
                    "the MCP server answered");

            assertFalse(Serialization.asYaml(stored).contains(TOKEN), "WorkCycle");
            assertFalse(Serialization.asYaml(client.resources(ManybotResource.class).inNamespace(NS).list()).contains(TOKEN), "Manybot");
            assertFalse(Serialization.asYaml(client.v1().events().inNamespace(NS).list()).contains(TOKEN), "Events");
            for (String body : provider.requests()) {
                assertFalse(body.contains(TOKEN), "a request to the provider");
            }
            Files.delete(witness);
            AgentClis.assertKeyNowhere(TOKEN, cycle, "", temp, bare);
        }
    }

    @Test
    void aMissingSecretFailsTheCycleNamingIt() throws Exception {
        Path bare = CycleFixture.bareSource(temp);
        client.resource(new SecretBuilder().withNewMetadata().withName("other").withNamespace("away").endMetadata()
                .withStringData(Map.of("token", TOKEN)).build()).create();
        client.resource(resource(GoalResource.class, """
                apiVersion: manybot.io/v1alpha1
                kind: Goal
                metadata: {name: no-todos, namespace: lone}
                spec:
                  objective: No TODO left
                  start: 2026-11-01
                  deadline: 2026-12-31
                  keyResults:
                    - {name: files-with-todo, baseline: 3, target: 0, direction: decrease, current: 3}
                """)).create();
        client.resource(resource(ManybotResource.class, """
                apiVersion: manybot.io/v1alpha1
                kind: Manybot
                metadata: {name: fixer, namespace: lone}
                spec:
                  goal: no-todos
                  owns: ["mine/**"]
                  repository: {url: "%s", branch: main}
                  executor: {type: claude-code, model: {provider: anthropic, name: claude-sonnet-4-5, apiKeyEnv: MANYBOT_TEST_ANTHROPIC_KEY}}
                  mcpServers:
                    - name: files
                      command: [mcp-server-filesystem, /srv]
                      env:
                        - {name: FILES_TOKEN, secretKeyRef: {name: other, key: token}}
                """.formatted(bare.toUri()))).create();
        client.resource(resource(WorkCycleResource.class, """
                apiVersion: manybot.io/v1alpha1
                kind: WorkCycle
                metadata: {name: fixer-c1, namespace: lone}
                spec: {bot: fixer, cycleId: c1, goal: no-todos, trigger: test}
                """)).create();
        SecretRedactor redactor = new SecretRedactor();
        ProcessRunner processes = new ProcessRunner();
        try (RepositoryMirrors mirrors = new RepositoryMirrors(temp.resolve("mirrors"), java.time.Duration.ofMinutes(1), Clock.systemUTC())) {
            new ClusterCycle(client, mirrors, new CycleRunner(processes, Map.of(), Clock.systemUTC(), false, redactor),
                    new BotAgentsFactory(processes, Map.of(), Map.of("MANYBOT_TEST_ANTHROPIC_KEY", KEY), redactor, Confinement.none("the test")),
                    redactor, OperatorFixtures.settings(temp, ManybotSpec.RunnerMode.IN_PROCESS), Clock.systemUTC(), false)
                    .run("lone", "fixer-c1", () -> false);
        }
        WorkCycleResource stored = client.resources(WorkCycleResource.class).inNamespace("lone").withName("fixer-c1").get();
        assertEquals("FAILED", stored.getStatus().outcome);
        assertEquals("MCP server files: FILES_TOKEN: Secret lone/other does not exist", stored.getStatus().error);
    }

    private static <T> T resource(Class<T> type, String yaml) {
        return Serialization.unmarshal(yaml, type);
    }
}
