package io.manybot.core.llm;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.langchain4j.model.chat.request.ChatRequest;
import io.manybot.core.declaration.Bot;
import io.manybot.core.executor.ExecutionResult;
import io.manybot.core.executor.cli.McpConfig;
import io.manybot.core.secret.SecretRedactor;
import io.manybot.testing.AgentClis;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The llm executor calls a real MCP server from the npm registry ({@code @modelcontextprotocol/server-filesystem}, over
 * stdio, through langchain4j's MCP client); the model is a scripted test double. The server's tools are offered to the
 * model next to the workspace tools, and the call is a step of the task.
 */
class LlmMcpToolsTest {
    @TempDir
    Path checkout;

    @Test
    void theModelCallsATooloftheBotsMcpServer() throws Exception {
        String server = AgentClis.require("mcp-server-filesystem");
        Files.writeString(checkout.resolve("notes-from-mcp.txt"), "hello\n");
        McpConfig mcp = McpConfig.resolve(List.of(new Bot.McpServer("files", List.of(server, checkout.toString()),
                List.of(new Bot.McpEnv("FILES_TOKEN", null, "MANYBOT_TEST_MCP_TOKEN", null)), null)),
                Map.of("MANYBOT_TEST_MCP_TOKEN", "mcp-token-PLANTED-123456"), new SecretRedactor());
        ScriptedChatModel model = new ScriptedChatModel()
                .callTool("list_directory", "{\"path\": \"" + checkout + "\"}")
                .answer("Listed the directory through MCP.");
        Bot bot = TestBots.bot(List.of(), 5, null);
        ExecutionResult result = new LlmTaskExecutor(model, TestBots.RUNNER, new SecretRedactor(), new TokenBudget(), mcp)
                .execute(TestBots.request(bot, checkout, Duration.ofMinutes(2)));
        assertTrue(result.succeeded(), () -> result.summary() + result.steps());
        ChatRequest first = model.requests().get(0);
        assertTrue(first.toolSpecifications().stream().anyMatch(tool -> tool.name().equals("list_directory")), "the MCP tools are offered");
        assertTrue(first.toolSpecifications().stream().anyMatch(tool -> tool.name().equals("writeFile")), "next to the workspace tools");
        assertTrue(result.steps().stream().anyMatch(step -> step.description().startsWith("mcp list_directory")
                && step.output().contains("notes-from-mcp.txt")), () -> result.steps().toString());
        String answered = model.requests().get(1).messages().toString();
        assertTrue(answered.contains("notes-from-mcp.txt"), "the server's answer went back to the model");
    }
}
