package io.manybot.local;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.manybot.core.declaration.Bot;
import io.manybot.core.executor.cli.OpenCodeCli;
import io.manybot.testing.AgentClis;
import io.manybot.testing.ScriptedOpenAiServer;
import io.manybot.testing.ScriptedOpenAiServer.Turn;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real OpenCode CLI ({@code opencode-ai}, pinned) runs a task of a real cycle: its configuration's {@code openai}
 * provider points at {@link ScriptedOpenAiServer} (the provider's test double speaking the Responses API with SSE
 * streaming), whose scripted calls of OpenCode's {@code apply_patch} tool edit three files in the isolated checkout; the owned
 * change lands through the gate, the non-owned one becomes a proposal, the refused one is dropped; the tokens it
 * reported are in the cycle record and {@code manybot result}; and the planted API key (delivered to the provider) is
 * in no output, state file, commit or request.
 */
class OpenCodeCycleTest {
    private static final String KEY = "sk-proj-PLANTED-0c9d8e7f6a5b4c3d";

    @TempDir
    Path temp;

    @Test
    void realOpenCodeEditsTheCheckoutAndTheChangeLandsThroughTheGate() throws Exception {
        String opencode = AgentClis.require("opencode");
        List<Turn> script = List.of(
                patch("mine/a.txt", "a"),
                patch("theirs/b.txt", "b"),
                patch("locked/c.txt", "c"),
                Turn.text("Replaced the TODOs in mine/, theirs/ and locked/. (my key: " + KEY + ")"));
        try (ScriptedOpenAiServer provider = new ScriptedOpenAiServer(script)) {
            Bot bot = AgentCliCycles.bot(Bot.ExecutorType.OPENCODE, opencode,
                    new Bot.Model("openai", "gpt-5", provider.baseUrl(), "MANYBOT_TEST_OPENAI_KEY", null, null, null));
            AgentCliCycles.Ran ran = AgentCliCycles.run(temp, "oc1", bot, new OpenCodeCli(), "MANYBOT_TEST_OPENAI_KEY", KEY,
                    temp.resolve("checkouts/oc1"));

            AgentCliCycles.assertLandedThroughTheGate(ran, opencode + " run --format json -m openai/gpt-5", 4,
                    ScriptedOpenAiServer.INPUT_TOKENS, ScriptedOpenAiServer.OUTPUT_TOKENS);
            assertTrue(ran.cycle().steps().stream().anyMatch(step -> step.kind().equals("tool") && step.description().equals("apply_patch mine/a.txt")
                    && step.succeeded()), () -> ran.cycle().steps().toString());
            AgentCliCycles.assertTokensShownAndKeyNowhere(ran, KEY, provider.requests(), provider.apiKeys());
        }
    }

    private static Turn patch(String path, String letter) {
        return Turn.call("apply_patch", "{\"patchText\": \"*** Begin Patch\\n*** Update File: " + path + "\\n@@\\n-TODO " + letter
                + "\\n+done " + letter + "\\n*** End Patch\"}");
    }
}
