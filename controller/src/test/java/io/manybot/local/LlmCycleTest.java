package io.manybot.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.manybot.core.cycle.ChangedFile;
import io.manybot.core.cycle.CycleFixture;
import io.manybot.core.cycle.CycleOutcome;
import io.manybot.core.cycle.CycleRequest;
import io.manybot.core.cycle.WorkCycle;
import io.manybot.core.declaration.Bot;
import io.manybot.core.llm.LlmAgents;
import io.manybot.core.llm.ScriptedChatModel;
import io.manybot.core.llm.TestCommandRunner;
import io.manybot.core.process.ProcessRunner;
import io.manybot.core.process.ProcessSpec;
import io.manybot.core.secret.SecretRedactor;
import io.manybot.core.secret.Secrets;
import io.manybot.core.workspace.SourceRepository;
import io.manybot.local.state.StateStore;
import io.manybot.testing.GitRepos;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An LLM bot through the whole cycle, its model a scripted test double (no language model runs
 * here): the planner's structured answer, tool calls that edit files in the checkout, the same
 * ownership gate as command bots, the reflector. A planted API key never reaches the state
 * database, the event log, the cycle record or the terminal.
 */
class LlmCycleTest {
    private static final String KEY = "sk-test-PLANTED-9876543210abc";

    @TempDir
    Path temp;

    @Test
    void scriptedModelEditsFilesAndTheChangeLandsThroughTheGateWithoutLeakingTheKey() throws Exception {
        Path work = temp.resolve("work");
        CycleFixture.writeRepository(work);
        GitRepos.initAndCommit(work, "initial");
        Path bare = temp.resolve("source.git");
        Git.cloneRepository().setBare(true).setURI(work.toUri().toString()).setDirectory(bare.toFile()).call().close();

        SecretRedactor redactor = new SecretRedactor();
        Bot.Model model = new Bot.Model("openai", "gpt-test", null, "MANYBOT_TEST_KEY", null, null, null);
        assertEquals(KEY, Secrets.resolveApiKey(model, Map.of("MANYBOT_TEST_KEY", KEY), redactor));
        Bot commandBot = CycleFixture.bot("true", List.of("sh", "-c", "! grep -rq TODO mine"), false);
        Bot bot = new Bot(commandBot.name(), commandBot.goal(), commandBot.owns(), commandBot.repository(), commandBot.mode(),
                commandBot.schedule(), new Bot.Executor(Bot.ExecutorType.LLM, List.of(), false, Map.of(), Duration.ofMinutes(1), model),
                commandBot.tests(), commandBot.limits(), commandBot.reviewers(), false, false, true, null);

        ScriptedChatModel scripted = new ScriptedChatModel()
                .answer("{\"tasks\": [{\"title\": \"Remove the TODOs\", \"rationale\": \"3 files have one; my key is " + KEY + "\"}]}")
                .callTool("readFile", "{\"path\": \"mine/a.txt\"}")
                .callTool("writeFile", "{\"path\": \"mine/a.txt\", \"content\": \"done a\\n\"}")
                .callTool("writeFile", "{\"path\": \"theirs/b.txt\", \"content\": \"done b\\n\"}")
                .callTool("writeFile", "{\"path\": \"locked/c.txt\", \"content\": \"done c\\n\"}")
                .callTool("writeFile", "{\"path\": \"mine/leak.txt\", \"content\": \"" + KEY + "\"}")
                .callTool("runTests", "{}")
                .answer("Replaced the TODOs. (I was configured with " + KEY + ")")
                .answer("{\"outcomes\": [\"landed mine/a.txt\"], \"lessons\": [\"key " + KEY + "\"], \"nextFocus\": \"theirs/\"}");
        ProcessRunner processes = new ProcessRunner();
        TestCommandRunner tests = (argv, checkout, timeout) -> processes.run(
                new ProcessSpec(argv, checkout, ProcessRunner.restrictedEnvironment(Map.of()), timeout, ProcessSpec.DEFAULT_OUTPUT_LIMIT));

        Path state = temp.resolve("state");
        StringWriter terminal = new StringWriter();
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream out = System.out;
        PrintStream err = System.err;
        WorkCycle cycle;
        try (StateStore store = StateStore.open(state); SourceRepository source = SourceRepository.open(bare)) {
            System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(printed, true, StandardCharsets.UTF_8));
            CycleRecorder recorder = new CycleRecorder(store, new PrintWriter(terminal, true), Clock.systemUTC(), redactor,
                    new ConcurrentHashMap<>());
            cycle = CycleFixture.runner(processes).run(new CycleRequest("llm1", bot, CycleFixture.goal(), "test", source,
                    temp.resolve("checkouts/llm1"), LlmAgents.on(scripted, bot, tests, redactor), null, null, null, null, () -> false), recorder);
        } finally {
            System.setOut(out);
            System.setErr(err);
        }

        assertEquals(CycleOutcome.LANDED, cycle.outcome(), () -> cycle.error() + " " + terminal);
        Map<String, ChangedFile.Disposition> where = new java.util.HashMap<>();
        cycle.changes().forEach(change -> where.put(change.path(), change.disposition()));
        assertEquals(Map.of("mine/a.txt", ChangedFile.Disposition.LANDED, "theirs/b.txt", ChangedFile.Disposition.PROPOSED,
                "locked/c.txt", ChangedFile.Disposition.DROPPED), where, "mine/leak.txt was refused by the tool: it held the key");
        assertTrue(cycle.steps().stream().anyMatch(step -> step.kind().equals("tool") && step.description().contains("writeFile mine/a.txt")));
        assertTrue(cycle.tests().passed());
        assertEquals(2.0, cycle.after().keyResults().get(0).current());
        assertEquals("theirs/", cycle.reflection().nextFocus());

        ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule());
        assertFalse(json.writeValueAsString(cycle).contains(KEY), "cycle record");
        assertFalse(terminal.toString().contains(KEY), "terminal");
        assertFalse(printed.toString(StandardCharsets.UTF_8).contains(KEY), "stdout/stderr");
        try (Stream<Path> files = Files.walk(state)) {
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                assertFalse(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1).contains(KEY), () -> "state file " + file);
            }
        }
        try (Git git = Git.open(bare.toFile())) {
            for (var commit : git.log().all().call()) {
                assertFalse(commit.getFullMessage().contains(KEY), "commit message");
            }
        }
    }
}
