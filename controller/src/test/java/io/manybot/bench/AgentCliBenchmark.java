package io.manybot.bench;

import io.manybot.core.cycle.BotAgents;
import io.manybot.core.cycle.CycleFixture;
import io.manybot.core.cycle.CycleListener;
import io.manybot.core.cycle.CycleOutcome;
import io.manybot.core.cycle.CycleRequest;
import io.manybot.core.cycle.ExecutedStep;
import io.manybot.core.cycle.FactualPlanner;
import io.manybot.core.cycle.FactualReflector;
import io.manybot.core.cycle.WorkCycle;
import io.manybot.core.declaration.Bot;
import io.manybot.core.executor.cli.AgentCli;
import io.manybot.core.executor.cli.AgentCliExecutor;
import io.manybot.core.executor.cli.ClaudeCodeCli;
import io.manybot.core.executor.cli.CliInvocation;
import io.manybot.core.executor.cli.CliRun;
import io.manybot.core.executor.cli.CodexCli;
import io.manybot.core.executor.cli.Confinement;
import io.manybot.core.executor.cli.McpConfig;
import io.manybot.core.process.ProcessResult;
import io.manybot.core.process.ProcessRunner;
import io.manybot.core.process.ProcessSpec;
import io.manybot.core.secret.SecretRedactor;
import io.manybot.core.workspace.Directories;
import io.manybot.core.workspace.SourceRepository;
import io.manybot.testing.AgentClis;
import io.manybot.testing.GitRepos;
import io.manybot.testing.ScriptedAnthropicServer;
import io.manybot.testing.ScriptedOpenAiServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.jgit.api.Git;

/**
 * The agent-CLI executor's own overhead per cycle, for {@code claude-code} and {@code codex}: a whole cycle of the bot
 * (the real CLI, its provider a loopback test double — {@link ScriptedAnthropicServer}, {@link ScriptedOpenAiServer} —
 * scripted to edit one file and answer) minus the CLI's own run, against doing the same by hand: {@code git clone},
 * the same CLI invocation in the clone, {@code git commit}, {@code git push}. Run by {@code bench/agent-cli.sh}.
 */
public final class AgentCliBenchmark {
    private static final String KEY = "sk-bench-0123456789abcdef";

    private AgentCliBenchmark() {}

    /** One CLI under test: its executor type and class, executable and model (pointed at its provider double). */
    private record Subject(Bot.ExecutorType type, AgentCli cli, String executable, Bot.Model model) {}

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        String claude = AgentClis.require("claude");
        String codex = AgentClis.require("codex");
        Path root = Files.createTempDirectory("manybot-agent-bench-");
        try (ScriptedAnthropicServer anthropic = new ScriptedAnthropicServer(List.of(
                ScriptedAnthropicServer.Turn.tool("Read", "{\"file_path\": \"${cwd}/mine/a.txt\"}"),
                ScriptedAnthropicServer.Turn.tool("Write", "{\"file_path\": \"${cwd}/mine/a.txt\", \"content\": \"done a\\n\"}"),
                ScriptedAnthropicServer.Turn.text("Done.")));
                ScriptedOpenAiServer openai = new ScriptedOpenAiServer(List.of(
                        ScriptedOpenAiServer.Turn.applyPatch("*** Update File: mine/a.txt\n@@\n-TODO a\n+done a\n"),
                        ScriptedOpenAiServer.Turn.text("Done.")))) {
            Path work = root.resolve("work");
            CycleFixture.writeRepository(work);
            GitRepos.initAndCommit(work, "initial");
            ProcessRunner processes = new ProcessRunner();
            Map<String, List<Long>> results = new LinkedHashMap<>();
            List<Subject> subjects = List.of(
                    new Subject(Bot.ExecutorType.CLAUDE_CODE, new ClaudeCodeCli(), claude,
                            new Bot.Model("anthropic", "claude-sonnet-4-5", anthropic.baseUrl(), "BENCH_KEY", null, null, null)),
                    new Subject(Bot.ExecutorType.CODEX, new CodexCli(), codex,
                            new Bot.Model("openai", "gpt-5", openai.baseUrl(), "BENCH_KEY", null, null, null)));
            for (Subject subject : subjects) {
                cycles(subject, rounds, root, work, processes, results);
                byHand(subject, rounds, root, work, processes, results);
            }

            System.out.println("| Measure (scripted provider on loopback; ms) | median | min |");
            System.out.println("|---|---|---|");
            results.forEach((name, values) -> {
                List<Long> sorted = values.stream().sorted().toList();
                System.out.printf(Locale.ROOT, "| %s | %d | %d |%n", name, sorted.get(sorted.size() / 2), sorted.get(0));
            });
            Runtime runtime = Runtime.getRuntime();
            System.out.printf(Locale.ROOT, "%nMachine: %d cores%s, %s. %d measured rounds after 2 warm-up rounds.%n",
                    runtime.availableProcessors(), Machine.cpuModel(), System.getProperty("java.runtime.name") + " "
                            + System.getProperty("java.runtime.version"), rounds);
        } finally {
            Directories.delete(root);
        }
    }

    /** Whole cycles of the subject's bot, unconfined and under bubblewrap, and the CLI's run within each. */
    private static void cycles(Subject subject, int rounds, Path root, Path work, ProcessRunner processes, Map<String, List<Long>> results)
            throws Exception {
        Map<String, String> environment = Map.of("PATH", System.getenv("PATH"), "BENCH_KEY", KEY);
        Bot bot = bot(subject);
        for (Confinement confinement : List.of(Confinement.none("benchmark"), Confinement.detect(processes, System.getenv()))) {
            String label = subject.cli().type() + ", " + (confinement.confined() ? "bubblewrap" : "unconfined");
            List<Long> whole = new ArrayList<>();
            List<Long> cli = new ArrayList<>();
            for (int round = 0; round < rounds + 2; round++) {
                String name = subject.cli().type() + "-" + (confinement.confined() ? "bwrap" : "none") + "-" + round;
                Path bare = root.resolve("cycle-" + name + ".git");
                Git.cloneRepository().setBare(true).setURI(work.toUri().toString()).setDirectory(bare.toFile()).call().close();
                BotAgents agents = new BotAgents(new FactualPlanner(), new AgentCliExecutor(subject.cli(), processes, environment,
                        new SecretRedactor(), confinement, McpConfig.NONE, ProcessSpec.DEFAULT_OUTPUT_LIMIT), new FactualReflector());
                long started = System.nanoTime();
                WorkCycle cycle;
                try (SourceRepository source = SourceRepository.open(bare)) {
                    cycle = CycleFixture.runner(processes).run(new CycleRequest("b" + round, bot, CycleFixture.goal(), "bench", source,
                            root.resolve("checkouts/" + name), agents, null, null, null, null, () -> false), CycleListener.NONE);
                }
                long ms = (System.nanoTime() - started) / 1_000_000;
                if (cycle.outcome() != CycleOutcome.LANDED) {
                    throw new IllegalStateException(label + " cycle " + cycle.outcome() + ": " + cycle.error() + " " + cycle.steps());
                }
                long run = cycle.steps().stream().filter(step -> step.kind().equals("command")).mapToLong(ExecutedStep::millis).sum();
                if (round >= 2) {
                    whole.add(ms);
                    cli.add(run);
                }
            }
            results.put("Whole cycle (" + label + ")", whole);
            results.put("  of which the CLI's own run (" + label + ")", cli);
            results.put("  **executor + cycle overhead** (whole − CLI run; " + label + ")", minus(whole, cli));
        }
    }

    /** The same by hand: clone, the CLI's own invocation in the clone (its configuration in a fresh HOME), commit, push. */
    private static void byHand(Subject subject, int rounds, Path root, Path work, ProcessRunner processes, Map<String, List<Long>> results)
            throws Exception {
        List<Long> whole = new ArrayList<>();
        List<Long> cli = new ArrayList<>();
        for (int round = 0; round < rounds + 2; round++) {
            String name = subject.cli().type() + "-" + round;
            Path bare = root.resolve("hand-" + name + ".git");
            Git.cloneRepository().setBare(true).setURI(work.toUri().toString()).setDirectory(bare.toFile()).call().close();
            Path clone = root.resolve("hand-clone-" + name);
            Path home = Files.createTempDirectory(root, "home-");
            CliInvocation invocation = subject.cli().invocation(new CliRun(subject.executable(), "Remove the TODO in mine/a.txt", clone, home,
                    subject.model(), 10, McpConfig.NONE));
            for (Map.Entry<String, String> file : invocation.homeFiles().entrySet()) {
                Files.createDirectories(home.resolve(file.getKey()).getParent());
                Files.writeString(home.resolve(file.getKey()), file.getValue(), StandardCharsets.UTF_8);
            }
            Map<String, String> declared = new HashMap<>(invocation.environment());
            declared.putAll(Map.of("HOME", home.toString(), subject.cli().apiKeyVariable(subject.model()), KEY,
                    "GIT_AUTHOR_NAME", "b", "GIT_AUTHOR_EMAIL", "b@x", "GIT_COMMITTER_NAME", "b", "GIT_COMMITTER_EMAIL", "b@x"));
            declared.putIfAbsent("TMPDIR", home.toString());
            Files.createDirectories(Path.of(declared.get("TMPDIR")));
            Map<String, String> env = ProcessRunner.restrictedEnvironment(declared);
            long started = System.nanoTime();
            run(processes, List.of("git", "clone", "-q", bare.toString(), clone.toString()), root, env);
            long cliStarted = System.nanoTime();
            run(processes, invocation.argv(), clone, env);
            long cliMs = (System.nanoTime() - cliStarted) / 1_000_000;
            run(processes, List.of("git", "commit", "-qam", "Remove a TODO"), clone, env);
            run(processes, List.of("git", "push", "-q", "origin", "HEAD"), clone, env);
            long ms = (System.nanoTime() - started) / 1_000_000;
            if (round >= 2) {
                whole.add(ms);
                cli.add(cliMs);
            }
            Directories.delete(home);
        }
        results.put("By hand (" + subject.cli().type() + "): git clone, the same CLI run, git commit, git push", whole);
        results.put("  of which the CLI's own run (by hand, " + subject.cli().type() + ")", cli);
        results.put("  the git work around it (whole − CLI run; by hand, " + subject.cli().type() + ")", minus(whole, cli));
    }

    private static List<Long> minus(List<Long> whole, List<Long> part) {
        List<Long> rest = new ArrayList<>();
        for (int i = 0; i < whole.size(); i++) {
            rest.add(whole.get(i) - part.get(i));
        }
        return rest;
    }

    private static void run(ProcessRunner processes, List<String> argv, Path directory, Map<String, String> env) throws InterruptedException {
        ProcessResult result = processes.run(new ProcessSpec(argv, directory, env, Duration.ofMinutes(2), ProcessSpec.DEFAULT_OUTPUT_LIMIT));
        if (!result.succeeded()) {
            throw new IllegalStateException(String.join(" ", argv) + ": " + result.describe() + "\n" + result.output());
        }
    }

    private static Bot bot(Subject subject) {
        Bot base = CycleFixture.bot("true", null, false);
        return new Bot(base.name(), base.goal(), base.owns(), base.repository(), base.mode(), base.schedule(),
                new Bot.Executor(subject.type(), List.of(subject.executable()), false, Map.of(), Duration.ofMinutes(2), subject.model()),
                null, new Bot.Limits(1, 20, Duration.ofMinutes(5), 10, null), base.reviewers(), false, false, true, null);
    }
}
