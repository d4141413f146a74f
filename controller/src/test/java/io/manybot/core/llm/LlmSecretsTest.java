package io.manybot.core.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.model.chat.ChatModel;
import io.manybot.core.cycle.CycleOutcome;
import io.manybot.core.cycle.ExecutedStep;
import io.manybot.core.cycle.PlanningContext;
import io.manybot.core.cycle.Reflection;
import io.manybot.core.cycle.Task;
import io.manybot.core.cycle.WorkCycle;
import io.manybot.core.declaration.Bot;
import io.manybot.core.executor.ExecutionResult;
import io.manybot.core.secret.SecretException;
import io.manybot.core.secret.SecretRedactor;
import io.manybot.core.secret.Secrets;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A planted API key must not come out anywhere: steps, summaries, plans, reflections, exceptions, stdout/stderr. */
class LlmSecretsTest {
    private static final String KEY = "sk-test-PLANTED-1234567890";
    /** Pieces of the key: a cut through the key must not leave either half behind. */
    private static final List<String> PIECES = List.of(KEY.substring(0, 10), KEY.substring(KEY.length() - 10));
    private static final Map<String, String> ENV = Map.of("MANYBOT_TEST_KEY", KEY, "HOME", "/home/someone-else");

    @TempDir
    Path checkout;

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private PrintStream out;
    private PrintStream err;

    @BeforeEach
    void capture() {
        out = System.out;
        err = System.err;
        PrintStream both = new PrintStream(printed, true, StandardCharsets.UTF_8);
        System.setOut(both);
        System.setErr(both);
    }

    @AfterEach
    void restore() {
        System.setOut(out);
        System.setErr(err);
        assertNoKey(printed.toString(StandardCharsets.UTF_8));
    }

    @Test
    void scriptedModelEchoingThePlantedKeyLeavesItInNoStepSummaryOrFile() throws Exception {
        SecretRedactor redactor = new SecretRedactor();
        String key = Secrets.resolveApiKey(TestBots.openAiModel("MANYBOT_TEST_KEY"), ENV, redactor);
        assertEquals(KEY, key);
        // A file that happens to hold the key, printed by the test command.
        Files.writeString(checkout.resolve("settings.env"), "OPENAI_API_KEY=" + KEY + "\n");
        Bot bot = TestBots.bot(List.of("sh", "-c", "cat settings.env; echo " + KEY + " >&2; exit 3"), 25, null);

        ScriptedChatModel model = new ScriptedChatModel()
                .callTool("readFile", "{\"path\": \"settings.env\"}")
                .callTool("writeFile", "{\"path\": \"leak.txt\", \"content\": \"key=" + KEY + "\"}")
                .callTool("writeFile", "{\"path\": \"" + KEY + ".txt\", \"content\": \"harmless\"}")
                // The description is cut at 200 characters, right through the key.
                .callTool("writeFile", "{\"path\": \"" + "d/".repeat(90) + KEY + "\", \"content\": \"x\"}")
                .callTool("readFile", "{\"path\": \"" + KEY + "\"}")
                .callTool("searchFiles", "{\"regex\": \"" + KEY + "\"}")
                .callTool("listFiles", "{\"directory\": \"" + KEY + "\"}")
                .callTool("runTests", "{}")
                .answer("Done. By the way the key is " + KEY);

        ExecutionResult result = new LlmTaskExecutor(model, TestBots.RUNNER, redactor)
                .execute(TestBots.request(bot, checkout, Duration.ofMinutes(1)));

        assertTrue(result.succeeded(), result.summary());
        assertEquals("Done. By the way the key is ***", result.summary());
        for (ExecutedStep step : result.steps()) {
            assertNoKey(step.description());
            assertNoKey(step.output());
        }
        assertEquals("writeFile ***.txt", result.steps().get(2).description());
        assertTrue(result.steps().get(7).output().contains("OPENAI_API_KEY=***"), result.steps().get(7).output());
        // The model is not handed the key back either, and the key was not written into the repository.
        for (ToolExecutionResultMessage answer : model.toolResults()) {
            assertNoKey(answer.text());
        }
        assertTrue(model.toolResults().get(1).text().contains("holds a secret"), model.toolResults().get(1).text());
        assertFalse(Files.exists(checkout.resolve("leak.txt")));
        assertEquals(List.of("settings.env"), filesHolding(checkout, KEY));
    }

    @Test
    void scriptedModelFailingWithTheKeyInItsErrorGivesRedactedReason() throws Exception {
        SecretRedactor redactor = new SecretRedactor();
        Secrets.resolveApiKey(TestBots.openAiModel("MANYBOT_TEST_KEY"), ENV, redactor);
        ScriptedChatModel model = new ScriptedChatModel()
                .fail(new RuntimeException("401 Unauthorized: Incorrect API key provided: " + KEY,
                        new IllegalStateException("Bearer " + KEY)));

        ExecutionResult result = new LlmTaskExecutor(model, TestBots.RUNNER, redactor)
                .execute(TestBots.request(TestBots.bot(null, 5, null), checkout, Duration.ofMinutes(1)));

        assertFalse(result.succeeded());
        assertEquals("model error: RuntimeException: 401 Unauthorized: Incorrect API key provided: *** / "
                + "IllegalStateException: Bearer ***", result.summary());
        assertNoKey(result.steps().toString());
    }

    @Test
    void realOpenAiClientWithPlantedKeyFailingToConnectReportsNoKey() throws Exception {
        SecretRedactor redactor = new SecretRedactor();
        Bot.Model declared = new Bot.Model("openai-compatible", "some-model", "http://127.0.0.1:1/v1", "MANYBOT_TEST_KEY", null, null, null);
        ChatModel model = ChatModels.create(declared, Secrets.resolveApiKey(declared, ENV, redactor));

        ExecutionResult result = new LlmTaskExecutor(model, TestBots.RUNNER, redactor)
                .execute(TestBots.request(TestBots.bot(null, 5, null), checkout, Duration.ofMinutes(1)));

        assertFalse(result.succeeded());
        assertTrue(result.summary().startsWith("model error: "), result.summary());
        assertNoKey(result.toString());
    }

    @Test
    void plannerAndReflectorEchoingTheKeyAreRedacted() throws Exception {
        SecretRedactor redactor = new SecretRedactor();
        Secrets.resolveApiKey(TestBots.openAiModel("MANYBOT_TEST_KEY"), ENV, redactor);
        ScriptedChatModel planModel = new ScriptedChatModel()
                .answer("{\"tasks\": [{\"title\": \"Rotate " + KEY + "\", \"rationale\": \"it is " + KEY + "\"}]}");
        List<Task> tasks = new LlmPlanner(planModel, redactor).plan(new PlanningContext(
                TestBots.bot(null, 5, null), TestBots.goal(), null, List.of(), List.of(), null, null, 3));
        assertEquals("Rotate ***", tasks.get(0).title());
        assertEquals("it is ***", tasks.get(0).rationale());

        // langchain4j's parse error carries the answer base64-encoded; it must not reach the fallback task.
        String garbageAnswer = "not json, but " + KEY;
        ScriptedChatModel garbage = new ScriptedChatModel().answer(garbageAnswer);
        List<Task> fallback = new LlmPlanner(garbage, redactor).plan(new PlanningContext(
                TestBots.bot(null, 5, null), TestBots.goal(), null, List.of(), List.of(), null, null, 3));
        assertNoKey(fallback.toString());
        assertFalse(fallback.toString().contains(Base64.getEncoder().encodeToString(garbageAnswer.getBytes(StandardCharsets.UTF_8))));
        assertTrue(fallback.get(0).rationale().contains("it begins: \"not json, but ***\""), fallback.get(0).rationale());

        ModelException failure = assertThrows(ModelException.class, () -> new LlmPlanner(
                new ScriptedChatModel().fail(new RuntimeException("bad key " + KEY)), redactor).plan(new PlanningContext(
                TestBots.bot(null, 5, null), TestBots.goal(), null, List.of(), List.of(), null, null, 3)));
        assertNoKey(failure.getMessage());
        assertNull(failure.getCause());

        WorkCycle cycle = new WorkCycle("c1", "calc-bot", "calc-correct", "manual", io.manybot.core.cycle.CyclePhase.REFLECT,
                CycleOutcome.FAILED, Instant.now(), Instant.now(), "abc", null, null, null, List.of(), List.of(), List.of(),
                List.of(new ExecutedStep("t1", "model", "final answer", null, false, "key " + KEY, 1)), List.of(), null, null,
                null, List.of(), "the model said " + KEY);
        ScriptedChatModel reflectModel = new ScriptedChatModel()
                .then(request -> AiMessage.from("{\"outcomes\": [\"saw " + KEY + "\"], \"lessons\": [], \"nextFocus\": \""
                        + KEY + "\"}"));
        Reflection reflection = new LlmReflector(reflectModel, redactor).reflect(cycle);
        assertEquals(List.of("saw ***"), reflection.outcomes());
        assertEquals("***", reflection.nextFocus());
        assertNoKey(ScriptedChatModel.userText(reflectModel.requests().get(0)));

        Reflection factual = new LlmReflector(new ScriptedChatModel().fail(new RuntimeException(KEY)), redactor).reflect(cycle);
        assertNoKey(factual.toString());
        Reflection unreadable = new LlmReflector(new ScriptedChatModel().answer("no json " + KEY), redactor).reflect(cycle);
        assertNoKey(unreadable.toString());
    }

    @Test
    void missingKeyErrorNamesTheVariableOrFileNeverAValue() throws IOException {
        SecretRedactor redactor = new SecretRedactor();
        SecretException missing = assertThrows(SecretException.class,
                () -> Secrets.resolveApiKey(TestBots.openAiModel("MANYBOT_MISSING_KEY"), ENV, redactor));
        assertEquals("the API key for model provider 'openai' is missing: environment variable MANYBOT_MISSING_KEY is not set",
                missing.getMessage());
        for (String value : ENV.values()) {
            assertFalse(missing.getMessage().contains(value));
        }

        SecretException empty = assertThrows(SecretException.class,
                () -> Secrets.resolveApiKey(TestBots.openAiModel("EMPTY"), Map.of("EMPTY", "  "), redactor));
        assertTrue(empty.getMessage().endsWith("environment variable EMPTY is empty"), empty.getMessage());

        Path file = checkout.resolve("no-such-key-file");
        Bot.Model fromFile = new Bot.Model("anthropic", "claude", null, null, file.toString(), null, null);
        SecretException noFile = assertThrows(SecretException.class, () -> Secrets.resolveApiKey(fromFile, ENV, redactor));
        assertTrue(noFile.getMessage().contains("could not be read from file " + file), noFile.getMessage());

        SecretException undeclared = assertThrows(SecretException.class, () -> Secrets.resolveApiKey(
                new Bot.Model("anthropic", "claude", null, null, null, null, null), ENV, redactor));
        assertTrue(undeclared.getMessage().contains("needs an API key: declare apiKeyEnv"), undeclared.getMessage());

        Files.writeString(file, "  " + KEY + "\n");
        assertEquals(KEY, Secrets.resolveApiKey(fromFile, Map.of(), redactor));
        assertEquals("x *** y", redactor.redact("x " + KEY + " y"));

        assertNull(Secrets.resolveApiKey(new Bot.Model("ollama", "llama3", null, null, null, null, null), ENV, redactor));
    }

    @Test
    void redactorIgnoresShortValuesAndMasksLongestFirst() throws Exception {
        SecretRedactor redactor = new SecretRedactor();
        redactor.register(null);
        redactor.register("   ");
        redactor.register("abc12");
        assertEquals(0, redactor.size());
        assertEquals("abc12 stays", redactor.redact("abc12 stays"));
        redactor.register("token-123456");
        redactor.register("token-123456-extended");
        assertEquals("*** and ***", redactor.redact("token-123456-extended and token-123456"));
        assertTrue(redactor.containsSecret("xx token-123456"));
        assertFalse(redactor.toString().contains("token"));
        assertNull(redactor.redact(null));

        AtomicInteger failures = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            int n = i;
            threads.add(new Thread(() -> {
                for (int j = 0; j < 200; j++) {
                    redactor.register("secret-" + n + "-" + j);
                    if (!redactor.redact("[secret-" + n + "-" + j + "]").equals("[***]")) {
                        failures.incrementAndGet();
                    }
                }
            }));
        }
        threads.forEach(Thread::start);
        for (Thread thread : threads) {
            thread.join();
        }
        assertEquals(0, failures.get());
        assertEquals(2 + 8 * 200, redactor.size());
    }

    private static void assertNoKey(String text) {
        for (String piece : PIECES) {
            assertFalse(text.contains(piece), "the planted key (or a piece of it) is in: " + text);
        }
        assertFalse(text.contains(Base64.getEncoder().encodeToString(KEY.getBytes(StandardCharsets.UTF_8))), text);
    }

    private static List<String> filesHolding(Path root, String text) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).filter(path -> {
                try {
                    return Files.readString(path).contains(text);
                } catch (IOException e) {
                    return false;
                }
            }).map(path -> root.relativize(path).toString()).toList();
        }
    }
}
