package io.manybot.cluster.operator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.manybot.cluster.resource.GoalResource;
import io.manybot.cluster.resource.ManybotResource;
import io.manybot.cluster.resource.ManybotSpec;
import io.manybot.cluster.resource.WorkCycleResource;
import io.manybot.core.cycle.CycleFixture;
import io.manybot.testing.AgentClis;
import io.manybot.testing.ScriptedAnthropicServer;
import io.manybot.testing.ScriptedAnthropicServer.Turn;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cluster home counts an agent CLI's tokens: the operator (on the fabric8 mock API server, in-process cycles) runs
 * a triggered claude-code bot whose real Claude Code talks to {@link ScriptedAnthropicServer} (the provider's test
 * double); the WorkCycle's status keeps the tokens it reported, and the operator's {@code /metrics} scrape counts them
 * in {@code manybot_tokens_total{namespace,bot,kind}}.
 */
@EnableKubernetesMockClient(crud = true)
class OperatorAgentCliTokensTest {
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
    void theWorkCycleKeepsTheCliTokensAndTheMetricsCountThem() throws Exception {
        String claude = AgentClis.require("claude");
        Path bare = CycleFixture.bareSource(temp);
        Path keyFile = temp.resolve("anthropic-key");
        Files.writeString(keyFile, "sk-ant-PLANTED-7e6d5c4b3a291807\n");

        try (ScriptedAnthropicServer provider = new ScriptedAnthropicServer(List.of(
                Turn.tool("Read", "{\"file_path\": \"${cwd}/mine/a.txt\"}"),
                Turn.tool("Write", "{\"file_path\": \"${cwd}/mine/a.txt\", \"content\": \"done a\\n\"}"),
                Turn.text("Replaced the TODO in mine/a.txt.")))) {
            operator = new ManybotOperator(client, OperatorFixtures.settings(temp, ManybotSpec.RunnerMode.IN_PROCESS), Clock.systemUTC(), false);
            operator.start();
            client.resource(Serialization.unmarshal(CycleFixture.GOAL_RESOURCE, GoalResource.class)).create();
            client.resource(Serialization.unmarshal("""
                    apiVersion: manybot.io/v1alpha1
                    kind: Manybot
                    metadata: {name: fixer, namespace: shop}
                    spec:
                      goal: no-todos
                      owns: ["mine/**"]
                      mode: triggered
                      repository: {url: "%s", branch: main}
                      executor:
                        type: claude-code
                        command: ["%s"]
                        timeout: 3m
                        model: {provider: anthropic, name: claude-sonnet-4-5, baseUrl: "%s", apiKeyFile: "%s"}
                      limits: {tasksPerCycle: 1, toolIterations: 10}
                    """.formatted(bare.toUri(), claude, provider.baseUrl(), keyFile), ManybotResource.class)).create();
            operator.trigger("shop", "fixer", "the test");

            WorkCycleResource cycle = OperatorFixtures.await("fixer's cycle is done", () -> client.resources(WorkCycleResource.class)
                    .inNamespace("shop").list().getItems().stream()
                    .filter(c -> c.getStatus() != null && c.getStatus().outcome != null).findFirst().orElse(null));
            assertEquals("LANDED", cycle.getStatus().outcome, () -> Serialization.asYaml(cycle.getStatus()));
            long input = cycle.getStatus().tokens.input;
            long output = cycle.getStatus().tokens.output;
            assertTrue(input >= 3L * ScriptedAnthropicServer.INPUT_TOKENS, () -> Serialization.asYaml(cycle.getStatus()));
            assertTrue(output >= 3L * ScriptedAnthropicServer.OUTPUT_TOKENS, () -> Serialization.asYaml(cycle.getStatus()));

            String scrape = OperatorFixtures.await("the operator counted the cycle", () -> {
                String text = operator.metrics().scrape();
                return text.contains("manybot_cycles_total{bot=\"fixer\",namespace=\"shop\",outcome=\"landed\"} 1.0") ? text : null;
            });
            assertTrue(scrape.contains("manybot_tokens_total{bot=\"fixer\",kind=\"input\",namespace=\"shop\"} " + (double) input), scrape);
            assertTrue(scrape.contains("manybot_tokens_total{bot=\"fixer\",kind=\"output\",namespace=\"shop\"} " + (double) output), scrape);
        }
    }
}
