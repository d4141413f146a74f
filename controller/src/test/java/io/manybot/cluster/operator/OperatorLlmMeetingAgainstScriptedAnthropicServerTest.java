package io.manybot.cluster.operator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.manybot.cluster.resource.GoalResource;
import io.manybot.cluster.resource.ManybotResource;
import io.manybot.cluster.resource.ManybotSpec;
import io.manybot.cluster.resource.MeetingResource;
import io.manybot.cluster.resource.MeetingStatus;
import io.manybot.testing.GitRepos;
import io.manybot.testing.ScriptedAnthropicServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code llm} facilitator of a cluster meeting: the facilitator bot's model, through the same configuration as its planner
 * (provider, base URL, key file), against the Anthropic Messages API's TEST DOUBLE on loopback (a scripted answer; no model
 * runs). Both bots' goal's key result is at its baseline a month and a half in (the operator's clock is 40 days ahead), so
 * both meetings are due at once and have an agenda. The model of alpha decides one meeting: its decision and action item
 * are the minutes'. The other meeting's facilitator names a key variable that is not set: it is held by the factual rules, and
 * its Facilitator condition (False, NoModelKey) and a FacilitatorFellBack event name the variable.
 */
@EnableKubernetesMockClient(crud = true)
class OperatorLlmMeetingAgainstScriptedAnthropicServerTest {
    private static final String NS = "meetllm";
    private static final String KEY = "sk-ant-" + "meet1ng5Fac1l1tat0rK3y0123456789";
    private static final String ANSWER = """
            {"decisions": [{"item": 1, "decision": "beta takes the lead on settling the API", "rationale": "its changes are the newest"}],
             "actionItems": [{"bot": "beta", "title": "Write down the settled API in api/README", "paths": ["api/README"], "priority": "high"}],
             "ownersChanges": []}
            """;

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
    void theFacilitatorsModelDecidesAndAMissingKeyLeavesTheMeetingToTheRulesSayingSo() throws Exception {
        Path work = temp.resolve("work");
        GitRepos.write(work, Map.of("OWNERS", "primary: manybot:alpha\ndelegates: [manybot:beta, manybot:gamma]\n", "api/x.txt", "zero\n"));
        GitRepos.initAndCommit(work, "start");
        Path bare = temp.resolve("llm.git");
        Git.cloneRepository().setBare(true).setURI(work.toUri().toString()).setDirectory(bare.toFile()).call().close();
        String url = bare.toUri().toString();
        Path keyFile = temp.resolve("anthropic-key");
        Files.writeString(keyFile, KEY + "\n");

        try (ScriptedAnthropicServer model = new ScriptedAnthropicServer(List.of(ScriptedAnthropicServer.Turn.text(ANSWER)))) {
            model.answerWithoutTools(ANSWER);
            operator = new ManybotOperator(client, OperatorFixtures.settings(temp, ManybotSpec.RunnerMode.IN_PROCESS),
                    Clock.offset(Clock.systemUTC(), Duration.ofDays(40)), false);
            operator.start();
            create(GOAL, GoalResource.class);
            create(llmBot("alpha", url, "baseUrl: \"" + model.baseUrl() + "/v1/\", apiKeyFile: \"" + keyFile + "\""), ManybotResource.class);
            create(llmBot("gamma", url, "baseUrl: \"" + model.baseUrl() + "/v1/\", apiKeyEnv: MANYBOT_TEST_UNSET_MEETING_KEY"), ManybotResource.class);
            create(llmBot("beta", url, "apiKeyFile: \"" + keyFile + "\""), ManybotResource.class);
            create(meeting("by-model", "alpha"), MeetingResource.class);
            create(meeting("no-key", "gamma"), MeetingResource.class);

            MeetingStatus.Minutes decided = held("by-model").getStatus().lastMinutes;
            assertNull(decided.error, decided.error);
            assertEquals("the model of alpha", decided.facilitatedBy);
            assertEquals(List.of("beta takes the lead on settling the API (its changes are the newest)"), decided.decisionsMade.subList(0, 1));
            assertEquals(List.of("beta: Write down the settled API in api/README"), decided.actions);
            assertFalse(model.requests().isEmpty(), "the model was called");
            assertTrue(model.requests().stream().anyMatch(r -> r.contains("settled")), "it read the agenda: " + model.requests());
            assertTrue(model.apiKeys().stream().allMatch(KEY::equals), "the key of the declared file");
            Condition byModel = condition(held("by-model"), "Facilitator");
            assertEquals("True", byModel.getStatus());
            assertEquals("Model", byModel.getReason());

            MeetingResource fellBack = held("no-key");
            MeetingStatus.Minutes rules = fellBack.getStatus().lastMinutes;
            assertNull(rules.error, rules.error);
            assertTrue(rules.facilitatedBy.startsWith("factual rules (the model of gamma could not be used: "), rules.facilitatedBy);
            assertTrue(rules.facilitatedBy.contains("MANYBOT_TEST_UNSET_MEETING_KEY is not set"), rules.facilitatedBy);
            assertTrue(rules.actions.stream().anyMatch(a -> a.startsWith("gamma: Move key result settled")), rules.actions.toString());
            Condition noKey = condition(fellBack, "Facilitator");
            assertEquals("False", noKey.getStatus());
            assertEquals("NoModelKey", noKey.getReason());
            assertTrue(noKey.getMessage().contains("MANYBOT_TEST_UNSET_MEETING_KEY"), noKey.getMessage());
            Event event = OperatorFixtures.await("a FacilitatorFellBack event", () -> client.v1().events().inNamespace(NS).list().getItems()
                    .stream().filter(e -> "no-key".equals(e.getInvolvedObject().getName()) && "FacilitatorFellBack".equals(e.getReason()))
                    .findFirst().orElse(null));
            assertEquals("Warning", event.getType());
            assertFalse(Serialization.asYaml(client.resources(MeetingResource.class).inNamespace(NS).list()).contains(KEY), "no key in the status");
        }
    }

    private static MeetingResource held(String name) throws InterruptedException {
        return OperatorFixtures.await("meeting " + name + " was held", () -> {
            MeetingResource m = client.resources(MeetingResource.class).inNamespace(NS).withName(name).get();
            return m.getStatus() != null && m.getStatus().lastMinutes != null ? m : null;
        });
    }

    private static Condition condition(MeetingResource meeting, String type) {
        return meeting.getStatus().conditions.stream().filter(c -> type.equals(c.getType())).findFirst()
                .orElseThrow(() -> new AssertionError("no " + type + " condition: " + meeting.getStatus().conditions));
    }

    private static final String GOAL = """
            apiVersion: manybot.io/v1alpha1
            kind: Goal
            metadata: {name: g}
            spec:
              objective: The API is settled
              start: 2026-11-01
              deadline: 2027-12-31
              keyResults:
                - {name: settled, baseline: 0, target: 1, direction: increase, current: 0}
            """;

    private static String meeting(String name, String facilitator) {
        return """
                apiVersion: manybot.io/v1alpha1
                kind: Meeting
                metadata: {name: %s}
                spec:
                  topic: Who settles the API
                  schedule: "0 6 1 * *"
                  attendees: ["manybot:%s", "manybot:beta", "human:hana"]
                """.formatted(name, facilitator);
    }

    private static String llmBot(String name, String url, String key) {
        return """
                apiVersion: manybot.io/v1alpha1
                kind: Manybot
                metadata: {name: %s}
                spec:
                  goal: g
                  owns: ["**"]
                  repository: {url: "%s", branch: main}
                  mode: triggered
                  suspend: true
                  executor:
                    type: llm
                    model: {provider: anthropic, name: claude-sonnet-4-5, %s}
                """.formatted(name, url, key);
    }

    private static <T extends io.fabric8.kubernetes.api.model.HasMetadata> void create(String yaml, Class<T> type) {
        T resource = Serialization.unmarshal(new java.io.ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), type);
        resource.getMetadata().setNamespace(NS);
        client.resource(resource).inNamespace(NS).create();
    }
}
