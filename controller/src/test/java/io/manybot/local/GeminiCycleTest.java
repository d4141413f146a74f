package io.manybot.local;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.manybot.core.declaration.Bot;
import io.manybot.core.executor.cli.GeminiCli;
import io.manybot.testing.AgentClis;
import io.manybot.testing.ScriptedGeminiServer;
import io.manybot.testing.ScriptedGeminiServer.Turn;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real Gemini CLI ({@code @google/gemini-cli}, pinned) runs a task of a real cycle: pointed by GOOGLE_GEMINI_BASE_URL
 * at {@link ScriptedGeminiServer} (the provider's test double speaking the Gemini API's streamGenerateContent with SSE),
 * whose scripted calls of Gemini's {@code write_file} tool edit three files in the isolated checkout; the owned
 * change lands through the gate, the non-owned one becomes a proposal, the refused one is dropped; the tokens it
 * reported are in the cycle record and {@code manybot result}; and the planted API key (delivered to the provider) is
 * in no output, state file, commit or request.
 */
class GeminiCycleTest {
    private static final String KEY = "AIzaPLANTED-gemini-7a6b5c4d3e2f1a0b";

    @TempDir
    Path temp;

    @Test
    void realGeminiCliEditsTheCheckoutAndTheChangeLandsThroughTheGate() throws Exception {
        String gemini = AgentClis.require("gemini");
        Path checkout = temp.resolve("checkouts/gm1").toAbsolutePath();
        List<Turn> script = List.of(
                write(checkout, "mine/a.txt", "a"),
                write(checkout, "theirs/b.txt", "b"),
                write(checkout, "locked/c.txt", "c"),
                Turn.text("Replaced the TODOs in mine/, theirs/ and locked/. (my key: " + KEY + ")"));
        try (ScriptedGeminiServer provider = new ScriptedGeminiServer(script)) {
            Bot bot = AgentCliCycles.bot(Bot.ExecutorType.GEMINI, gemini,
                    new Bot.Model("google", "gemini-2.5-pro", provider.baseUrl(), "MANYBOT_TEST_GEMINI_KEY", null, null, null));
            AgentCliCycles.Ran ran = AgentCliCycles.run(temp, "gm1", bot, new GeminiCli(), "MANYBOT_TEST_GEMINI_KEY", KEY, checkout);

            AgentCliCycles.assertLandedThroughTheGate(ran, gemini + " -p '<prompt>' --output-format stream-json", 4,
                    ScriptedGeminiServer.INPUT_TOKENS, ScriptedGeminiServer.OUTPUT_TOKENS);
            assertTrue(ran.cycle().steps().stream().anyMatch(step -> step.kind().equals("tool")
                    && step.description().equals("write_file " + checkout.resolve("mine/a.txt")) && step.succeeded()),
                    () -> ran.cycle().steps().toString());
            AgentCliCycles.assertTokensShownAndKeyNowhere(ran, KEY, provider.requests(), provider.apiKeys());
        }
    }

    private static Turn write(Path checkout, String path, String letter) {
        return Turn.call("write_file", "{\"file_path\": \"" + checkout.resolve(path) + "\", \"content\": \"done " + letter + "\\n\"}");
    }
}
