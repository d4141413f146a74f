package io.manybot.local;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.manybot.core.declaration.Bot;
import io.manybot.core.executor.cli.ClaudeCodeCli;
import io.manybot.testing.AgentClis;
import io.manybot.testing.ScriptedAnthropicServer;
import io.manybot.testing.ScriptedAnthropicServer.Turn;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real Claude Code CLI (from npm, pinned) runs a task of a real cycle: pointed by ANTHROPIC_BASE_URL at
 * {@link ScriptedAnthropicServer} (the provider's test double speaking the Messages API with SSE streaming), it
 * writes files in the isolated checkout; the owned change lands through the gate, the non-owned one becomes a
 * proposal, the refused one is dropped; the tokens it reported are in the cycle record; and the planted API key
 * (delivered to the provider) is in no output, state file, commit or request prompt.
 */
class ClaudeCodeCycleTest {
    private static final String KEY = "sk-ant-PLANTED-5f3a9c1e7b2d4680";

    @TempDir
    Path temp;

    @Test
    void realClaudeCodeEditsTheCheckoutAndTheChangeLandsThroughTheGate() throws Exception {
        String claude = AgentClis.require("claude");
        List<Turn> script = List.of(
                Turn.tool("Read", "{\"file_path\": \"${cwd}/mine/a.txt\"}"),
                Turn.tool("Write", "{\"file_path\": \"${cwd}/mine/a.txt\", \"content\": \"done a\\n\"}"),
                Turn.tool("Read", "{\"file_path\": \"${cwd}/theirs/b.txt\"}"),
                Turn.tool("Write", "{\"file_path\": \"${cwd}/theirs/b.txt\", \"content\": \"done b\\n\"}"),
                Turn.tool("Read", "{\"file_path\": \"${cwd}/locked/c.txt\"}"),
                Turn.tool("Write", "{\"file_path\": \"${cwd}/locked/c.txt\", \"content\": \"done c\\n\"}"),
                Turn.text("Replaced the TODOs in mine/, theirs/ and locked/. (my key: " + KEY + ")"));
        try (ScriptedAnthropicServer provider = new ScriptedAnthropicServer(script)) {
            Bot bot = AgentCliCycles.bot(Bot.ExecutorType.CLAUDE_CODE, claude,
                    new Bot.Model("anthropic", "claude-sonnet-4-5", provider.baseUrl(), "MANYBOT_TEST_ANTHROPIC_KEY", null, null, null));
            AgentCliCycles.Ran ran = AgentCliCycles.run(temp, "cc1", bot, new ClaudeCodeCli(), "MANYBOT_TEST_ANTHROPIC_KEY", KEY,
                    temp.resolve("checkouts/cc1"));

            AgentCliCycles.assertLandedThroughTheGate(ran, claude + " -p '<prompt>'", 7, ScriptedAnthropicServer.INPUT_TOKENS,
                    ScriptedAnthropicServer.OUTPUT_TOKENS);
            assertTrue(ran.cycle().steps().stream().anyMatch(step -> step.kind().equals("tool") && step.description().startsWith("Write ")
                    && step.description().endsWith("mine/a.txt")), () -> ran.cycle().steps().toString());
            AgentCliCycles.assertTokensShownAndKeyNowhere(ran, KEY, provider.requests(), provider.apiKeys());
        }
    }
}
