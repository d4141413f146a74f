package io.manybot.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.manybot.core.cycle.BotAgents;
import io.manybot.core.cycle.ChangedFile;
import io.manybot.core.cycle.CycleFixture;
import io.manybot.core.cycle.CycleOutcome;
import io.manybot.core.cycle.CycleRequest;
import io.manybot.core.cycle.FactualPlanner;
import io.manybot.core.cycle.FactualReflector;
import io.manybot.core.cycle.WorkCycle;
import io.manybot.core.declaration.Bot;
import io.manybot.core.executor.cli.AgentCliExecutor;
import io.manybot.core.executor.cli.CodexCli;
import io.manybot.core.executor.cli.Confinement;
import io.manybot.core.executor.cli.McpConfig;
import io.manybot.core.process.ProcessRunner;
import io.manybot.core.process.ProcessSpec;
import io.manybot.core.secret.SecretRedactor;
import io.manybot.core.workspace.SourceRepository;
import io.manybot.local.state.StateStore;
import io.manybot.testing.AgentClis;
import io.manybot.testing.GitRepos;
import io.manybot.testing.ScriptedOpenAiServer;
import io.manybot.testing.ScriptedOpenAiServer.Turn;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real Codex CLI ({@code @openai/codex}, pinned) runs a task of a real cycle: its configuration's model provider
 * points at {@link ScriptedOpenAiServer} (the provider's test double speaking the Responses API with SSE streaming),
 * whose scripted calls of Codex's shell tool apply a patch and run {@code sed} in the isolated checkout; the owned
 * change lands through the gate, the non-owned one becomes a proposal, the refused one is dropped; the tokens Codex
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
        Path work = temp.resolve("work");
        CycleFixture.writeRepository(work);
        GitRepos.initAndCommit(work, "initial");
        Path bare = temp.resolve("source.git");
        Git.cloneRepository().setBare(true).setURI(work.toUri().toString()).setDirectory(bare.toFile()).call().close();

        List<Turn> script = List.of(
                Turn.shell("cat mine/a.txt"),
                Turn.applyPatch("*** Update File: mine/a.txt\n@@\n-TODO a\n+done a\n"),
                Turn.shell("sed -i 's/TODO/done/' theirs/b.txt"),
                Turn.applyPatch("*** Update File: locked/c.txt\n@@\n-TODO c\n+done c\n"),
                Turn.text("Replaced the TODOs in mine/, theirs/ and locked/. (my key: " + KEY + ")"));
        try (ScriptedOpenAiServer provider = new ScriptedOpenAiServer(script)) {
            SecretRedactor redactor = new SecretRedactor();
            ProcessRunner processes = new ProcessRunner();
            Bot bot = codexBot(codex, provider.baseUrl());
            Map<String, String> environment = Map.of("PATH", System.getenv("PATH"), "MANYBOT_TEST_OPENAI_KEY", KEY);
            Confinement confinement = Confinement.detect(processes, System.getenv());
            AgentCliExecutor executor = new AgentCliExecutor(new CodexCli(), processes, environment, redactor, confinement,
                    McpConfig.NONE, ProcessSpec.DEFAULT_OUTPUT_LIMIT);
            BotAgents agents = new BotAgents(new FactualPlanner(), executor, new FactualReflector());

            Path state = temp.resolve("state");
            StringWriter terminal = new StringWriter();
            WorkCycle cycle;
            try (StateStore store = StateStore.open(state); SourceRepository source = SourceRepository.open(bare)) {
                CycleRecorder recorder = new CycleRecorder(store, new PrintWriter(terminal, true), Clock.systemUTC(), redactor,
                        new ConcurrentHashMap<>());
                cycle = CycleFixture.runner(processes).run(new CycleRequest("cx1", bot, CycleFixture.goal(), "test", source,
                        temp.resolve("checkouts/cx1"), agents, null, "mine/ first", null, null, () -> false), recorder);
                store.saveCycle(cycle);
            }

            assertEquals(CycleOutcome.LANDED, cycle.outcome(), () -> cycle.error() + "\n" + terminal + "\n" + cycle.steps());
            Map<String, ChangedFile.Disposition> where = new HashMap<>();
            cycle.changes().forEach(change -> where.put(change.path(), change.disposition()));
            assertEquals(Map.of("mine/a.txt", ChangedFile.Disposition.LANDED, "theirs/b.txt", ChangedFile.Disposition.PROPOSED,
                    "locked/c.txt", ChangedFile.Disposition.DROPPED), where, () -> cycle.steps().toString());
            assertTrue(cycle.steps().stream().anyMatch(step -> step.kind().equals("tool") && step.description().startsWith("apply_patch update ")
                    && step.description().endsWith("mine/a.txt")), () -> cycle.steps().toString());
            assertTrue(cycle.steps().stream().anyMatch(step -> step.kind().equals("tool") && step.description().contains("sed -i")
                    && Integer.valueOf(0).equals(step.exitCode())), () -> cycle.steps().toString());
            assertTrue(cycle.steps().stream().anyMatch(step -> step.kind().equals("model") && step.output().contains("Replaced the TODOs")
                    && step.output().contains(SecretRedactor.MASK)), () -> cycle.steps().toString());
            assertTrue(cycle.steps().stream().anyMatch(step -> step.kind().equals("command") && step.description().startsWith(codex + " exec --json")),
                    () -> cycle.steps().toString());
            assertEquals(2.0, cycle.after().keyResults().get(0).current());
            assertTrue(cycle.tokens().input() >= 5L * ScriptedOpenAiServer.INPUT_TOKENS, () -> cycle.tokens().toString());
            assertTrue(cycle.tokens().output() >= 5L * ScriptedOpenAiServer.OUTPUT_TOKENS, () -> cycle.tokens().toString());

            StringWriter result = new StringWriter();
            assertEquals(0, io.manybot.cli.ManybotCommand.execute(new String[] {"result", "cx1", "--state-dir", state.toString()},
                    new PrintWriter(result, true), new PrintWriter(result, true)), result::toString);
            assertTrue(result.toString().matches("(?s).*\\n  tokens: +" + cycle.tokens().total() + " \\(" + cycle.tokens().input() + " input, "
                    + cycle.tokens().output() + " output\\)\\n.*"),
                    result::toString);
            assertFalse(result.toString().contains(KEY), "manybot result");

            assertTrue(provider.apiKeys().contains(KEY), "the key reached the provider through the CLI's environment");
            String prompt = provider.requests().stream().filter(body -> body.contains("Your task (")).findFirst().orElseThrow();
            assertTrue(prompt.contains("You own these paths and may change them: mine/**"), prompt);
            assertTrue(prompt.contains("key result files-with-todo"), prompt);
            assertTrue(prompt.contains("Focus and priorities from the directives: mine/ first"), prompt);
            for (String body : provider.requests()) {
                assertFalse(body.contains(KEY), "a request to the provider");
            }
            AgentClis.assertKeyNowhere(KEY, cycle, terminal.toString(), temp, bare);
        }
    }

    static Bot codexBot(String codex, String baseUrl) {
        Bot base = CycleFixture.bot("true", List.of("sh", "-c", "! grep -rq TODO mine"), false);
        Bot.Model model = new Bot.Model("openai", "gpt-5", baseUrl, "MANYBOT_TEST_OPENAI_KEY", null, null, null);
        return new Bot(base.name(), base.goal(), base.owns(), base.repository(), base.mode(), base.schedule(),
                new Bot.Executor(Bot.ExecutorType.CODEX, List.of(codex), false, Map.of(), Duration.ofMinutes(3), model),
                base.tests(), new Bot.Limits(1, 20, Duration.ofMinutes(5), 10, null), base.reviewers(), false, false, true, null);
    }
}
