package io.manybot.bench;

import io.manybot.core.cycle.CycleOutcome;
import io.manybot.core.workspace.Directories;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Many bots, one branch (issue 13): N command bots on disjoint paths of one branch, C cycles each on W workers
 * (the local home, as {@code manybot run --cycles C --workers W}), each cycle changing one owned file. Per N and
 * per landing mode ({@code landing.onTargetMoved}: {@code rebase}, or {@code replan} — re-plan on every move, the
 * simple way): cycles run per landing, wasted cycles (SUPERSEDED: nothing landed because the target moved), landings
 * per minute against one bot's rate, and the landing path's own time (the LAND phase of the cycle records). A second
 * series has about 20 % of the changes touching one shared file: conflicts re-plan, and nothing may be lost or
 * landed twice ({@link Verification}). Everything is read from the state store and the branch, not from logs.
 *
 * <pre>bench/landing.sh [--bots 1,5,20,50] [--cycles 3] [--workers 4] [--overlap-bots 20] [--budget 300]
 *                  [--executor-seconds 1] [--modes replan,rebase] [--keep DIR]</pre>
 */
public final class LandingBenchmark {
    private LandingBenchmark() {}

    /** The benchmark's arguments. {@code budget} caps each series; {@code keep} keeps the repositories and state there. */
    record Options(List<Integer> bots, int cycles, int workers, int overlapBots, Duration budget, double executorSeconds,
            List<String> modes, Path keep) {

        static Options parse(String... args) {
            List<Integer> bots = List.of(1, 5, 20, 50);
            int cycles = 3;
            int workers = 4;
            int overlapBots = 20;
            Duration budget = Duration.ofSeconds(300);
            double executorSeconds = 1.0;
            List<String> modes = null;
            Path keep = null;
            for (int i = 0; i < args.length; i++) {
                String value = i + 1 < args.length ? args[i + 1] : null;
                switch (args[i]) {
                    case "--bots" -> bots = Arrays.stream(required(args[i], value).split(",")).map(String::trim).map(Integer::parseInt).toList();
                    case "--cycles" -> cycles = Integer.parseInt(required(args[i], value));
                    case "--workers" -> workers = Integer.parseInt(required(args[i], value));
                    case "--overlap-bots" -> overlapBots = Integer.parseInt(required(args[i], value));
                    case "--budget" -> budget = Duration.ofSeconds(Long.parseLong(required(args[i], value)));
                    case "--executor-seconds" -> executorSeconds = Double.parseDouble(required(args[i], value));
                    case "--modes" -> modes = Arrays.stream(required(args[i], value).split(",")).map(String::trim).toList();
                    case "--keep" -> keep = Path.of(required(args[i], value));
                    default -> throw new IllegalArgumentException("unknown argument " + args[i] + " (see bench/landing.sh)");
                }
                i++;
            }
            if (bots.stream().anyMatch(n -> n < 1 || n > 99) || overlapBots < 0 || overlapBots > 99) {
                throw new IllegalArgumentException("--bots and --overlap-bots take 1 to 99 bots (--overlap-bots 0: no overlap series)");
            }
            if (cycles < 1 || workers < 1 || budget.isNegative() || budget.isZero() || executorSeconds < 0) {
                throw new IllegalArgumentException("--cycles, --workers and --budget must be positive, --executor-seconds not negative");
            }
            if (modes == null) {
                modes = List.of("replan", "rebase");
            }
            for (String mode : modes) {
                if (!mode.equals("replan") && !mode.equals("rebase")) {
                    throw new IllegalArgumentException("--modes takes replan and/or rebase, not " + mode);
                }
            }
            return new Options(bots, cycles, workers, overlapBots, budget, executorSeconds, modes, keep);
        }

        private static String required(String flag, String value) {
            if (value == null) {
                throw new IllegalArgumentException(flag + " needs a value");
            }
            return value;
        }
    }

    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("bench/landing.sh: " + e.getMessage());
            System.exit(2);
            return;
        }
        List<LandingSeries.Result> results = run(options, System.err);
        print(options, results, System.out);
        System.exit(results.stream().allMatch(result -> result.verification().ok()) ? 0 : 1);
    }

    /** Runs every series (per mode: each N, then the overlap series), reporting progress on {@code progress}. */
    static List<LandingSeries.Result> run(Options options, PrintStream progress) throws Exception {
        Path root = options.keep() != null ? Files.createDirectories(options.keep()) : Files.createTempDirectory("manybot-landing-bench");
        List<LandingSeries.Result> results = new ArrayList<>();
        try {
            List<LandingSeries.Config> configs = new ArrayList<>();
            for (int bots : options.bots()) {
                for (String mode : options.modes()) {
                    configs.add(new LandingSeries.Config(new LandingScenario(bots, false, mode, options.executorSeconds()),
                            options.cycles(), options.workers(), options.budget()));
                }
            }
            if (options.overlapBots() > 0) {
                for (String mode : options.modes()) {
                    configs.add(new LandingSeries.Config(new LandingScenario(options.overlapBots(), true, mode,
                            options.executorSeconds()), options.cycles(), options.workers(), options.budget()));
                }
            }
            for (LandingSeries.Config config : configs) {
                LandingScenario scenario = config.scenario();
                String name = (scenario.overlap() ? "overlap-" : "disjoint-") + scenario.bots() + "-" + scenario.mode();
                progress.printf(Locale.ROOT, "landing bench: %s (%d bots × %d cycles, %d workers)…%n", name, scenario.bots(),
                        config.cycles(), config.workers());
                LandingSeries.Result result = LandingSeries.run(config, root.resolve(name));
                progress.printf(Locale.ROOT, "  %d cycles, %d landed, %d superseded in %.1f s%s; %s%n", result.cyclesRun(),
                        result.count(CycleOutcome.LANDED), result.count(CycleOutcome.SUPERSEDED), result.span().toMillis() / 1000.0,
                        result.stoppedAtBudget() ? " (stopped at the budget)" : "", result.verification().describe());
                results.add(result);
            }
        } finally {
            if (options.keep() == null) {
                Directories.delete(root);
            }
        }
        return results;
    }

    static void print(Options options, List<LandingSeries.Result> results, PrintStream out) {
        Map<String, Double> soloRate = new LinkedHashMap<>();
        for (LandingSeries.Result result : results) {
            LandingScenario scenario = result.config().scenario();
            if (scenario.bots() == 1 && !scenario.overlap()) {
                soloRate.put(scenario.mode(), result.landingsPerMinute());
            }
        }
        out.println();
        out.printf(Locale.ROOT, "| Series (%d cycles per bot, %d workers) | Mode | Cycles run | Landed | of which rebased "
                + "(retested) | Cycles per landing | Wasted (SUPERSEDED) | of which conflicts | Landings/min "
                + "| Goal: ≥ 0.8 × min(N, W) × one bot's rate | LAND phase ms, median / p90 | Time | Nothing lost, nothing twice |%n",
                options.cycles(), options.workers());
        out.println("|---|---|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---|");
        for (LandingSeries.Result result : results) {
            LandingScenario scenario = result.config().scenario();
            int n = scenario.bots();
            int run = result.cyclesRun();
            int landed = result.count(CycleOutcome.LANDED);
            int wasted = result.count(CycleOutcome.SUPERSEDED);
            Double solo = soloRate.get(scenario.mode());
            String goal;
            if (solo == null || solo == 0) {
                goal = "(no 1-bot series)";
            } else {
                double target = 0.8 * Math.min(n, options.workers()) * solo;
                goal = String.format(Locale.ROOT, "%s (target %.1f)", result.landingsPerMinute() >= target ? "met" : "**not met**", target);
            }
            String other = otherOutcomes(result);
            out.printf(Locale.ROOT, "| %d bot%s%s | %s | %d%s | %d%s | %d (%d) | %s | %d (%.0f %%) | %d | %.1f | %s | %s | %.1f s%s | %s |%n",
                    n, n == 1 ? "" : "s", scenario.overlap() ? ", 20 % overlapping" : ", disjoint", scenario.mode(), run,
                    other.isEmpty() ? "" : " (" + other + ")", landed, result.stoppedAtBudget() ? " of " + n * options.cycles() : "",
                    result.rebased(), result.retested(), landed == 0 ? "–" : String.format(Locale.ROOT, "%.2f", (double) run / landed),
                    wasted, run == 0 ? 0.0 : 100.0 * wasted / run, result.conflicts(), result.landingsPerMinute(), goal,
                    percentiles(result.landMillis()), result.span().toMillis() / 1000.0,
                    result.stoppedAtBudget() ? " (stopped at the " + options.budget().toSeconds() + " s budget)" : "",
                    result.verification().describe());
        }
        out.println();
        for (String mode : options.modes()) {
            out.println(goals(options, mode, results, soloRate.get(mode)));
        }
        for (LandingSeries.Result result : results) {
            LandingScenario scenario = result.config().scenario();
            Verification v = result.verification();
            out.printf(Locale.ROOT, "Accounting, %d bot(s)%s, %s: %d intended change(s), %d on the branch exactly once, %d not run "
                    + "(budget), %d problem(s)%s%n", scenario.bots(), scenario.overlap() ? " (20 % overlapping)" : "", scenario.mode(),
                    v.intended(), v.landedOnce(), v.notRun(), v.problems().size(),
                    v.ok() ? "" : ":\n  - " + String.join("\n  - ", v.problems()));
        }
        Runtime runtime = Runtime.getRuntime();
        out.printf(Locale.ROOT, "%nMachine: %d cores%s, %s %s; %s; 1-minute load average %s at the series' starts. Executor latency "
                + "%.1f s per cycle (sleep), trivial tests; each series capped at %d s.%n", runtime.availableProcessors(), Machine.cpuModel(),
                System.getProperty("os.name"), System.getProperty("os.arch"),
                System.getProperty("java.runtime.name") + " " + System.getProperty("java.runtime.version"), loadAverage(results),
                options.executorSeconds(), options.budget().toSeconds());
    }

    /** The two goals over one mode's disjoint series: wasted ≤ 5 % at every N, and the landing rate. */
    private static String goals(Options options, String mode, List<LandingSeries.Result> results, Double solo) {
        List<String> wasted = new ArrayList<>();
        List<String> rate = new ArrayList<>();
        boolean wastedMet = true;
        boolean rateMet = true;
        for (LandingSeries.Result result : results) {
            LandingScenario scenario = result.config().scenario();
            if (!scenario.mode().equals(mode) || scenario.overlap() || result.cyclesRun() == 0) {
                continue;
            }
            double share = 100.0 * result.count(CycleOutcome.SUPERSEDED) / result.cyclesRun();
            wastedMet &= share <= 5.0;
            wasted.add(String.format(Locale.ROOT, "N=%d %.0f %%", scenario.bots(), share));
            if (solo != null && solo > 0) {
                double ratio = result.landingsPerMinute() / (Math.min(scenario.bots(), options.workers()) * solo);
                rateMet &= ratio >= 0.8;
                rate.add(String.format(Locale.ROOT, "N=%d ×%.2f", scenario.bots(), ratio));
            }
        }
        return String.format(Locale.ROOT, "Goals, %s: wasted ≤ 5 %% at every N: %s (%s); landings per minute ≥ 0.8 × min(N, W) × "
                + "one bot's rate: %s (%s).", mode, wastedMet ? "met" : "not met", String.join(", ", wasted),
                rate.isEmpty() ? "no 1-bot series" : rateMet ? "met" : "not met",
                rate.isEmpty() ? "–" : "landings per minute ÷ (min(N, W) × one bot's rate): " + String.join(", ", rate));
    }

    /** Outcomes other than LANDED and SUPERSEDED, e.g. "2 FAILED"; the cycles the budget's stop abandoned apart. */
    private static String otherOutcomes(LandingSeries.Result result) {
        List<String> parts = new ArrayList<>();
        result.outcomes().forEach((outcome, count) -> {
            if (outcome == CycleOutcome.ABANDONED) {
                parts.add("+" + count + " abandoned at the stop");
            } else if (outcome != CycleOutcome.LANDED && outcome != CycleOutcome.SUPERSEDED) {
                parts.add(count + " " + outcome);
            }
        });
        return String.join(", ", parts);
    }

    private static String percentiles(List<Long> sorted) {
        if (sorted.isEmpty()) {
            return "–";
        }
        return sorted.get(sorted.size() / 2) + " / " + sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(sorted.size() * 0.9) - 1));
    }

    /** The range of the 1-minute load average at the series' starts. */
    private static String loadAverage(List<LandingSeries.Result> results) {
        double low = results.stream().mapToDouble(LandingSeries.Result::loadAtStart).filter(v -> !Double.isNaN(v)).min().orElse(Double.NaN);
        double high = results.stream().mapToDouble(LandingSeries.Result::loadAtStart).filter(v -> !Double.isNaN(v)).max().orElse(Double.NaN);
        return Double.isNaN(low) ? "unknown" : String.format(Locale.ROOT, "%.1f–%.1f", low, high);
    }
}
