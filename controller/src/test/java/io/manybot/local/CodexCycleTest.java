package io.manybot.local;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.manybot.core.declaration.Bot;
import io.manybot.core.executor.cli.CodexCli;
import io.manybot.testing.AgentClis;
import io.manybot.testing.ScriptedOpenAiServer;
import io.manybot.testing.ScriptedOpenAiServer.Turn;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real Codex CLI ({@code @openai/codex}, pinned) runs a task of a real cycle: its configuration's model provider
 * points at {@link ScriptedOpenAiServer} (the provider's test double speaking the Responses API with SSE streaming),
 * whose scripted calls of Codex's shell tool apply a patch and run {@code sed} in the isolated checkout; the owned
 * change lands through the gate, the non-owned one becomes a proposal, the refused one is dropped; the tokens it
 * reported are in the cycle record and {@code manybot result}; and the planted API key (delivered to the provider) is
 * in no output, state file, commit or request.
 */
class CodexCycleTest {
    private static final String KEY = "sk-proj-PLANTED-8c1d2e3f4a5b6079";

    @TempDir
    Path temp;

    @Test
    void realCodexEditsTheCheckoutAndTheChangeLandsThroughTheGate() throws Exception {
        String codex = AgentClis.require("codex");
        List<Turn> script = List.of(
                Turn.shell("cat mine/a.txt"),
                Turn.applyPatch("*** Update File: mine/a.txt\n@@\n-TODO a\n+done a\n"),
                Turn.shell("sed -i 's/TODO/done/' theirs/b.txt"),
                Turn.applyPatch("*** Update File: locked/c.txt\n@@\n-TODO c\n+done c\n"),
                Turn.text("Replaced the TODOs in mine/, theirs/ and locked/. (my key: " + KEY + ")"));
        try (ScriptedOpenAiServer provider = new ScriptedOpenAiServer(script)) {
            Bot bot = AgentCliCycles.bot(Bot.ExecutorType.CODEX, codex,
                    new Bot.Model("openai", "gpt-5", provider.baseUrl(), "MANYBOT_TEST_OPENAI_KEY", null, null, null));
            AgentCliCycles.Ran ran = AgentCliCycles.run(temp, "cx1", bot, new CodexCli(), "MANYBOT_TEST_OPENAI_KEY", KEY,
                    temp.resolve("checkouts/cx1"));

            AgentCliCycles.assertLandedThroughTheGate(ran, codex + " exec --json", 5, ScriptedOpenAiServer.INPUT_TOKENS,
                    ScriptedOpenAiServer.OUTPUT_TOKENS);
            assertTrue(ran.cycle().steps().stream().anyMatch(step -> step.kind().equals("tool") && step.description().startsWith("apply_patch update ")
                    && step.description().endsWith("mine/a.txt")), () -> ran.cycle().steps().toString());
            assertTrue(ran.cycle().steps().stream().anyMatch(step -> step.kind().equals("tool") && step.description().contains("sed -i")
                    && Integer.valueOf(0).equals(step.exitCode())), () -> ran.cycle().steps().toString());
            AgentCliCycles.assertTokensShownAndKeyNowhere(ran, KEY, provider.requests(), provider.apiKeys());
        }
    }
}
