package io.manybot.core.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import io.manybot.core.cycle.ExecutedStep;
import io.manybot.core.declaration.Bot;
import io.manybot.core.executor.ExecutionResult;
import io.manybot.core.secret.SecretRedactor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LlmTaskExecutorTest {
    private static final List<String> TEST_COMMAND =
            List.of("sh", "-c", "if grep -q 'return a + b' calc.py; then echo 'all tests passed'; else echo 'FAIL: add(2, 3) != 5'; exit 1; fi");

    @TempDir
    Path checkout;

    @Test
    void scriptedModelDrivesRealToolLoopThatEditsFileAndRunsTests() throws Exception {
        Files.writeString(checkout.resolve("calc.py"), "def add(a, b):\n    return a - b\n");
        Files.createDirectories(checkout.resolve("docs"));
        Files.writeString(checkout.resolve("docs/README.md"), "calculator\n");

        ScriptedChatModel model = new ScriptedChatModel()
                .callTool("listFiles", "{}")
                .callTool("runTests", "{}")
                .callTool("readFile", "{\"path\": \"calc.py\"}")
                // The edit is made from what readFile returned: the loop really feeds tool results back.
                .then(request -> {
                    String source = ScriptedChatModel.lastToolResult(request);
                    return AiMessage.from(new ScriptedChatModel().toolCall("writeFile",
                            "{\"path\": \"calc.py\", \"content\": " + json(source.replace("a - b", "a + b")) + "}"));
                })
                .callTool("searchFiles", "{\"regex\": \"return a \\\\+ b\", \"glob\": \"*.py\"}")
                .callTool("runTests", "{}")
                .then(request -> AiMessage.from("Fixed add() in calc.py: it subtracted. Tests: "
                        + ScriptedChatModel.lastToolResult(request).lines().findFirst().orElse("")));

        LlmTaskExecutor executor = new LlmTaskExecutor(model, TestBots.RUNNER, new SecretRedactor());
        ExecutionResult result = executor.execute(TestBots.request(TestBots.bot(TEST_COMMAND, 10, null), checkout, Duration.ofMinutes(1)));

        assertTrue(result.succeeded(), result.summary());
        assertEquals("def add(a, b):\n    return a + b\n", Files.readString(checkout.resolve("calc.py")));

        List<String> descriptions = result.steps().stream().map(ExecutedStep::description).toList();
        assertEquals("listFiles .", descriptions.get(0));
        assertTrue(descriptions.get(1).startsWith("runTests sh -c"), descriptions.get(1));
        assertEquals("readFile calc.py", descriptions.get(2));
        assertEquals("writeFile calc.py", descriptions.get(3));
        assertEquals("searchFiles /return a \\+ b/ in *.py", descriptions.get(4));
        assertTrue(descriptions.get(6).startsWith("final answer (7 model calls, 6 tool rounds, 105 tokens)"), descriptions.get(6));
        assertEquals(7, result.steps().size());
        assertTrue(result.steps().stream().allMatch(s -> s.task().equals("t1")));
        assertEquals(List.of("tool", "tool", "tool", "tool", "tool", "tool", "model"),
                result.steps().stream().map(ExecutedStep::kind).toList());

        ExecutedStep failingTests = result.steps().get(1);
        assertFalse(failingTests.succeeded());
        assertEquals(1, failingTests.exitCode());
        assertTrue(failingTests.output().contains("FAIL: add(2, 3) != 5"), failingTests.output());
        ExecutedStep passingTests = result.steps().get(5);
        assertTrue(passingTests.succeeded());
        assertEquals(0, passingTests.exitCode());
        assertTrue(result.steps().get(4).output().contains("1 matches"), result.steps().get(4).output());
        assertEquals("Fixed add() in calc.py: it subtracted. Tests: exit 0 in "
                + result.summary().substring(result.summary().indexOf("exit 0 in ") + 10), result.summary());
        assertTrue(result.summary().endsWith("(tests passed)"), result.summary());
        assertEquals(result.summary(), result.steps().get(6).output());

        // What the model saw: the tool list with real parameter names (-parameters), the prompt, tool results.
        ChatRequest first = model.requests().get(0);
        Set<String> tools = first.toolSpecifications().stream().map(ToolSpecification::name).collect(Collectors.toSet());
        assertEquals(Set.of("listFiles", "readFile", "writeFile", "searchFiles", "runTests"), tools);
        ToolSpecification write = first.toolSpecifications().stream().filter(t -> t.name().equals("writeFile")).findFirst().orElseThrow();
        assertEquals(Set.of("path", "content"), write.parameters().properties().keySet());
        String system = ((SystemMessage) first.messages().get(0)).text();
        assertTrue(system.startsWith("You are calc-bot"), system);
        assertTrue(system.contains("The calculator adds correctly"), system);
        assertTrue(system.contains("Current focus: correctness first"), system);
        assertEquals("Task t1: Fix add() in calc.py\nWhy: add() subtracts", ScriptedChatModel.userText(first));
        List<String> results = model.toolResults().stream().map(r -> r.text()).toList();
        assertTrue(results.get(0).contains("calc.py") && results.get(0).contains("docs/README.md"), results.get(0));
        assertTrue(results.get(1).contains("(tests failed)"), results.get(1));
        assertTrue(results.get(3).startsWith("replaced calc.py"), results.get(3));
        assertTrue(results.get(4).startsWith("calc.py:2: return a + b"), results.get(4));
    }

    @Test
    void scriptedModelThatCallsToolsForeverStopsAtIterationCap() throws Exception {
        Files.writeString(checkout.resolve("a.txt"), "a\n");
        ScriptedChatModel model = new ScriptedChatModel();
        model.forever(request -> AiMessage.from(model.toolCall("listFiles", "{}")));

        LlmTaskExecutor executor = new LlmTaskExecutor(model, TestBots.RUNNER, new SecretRedactor());
        ExecutionResult result = executor.execute(TestBots.request(TestBots.bot(null, 3, null), checkout, Duration.ofMinutes(1)));

        assertFalse(result.succeeded());
        assertTrue(result.summary().contains("tool iteration limit reached"), result.summary());
        assertEquals(4, model.requests().size(), "3 rounds of tools, then the 4th answer still asks for tools");
        assertEquals(4, result.steps().size());
        assertEquals(3, result.steps().stream().filter(s -> s.kind().equals("tool")).count());
        ExecutedStep last = result.steps().get(3);
        assertEquals("model", last.kind());
        assertFalse(last.succeeded());
        assertTrue(last.description().startsWith("no final answer (4 model calls, 3 tool rounds"), last.description());
    }

    @Test
    void scriptedModelStopsWhenTokenBudgetIsSpent() throws Exception {
        ScriptedChatModel model = new ScriptedChatModel().tokensPerCall(900, 100);
        model.forever(request -> AiMessage.from(model.toolCall("listFiles", "{}")));

        LlmTaskExecutor executor = new LlmTaskExecutor(model, TestBots.RUNNER, new SecretRedactor());
        ExecutionResult result = executor.execute(TestBots.request(TestBots.bot(null, 25, 2500L), checkout, Duration.ofMinutes(1)));

        assertFalse(result.succeeded());
        assertTrue(result.summary().contains("token limit reached: 3000 tokens used in this cycle, the limit is 2500"), result.summary());
        assertEquals(3, model.requests().size());
        assertEquals(2, result.steps().stream().filter(s -> s.kind().equals("tool")).count());
    }

    @Test
    void scriptedModelFailureGivesFailedResultNotException() throws Exception {
        ScriptedChatModel model = new ScriptedChatModel()
                .callTool("listFiles", "{}")
                .fail(new IllegalStateException("HTTP 503: upstream overloaded"));

        ExecutionResult result = new LlmTaskExecutor(model, TestBots.RUNNER, new SecretRedactor())
                .execute(TestBots.request(TestBots.bot(null, 5, null), checkout, Duration.ofMinutes(1)));

        assertFalse(result.succeeded());
        assertEquals("model error: IllegalStateException: HTTP 503: upstream overloaded", result.summary());
        assertEquals(2, result.steps().size());
        assertNull(result.steps().get(1).exitCode());
    }

    @Test
    void scriptedModelRunningSlowTestsIsStoppedAtTheTimeout() throws Exception {
        ScriptedChatModel model = new ScriptedChatModel();
        model.forever(request -> AiMessage.from(model.toolCall("runTests", "{}")));
        Bot bot = TestBots.bot(List.of("sh", "-c", "sleep 20"), 25, null);

        long started = System.nanoTime();
        ExecutionResult result = new LlmTaskExecutor(model, TestBots.RUNNER, new SecretRedactor())
                .execute(TestBots.request(bot, checkout, Duration.ofMillis(1500)));
        long millis = (System.nanoTime() - started) / 1_000_000;

        assertFalse(result.succeeded());
        assertTrue(millis < 10_000, "took " + millis + " ms");
        assertTrue(result.summary().contains("out of time") || result.summary().contains("timed out"), result.summary());
    }

    @Test
    void scriptedModelCallingUnknownToolOrSendingBadArgumentsGetsErrorsAndCanFinish() throws Exception {
        ScriptedChatModel model = new ScriptedChatModel()
                .callTool("deleteEverything", "{}")
                .callTool("writeFile", "{\"path\": \"a.txt\", \"content\": ")
                .then(request -> AiMessage.from("gave up: " + ScriptedChatModel.lastToolResult(request)));

        ExecutionResult result = new LlmTaskExecutor(model, TestBots.RUNNER, new SecretRedactor())
                .execute(TestBots.request(TestBots.bot(null, 5, null), checkout, Duration.ofMinutes(1)));

        assertTrue(result.succeeded(), result.summary());
        List<String> answers = model.toolResults().stream().map(r -> r.text()).toList();
        assertTrue(answers.get(0).startsWith("error: there is no tool named 'deleteEverything'"), answers.get(0));
        assertTrue(answers.get(1).startsWith("error: invalid arguments: "), answers.get(1));
        assertEquals("deleteEverything (not run)", result.steps().get(0).description());
        assertEquals("writeFile (not run)", result.steps().get(1).description());
        assertFalse(result.steps().get(1).succeeded());
        assertFalse(Files.exists(checkout.resolve("a.txt")));
    }

    private static String json(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }
}
