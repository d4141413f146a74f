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
import io.manybot.core.executor.cli.AgentCliExecutor;
import io.manybot.core.executor.cli.ClaudeCodeCli;
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
import io.manybot.testing.ScriptedAnthropicServer.Turn;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.jgit.api.Git;

/**
 * The agent-CLI executor's own overhead per cycle: a whole cycle of a claude-code bot (the real Claude Code, its
 * provider the loopback test double {@link ScriptedAnthropicServer}: read a file, write it, answer) minus the CLI's own
 * run, against doing the same by hand: {@code git clone}, the same {@code claude -p} in the clone, {@code git commit},
 * {@code git push}. Run by {@code bench/agent-cli.sh}.
 */
public final class AgentCliBenchmark {
    private AgentCliBenchmark() {}

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        String claude = AgentClis.require("claude");
        Path root = Files.createTempDirectory("manybot-agent-bench-");
        try (ScriptedAnthropicServer provider = new ScriptedAnthropicServer(List.of(
                Turn.tool("Read", "{\"file_path\": \"${cwd}/mine/a.txt\"}"),
                Turn.tool("Write", "{\"file_path\": \"${cwd}/mine/a.txt\", \"content\": \"done a\\n\"}"),
                Turn.text("Done.")))) {
            Path work = root.resolve("work");
            CycleFixture.writeRepository(work);
            GitRepos.initAndCommit(work, "initial");
            ProcessRunner processes = new ProcessRunner();
            Map<String, String> environment = Map.of("PATH", System.getenv("PATH"), "BENCH_KEY", "sk-ant-bench-0123456789");
            Bot bot = bot(claude, provider.baseUrl());
            Map<String, List<Long>> results = new java.util.LinkedHashMap<>();
            for (Confinement confinement : List.of(Confinement.none("benchmark"), Confinement.detect(processes, System.getenv()))) {
                String label = confinement.confined() ? "bubblewrap" : "unconfined";
                List<Long> whole = new ArrayList<>();
                List<Long> cli = new ArrayList<>();
                for (int round = 0; round < rounds + 2; round++) {
                    Path bare = root.resolve("cycle-" + label + "-" + round + ".git");
                    Git.cloneRepository().setBare(true).setURI(work.toUri().toString()).setDirectory(bare.toFile()).call().close();
                    BotAgents agents = new BotAgents(new FactualPlanner(), new AgentCliExecutor(new ClaudeCodeCli(), processes, environment,
                            new SecretRedactor(), confinement, McpConfig.NONE, ProcessSpec.DEFAULT_OUTPUT_LIMIT), new FactualReflector());
                    long started = System.nanoTime();
                    WorkCycle cycle;
                    try (SourceRepository source = SourceRepository.open(bare)) {
                        cycle = CycleFixture.runner(processes).run(new CycleRequest("b" + round, bot, CycleFixture.goal(), "bench", source,
                                root.resolve("checkouts/" + label + round), agents, null, null, null, null, () -> false), CycleListener.NONE);
                    }
                    long ms = (System.nanoTime() - started) / 1_000_000;
                    if (cycle.outcome() != CycleOutcome.LANDED) {
                        throw new IllegalStateException("cycle " + cycle.outcome() + ": " + cycle.error() + " " + cycle.steps());
                    }
                    long run = cycle.steps().stream().filter(step -> step.kind().equals("command")).mapToLong(ExecutedStep::millis).sum();
                    if (round >= 2) {
                        whole.add(ms);
                        cli.add(run);
                    }
                }
                List<Long> overhead = new ArrayList<>();
                for (int i = 0; i < whole.size(); i++) {
                    overhead.add(whole.get(i) - cli.get(i));
                }
                results.put("Whole cycle, claude-code bot (" + label + ")", whole);
                results.put("  of which the CLI's own run (" + label + ")", cli);
                results.put("  executor + cycle overhead: whole − CLI run (" + label + ")", overhead);
            }
            List<Long> byHand = new ArrayList<>();
            List<Long> byHandCli = new ArrayList<>();
            for (int round = 0; round < rounds + 2; round++) {
                Path bare = root.resolve("hand-" + round + ".git");
                Git.cloneRepository().setBare(true).setURI(work.toUri().toString()).setDirectory(bare.toFile()).call().close();
                Path clone = root.resolve("hand-clone-" + round);
                Path home = Files.createTempDirectory(root, "home-");
                Map<String, String> env = new HashMap<>(ProcessRunner.restrictedEnvironment(Map.of("HOME", home.toString(),
                        "ANTHROPIC_API_KEY", "sk-ant-bench-0123456789", "ANTHROPIC_BASE_URL", provider.baseUrl(),
                        "CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC", "1", "GIT_AUTHOR_NAME", "b", "GIT_AUTHOR_EMAIL", "b@x",
                        "GIT_COMMITTER_NAME", "b", "GIT_COMMITTER_EMAIL", "b@x")));
                long started = System.nanoTime();
                run(processes, List.of("git", "clone", "-q", bare.toString(), clone.toString()), root, env);
                long cliStarted = System.nanoTime();
                run(processes, List.of(claude, "-p", "Remove the TODO in mine/a.txt", "--output-format", "stream-json", "--verbose",
                        "--permission-mode", "acceptEdits", "--max-turns", "10", "--model", "claude-sonnet-4-5"), clone, env);
                long cliMs = (System.nanoTime() - cliStarted) / 1_000_000;
                run(processes, List.of("git", "commit", "-qam", "Remove a TODO"), clone, env);
                run(processes, List.of("git", "push", "-q", "origin", "HEAD"), clone, env);
                long ms = (System.nanoTime() - started) / 1_000_000;
                if (round >= 2) {
                    byHand.add(ms);
                    byHandCli.add(cliMs);
                }
                Directories.delete(home);
            }
            List<Long> handOverhead = new ArrayList<>();
            for (int i = 0; i < byHand.size(); i++) {
                handOverhead.add(byHand.get(i) - byHandCli.get(i));
            }
            results.put("By hand: git clone, claude -p, git commit, git push", byHand);
            results.put("  of which the CLI's own run", byHandCli);
            results.put("  the git work around it (whole − CLI run)", handOverhead);

            System.out.println("| Measure (claude-code, scripted provider on loopback; ms) | median | min |");
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

    private static void run(ProcessRunner processes, List<String> argv, Path directory, Map<String, String> env) throws InterruptedException {
        ProcessResult result = processes.run(new ProcessSpec(argv, directory, env, Duration.ofMinutes(2), ProcessSpec.DEFAULT_OUTPUT_LIMIT));
        if (!result.succeeded()) {
            throw new IllegalStateException(String.join(" ", argv) + ": " + result.describe() + "\n" + result.output());
        }
    }

    private static Bot bot(String claude, String baseUrl) {
        Bot base = CycleFixture.bot("true", null, false);
        return new Bot(base.name(), base.goal(), base.owns(), base.repository(), base.mode(), base.schedule(),
                new Bot.Executor(Bot.ExecutorType.CLAUDE_CODE, List.of(claude), false, Map.of(),
                        Duration.ofMinutes(2), new Bot.Model("anthropic", "claude-sonnet-4-5", baseUrl, "BENCH_KEY", null, null, null)),
                null, new Bot.Limits(1, 20, Duration.ofMinutes(5), 10, null), base.reviewers(), false, false, true, null);
    }
}
