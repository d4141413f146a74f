package io.manybot.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.manybot.core.cycle.BotAgents;
import io.manybot.core.cycle.ChangedFile;
import io.manybot.core.cycle.CycleFixture;
import io.manybot.core.cycle.CycleOutcome;
import io.manybot.core.cycle.CycleRequest;
import io.manybot.core.cycle.FactualPlanner;
import io.manybot.core.cycle.FactualReflector;
import io.manybot.core.cycle.WorkCycle;
import io.manybot.core.declaration.Bot;
import io.manybot.core.executor.cli.AgentCli;
import io.manybot.core.executor.cli.AgentCliExecutor;
import io.manybot.core.executor.cli.Confinement;
import io.manybot.core.executor.cli.McpConfig;
import io.manybot.core.process.ProcessRunner;
import io.manybot.core.process.ProcessSpec;
import io.manybot.core.secret.SecretRedactor;
import io.manybot.core.workspace.SourceRepository;
import io.manybot.local.state.StateStore;
import io.manybot.testing.AgentClis;
import io.manybot.testing.GitRepos;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jgit.api.Git;

/**
 * What the four end-to-end agent-CLI cycle tests share: the cycle fixture's repository as a bare remote, one cycle of
 * a bot whose real CLI talks to a provider test double (inside bubblewrap where it runs), recorded in a real state
 * store, and the checks every CLI must pass: the owned change lands, the non-owned one is proposed and the refused one
 * dropped; {@code manybot result} shows the tokens; the prompt carries the cycle; the planted key reached the provider
 * and nothing else.
 */
final class AgentCliCycles {
    private AgentCliCycles() {}

    /** A cycle run: the record, what the terminal showed, where the state and the remote are. */
    record Ran(WorkCycle cycle, String terminal, Path state, Path bare, Path temp) {}

    /** A bot of the cycle fixture ({@code mine/**}, tests: no TODO left in mine) running {@code type} with {@code model}. */
    static Bot bot(Bot.ExecutorType type, String executable, Bot.Model model) {
        Bot base = CycleFixture.bot("true", List.of("sh", "-c", "! grep -rq TODO mine"), false);
        return new Bot(base.name(), base.goal(), base.owns(), base.repository(), base.mode(), base.schedule(),
                new Bot.Executor(type, List.of(executable), false, Map.of(), Duration.ofMinutes(3), model),
                base.tests(), new Bot.Limits(1, 20, Duration.ofMinutes(5), 10, null), base.reviewers(), false, false, true, null);
    }

    /**
     * Runs cycle {@code id} of {@code bot} through {@code cli} on the cycle fixture's repository (a bare remote under
     * {@code temp}), in {@code checkout}, the key in {@code keyVariable}, confined as this machine allows; the focus is
     * "mine/ first". The cycle is saved in a state store under {@code temp/state}.
     */
    static Ran run(Path temp, String id, Bot bot, AgentCli cli, String keyVariable, String key, Path checkout) throws Exception {
        Path work = temp.resolve("work");
        CycleFixture.writeRepository(work);
        GitRepos.initAndCommit(work, "initial");
        Path bare = temp.resolve("source.git");
        Git.cloneRepository().setBare(true).setURI(work.toUri().toString()).setDirectory(bare.toFile()).call().close();

        SecretRedactor redactor = new SecretRedactor();
        ProcessRunner processes = new ProcessRunner();
        Map<String, String> environment = Map.of("PATH", System.getenv("PATH"), keyVariable, key);
        AgentCliExecutor executor = new AgentCliExecutor(cli, processes, environment, redactor, Confinement.detect(processes, System.getenv()),
                McpConfig.NONE, ProcessSpec.DEFAULT_OUTPUT_LIMIT);
        BotAgents agents = new BotAgents(new FactualPlanner(), executor, new FactualReflector());
        Path state = temp.resolve("state");
        StringWriter terminal = new StringWriter();
        WorkCycle cycle;
        try (StateStore store = StateStore.open(state); SourceRepository source = SourceRepository.open(bare)) {
            CycleRecorder recorder = new CycleRecorder(store, new PrintWriter(terminal, true), Clock.systemUTC(), redactor,
                    new ConcurrentHashMap<>());
            cycle = CycleFixture.runner(processes).run(new CycleRequest(id, bot, CycleFixture.goal(), "test", source, checkout, agents,
                    null, "mine/ first", null, null, () -> false), recorder);
            store.saveCycle(cycle);
        }
        return new Ran(cycle, terminal.toString(), state, bare, temp);
    }

    /**
     * The cycle landed mine/a.txt, proposed theirs/b.txt and dropped locked/c.txt; the key result moved to 2; the final
     * message (which quoted the key) is masked; the CLI's run is a step whose description starts with {@code invocation};
     * at least {@code answers} answers' worth of tokens were counted.
     */
    static void assertLandedThroughTheGate(Ran ran, String invocation, int answers, int inputTokens, int outputTokens) {
        WorkCycle cycle = ran.cycle();
        assertEquals(CycleOutcome.LANDED, cycle.outcome(), () -> cycle.error() + "\n" + ran.terminal() + "\n" + cycle.steps());
        Map<String, ChangedFile.Disposition> where = new HashMap<>();
        cycle.changes().forEach(change -> where.put(change.path(), change.disposition()));
        assertEquals(Map.of("mine/a.txt", ChangedFile.Disposition.LANDED, "theirs/b.txt", ChangedFile.Disposition.PROPOSED,
                "locked/c.txt", ChangedFile.Disposition.DROPPED), where, () -> cycle.steps().toString());
        assertTrue(cycle.steps().stream().anyMatch(step -> step.kind().equals("model") && step.output().contains("Replaced the TODOs")
                && step.output().contains(SecretRedactor.MASK)), () -> cycle.steps().toString());
        assertTrue(cycle.steps().stream().anyMatch(step -> step.kind().equals("command") && step.description().startsWith(invocation)),
                () -> cycle.steps().toString());
        assertEquals(2.0, cycle.after().keyResults().get(0).current());
        assertTrue(cycle.tokens().input() >= (long) answers * inputTokens, () -> cycle.tokens().toString());
        assertTrue(cycle.tokens().output() >= (long) answers * outputTokens, () -> cycle.tokens().toString());
    }

    /**
     * {@code manybot result} shows the cycle's tokens and not the key; the key reached the provider ({@code apiKeys}) but
     * none of its requests; the prompt carries the owned paths, the key result and the directives' focus; the key is in
     * no record, terminal output, file or commit.
     */
    static void assertTokensShownAndKeyNowhere(Ran ran, String key, List<String> requests, List<String> apiKeys) throws Exception {
        WorkCycle cycle = ran.cycle();
        StringWriter result = new StringWriter();
        assertEquals(0, io.manybot.cli.ManybotCommand.execute(new String[] {"result", cycle.id(), "--state-dir", ran.state().toString()},
                new PrintWriter(result, true), new PrintWriter(result, true)), result::toString);
        assertTrue(result.toString().matches("(?s).*\\n  tokens: +" + cycle.tokens().total() + " \\(" + cycle.tokens().input() + " input, "
                + cycle.tokens().output() + " output\\)\\n.*"), result::toString);
        assertFalse(result.toString().contains(key), "manybot result");

        assertTrue(apiKeys.contains(key), "the key reached the provider through the CLI's environment");
        String prompt = requests.stream().filter(body -> body.contains("Your task (")).findFirst().orElseThrow();
        assertTrue(prompt.contains("You own these paths and may change them: mine/**"), prompt);
        assertTrue(prompt.contains("key result files-with-todo"), prompt);
        assertTrue(prompt.contains("Focus and priorities from the directives: mine/ first"), prompt);
        for (String body : requests) {
            assertFalse(body.contains(key), "a request to the provider");
        }
        AgentClis.assertKeyNowhere(key, cycle, ran.terminal(), ran.temp(), ran.bare());
    }
}
