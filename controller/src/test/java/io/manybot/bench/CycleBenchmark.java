package io.manybot.bench;

import io.manybot.core.cycle.BotAgents;
import io.manybot.core.cycle.CycleListener;
import io.manybot.core.cycle.CycleOutcome;
import io.manybot.core.cycle.CycleRequest;
import io.manybot.core.cycle.CycleRunner;
import io.manybot.core.cycle.FactualPlanner;
import io.manybot.core.cycle.FactualReflector;
import io.manybot.core.cycle.WorkCycle;
import io.manybot.core.declaration.Bot;
import io.manybot.core.declaration.Goal;
import io.manybot.core.declaration.KeyResult;
import io.manybot.core.declaration.Measurement;
import io.manybot.core.executor.CommandExecutor;
import io.manybot.core.process.ProcessRunner;
import io.manybot.core.workspace.IsolatedCheckout;
import io.manybot.core.workspace.SourceRepository;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;

/**
 * The controller's own overhead per work cycle on a 10,000-file repository with 500 OWNERS files:
 * a whole cycle (isolated checkout, measurement, plan, execute, gate, commit, land, reflect) minus
 * the time spent in the bot's executor and measurement commands. The simple way, in the same run,
 * is the same git work done with the git command line: clone --local, status, add, commit, push.
 *
 * <pre>bench/cycle.sh [DIR] [--rounds N]</pre>
 */
public final class CycleBenchmark {
    private static final String BOT = "bench-bot";

    public static void main(String[] args) throws Exception {
        Path dir = null;
        int rounds = 15;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--rounds")) {
                rounds = Integer.parseInt(args[++i]);
            } else {
                dir = Path.of(args[i]);
            }
        }
        boolean temporary = dir == null;
        Path root = temporary ? Files.createTempDirectory("manybot-cycle-bench") : dir;
        Path bare = root.resolve("source.git");
        if (!Files.isDirectory(bare)) {
            generate(root.resolve("tree"), bare);
        }
        Path scratch = Files.createTempDirectory("manybot-cycle-scratch");
        try {
            ProcessRunner processes = new ProcessRunner();
            BotAgents agents = new BotAgents(new FactualPlanner(), new CommandExecutor(processes), new FactualReflector());
            Rounds fresh = cycles(new CycleRunner(processes, Map.of(), Clock.systemUTC()), bare, agents, rounds, scratch::resolve);
            Rounds reused = cycles(new CycleRunner(processes, Map.of(), Clock.systemUTC(), true), bare, agents, rounds,
                    id -> scratch.resolve("bot"));
            List<Long> whole = fresh.whole();
            List<Long> external = fresh.external();
            List<Long> overhead = fresh.overhead();
            Map<String, List<Long>> phases = fresh.phases();
            List<Long> reusedWhole = reused.whole();
            List<Long> reusedOverhead = reused.overhead();
            List<Long> checkouts = new ArrayList<>();
            try (SourceRepository source = SourceRepository.open(bare)) {
                org.eclipse.jgit.lib.ObjectId tip = source.tip("refs/heads/main").orElseThrow();
                for (int round = 0; round < rounds + 3; round++) {
                    long start = System.nanoTime();
                    IsolatedCheckout.create(source, tip, scratch.resolve("checkout-" + round)).close();
                    if (round >= 3) {
                        checkouts.add((System.nanoTime() - start) / 1_000_000);
                    }
                }
            }
            List<Long> clones = new ArrayList<>();
            for (int round = 0; round < rounds + 3; round++) {
                long start = System.nanoTime();
                Path clone = scratch.resolve("clone-" + round);
                git(null, "clone", "-q", "--local", bare.toString(), clone.toString());
                io.manybot.core.workspace.Directories.delete(clone);
                if (round >= 3) {
                    clones.add((System.nanoTime() - start) / 1_000_000);
                }
            }
            List<Long> logic = new ArrayList<>();
            long checkoutMedian = checkouts.stream().sorted().toList().get(checkouts.size() / 2);
            overhead.forEach(ms -> logic.add(Math.max(0, ms - checkoutMedian)));
            List<Long> simple = new ArrayList<>();
            for (int round = 0; round < rounds + 3; round++) {
                long ms = simpleWay(bare, scratch.resolve("simple-" + round));
                if (round >= 3) {
                    simple.add(ms);
                }
            }
            System.out.println();
            System.out.println("| Measure (10,000 files, 500 OWNERS) | median | min |");
            System.out.println("|---|---|---|");
            row("Whole cycle, fresh checkout (command bot, lands 1 file)", whole);
            row("  of which executor + measurement subprocesses", external);
            row("  controller overhead (the rest)", overhead);
            row("    of which the isolated checkout (create + close, measured alone)", checkouts);
            row("    the rest: measure/plan/gate/commit/land/record logic (overhead − checkout median)", logic);
            phases.forEach((phase, values) -> row("  phase " + phase, values));
            row("Whole cycle, checkout kept per bot and reset (as `manybot run` does)", reusedWhole);
            row("  controller overhead (all but executor + measurement)", reusedOverhead);
            row("Isolated checkout create + close (JGit, alternates)", checkouts);
            row("git clone --local + delete (git CLI)", clones);
            row("Simple way: git clone --local, status, add, commit, push (CLI)", simple);
            Runtime runtime = Runtime.getRuntime();
            System.out.printf(Locale.ROOT, "%nMachine: %d cores, %s; %s. %d measured rounds after 3 warm-up rounds.%n",
                    runtime.availableProcessors(), System.getProperty("os.arch"),
                    System.getProperty("java.runtime.name") + " " + System.getProperty("java.runtime.version"), rounds);
        } finally {
            io.manybot.core.workspace.Directories.delete(scratch);
            if (temporary) {
                io.manybot.core.workspace.Directories.delete(root);
            }
        }
    }

    /** Per measured round: whole cycle, executor + measurement time, the rest; and per phase. */
    private record Rounds(List<Long> whole, List<Long> external, List<Long> overhead, Map<String, List<Long>> phases) {}

    private static Rounds cycles(CycleRunner runner, Path bare, BotAgents agents, int rounds,
            java.util.function.Function<String, Path> checkoutFor) throws Exception {
        Rounds measured = new Rounds(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new java.util.LinkedHashMap<>());
        try (SourceRepository source = SourceRepository.open(bare)) {
            for (int round = 0; round < rounds + 3; round++) {
                String id = "bench-" + round + "-" + System.nanoTime();
                long start = System.nanoTime();
                WorkCycle cycle = runner.run(new CycleRequest(id, bot(), goal(), "bench", source, checkoutFor.apply(id), agents,
                        null, null, null, null, () -> false), CycleListener.NONE);
                long total = (System.nanoTime() - start) / 1_000_000;
                if (cycle.outcome() != CycleOutcome.LANDED) {
                    throw new IllegalStateException("bench cycle did not land: " + cycle.outcome() + " " + cycle.error());
                }
                long outside = cycle.steps().stream().mapToLong(step -> step.millis()).sum()
                        + cycle.measurementsBefore().stream().mapToLong(m -> m.millis()).sum()
                        + cycle.measurementsAfter().stream().mapToLong(m -> m.millis()).sum();
                if (round >= 3) {
                    measured.whole().add(total);
                    measured.external().add(outside);
                    measured.overhead().add(total - outside);
                    cycle.timings().forEach(t -> measured.phases()
                            .computeIfAbsent(t.phase().name().toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(t.millis()));
                }
            }
        }
        return measured;
    }

    private static void generate(Path tree, Path bare) throws Exception {
        new OwnershipTreeGenerator(new OwnershipTreeGenerator.Config(10_000, 500, 50, 42)).generate(tree);
        Files.createDirectories(tree.resolve("benchbot"));
        Files.writeString(tree.resolve("benchbot/OWNERS"), "primary: manybot:" + BOT + "\noptions:\n  no_parent_owners: true\n");
        Files.writeString(tree.resolve("benchbot/counter.txt"), "0\n");
        try (Git git = Git.init().setDirectory(tree.toFile()).setInitialBranch("main").call()) {
            git.add().addFilepattern(".").call();
            PersonIdent who = new PersonIdent("bench", "bench@manybot.io");
            git.commit().setMessage("bench tree").setAuthor(who).setCommitter(who).setSign(false).call();
        }
        Git.cloneRepository().setBare(true).setURI(tree.toUri().toString()).setDirectory(bare.toFile()).call().close();
        io.manybot.core.workspace.Directories.delete(tree);
    }

    private static Bot bot() {
        return new Bot(BOT, "bench-goal", List.of("benchbot/**"), new Bot.Repository(null, "main", null), Bot.Mode.CONTINUOUS,
                Bot.Schedule.DEFAULT, new Bot.Executor(Bot.ExecutorType.COMMAND,
                        List.of("sh", "-c", "date +%s%N > benchbot/counter.txt"), false, Map.of(), Duration.ofMinutes(1), null),
                null, Bot.Limits.DEFAULT, List.of(), false, false, true, null);
    }

    private static Goal goal() {
        return new Goal("bench-goal", "Keep the counter moving", null, Goal.TimeHorizon.MONTHLY, Instant.parse("2026-01-01T00:00:00Z"),
                Instant.parse("2030-01-01T00:00:00Z"), null, Goal.DEFAULT_ON_TRACK_THRESHOLD,
                List.of(new KeyResult("ticks", null, 0, 1_000_000, "ticks", KeyResult.Direction.INCREASE, null, null, 1.0,
                        new Measurement(List.of("sh", "-c", "echo 1"), null, null, null, Duration.ofSeconds(30)))));
    }

    private static long simpleWay(Path bare, Path clone) throws IOException, InterruptedException {
        long start = System.nanoTime();
        git(null, "clone", "-q", "--local", bare.toString(), clone.toString());
        git(clone, "sh", "-c", "date +%s%N > benchbot/counter.txt");
        git(clone, "git", "status", "--porcelain");
        git(clone, "git", "add", "benchbot/counter.txt");
        git(clone, "git", "-c", "user.name=bench", "-c", "user.email=bench@manybot.io", "commit", "-q", "-m", "tick");
        git(clone, "git", "push", "-q", "origin", "HEAD:main");
        long ms = (System.nanoTime() - start) / 1_000_000;
        io.manybot.core.workspace.Directories.delete(clone);
        return ms;
    }

    private static void git(Path dir, String... command) throws IOException, InterruptedException {
        List<String> argv = dir == null ? prepend("git", command) : List.of(command);
        Process process = new ProcessBuilder(argv).directory(dir == null ? null : dir.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (process.waitFor() != 0) {
            throw new IOException(String.join(" ", argv) + " failed: " + output);
        }
    }

    private static List<String> prepend(String first, String... rest) {
        List<String> all = new ArrayList<>(List.of(first));
        Collections.addAll(all, rest);
        return all;
    }

    private static void row(String label, List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        System.out.printf(Locale.ROOT, "| %s | %d ms | %d ms |%n", label, sorted.get(sorted.size() / 2), sorted.get(0));
    }
}
