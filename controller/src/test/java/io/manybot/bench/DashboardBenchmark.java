package io.manybot.bench;

import io.manybot.core.cycle.WorkCycle;
import io.manybot.core.declaration.Bot;
import io.manybot.core.declaration.DeclarationLoader;
import io.manybot.core.declaration.Declarations;
import io.manybot.core.declaration.Goal;
import io.manybot.core.declaration.KeyResult;
import io.manybot.core.declaration.Subscription;
import io.manybot.core.measure.MeasuredValue;
import io.manybot.core.ownership.OwnershipIndex;
import io.manybot.core.problem.Problem;
import io.manybot.core.repo.WorkingTree;
import io.manybot.local.api.ApiServer;
import io.manybot.local.api.ApiSettings;
import io.manybot.local.api.RepositoryView;
import io.manybot.local.state.BotState;
import io.manybot.local.state.StateStore;
import io.manybot.testing.SampleCycles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * The dashboard at scale: the local home's HTTP API (the same server as {@code manybot run --http})
 * over a state of 1,000 bots, 10,000 cycles and 20,000 key-result measurements, the example
 * repository's goals and OWNERS; headless Chromium ({@code src/test/browser/bench-dashboard.mjs})
 * measures the first paint of the goals and bots pages and how long a live event takes to reach the
 * page, while this process writes phase events into the state as a running controller does.
 *
 * <pre>bench/dashboard.sh [--bots N] [--cycles N] [--rounds N] [--events N]</pre>
 */
public final class DashboardBenchmark {
    public static void main(String[] args) throws Exception {
        int bots = 1000;
        int cycles = 10_000;
        int rounds = 5;
        int events = 60;
        for (int i = 0; i < args.length; i += 2) {
            switch (args[i]) {
                case "--bots" -> bots = Integer.parseInt(args[i + 1]);
                case "--cycles" -> cycles = Integer.parseInt(args[i + 1]);
                case "--rounds" -> rounds = Integer.parseInt(args[i + 1]);
                case "--events" -> events = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("usage: bench/dashboard.sh [--bots N] [--cycles N] [--rounds N] [--events N]");
            }
        }
        Path example = Path.of("../examples/repo-with-owners").toAbsolutePath().normalize();
        List<Problem> problems = new ArrayList<>();
        WorkingTree tree = new WorkingTree(example);
        Declarations declarations = new DeclarationLoader().load(tree, ".manybot", problems);
        OwnershipIndex ownership = OwnershipIndex.load(tree);
        Path state = Files.createTempDirectory("manybot-dashboard-bench");
        long seeded = System.nanoTime();
        seed(state, declarations.goals().values().stream().map(l -> l.value()).toList(), bots, cycles);
        System.err.printf(Locale.ROOT, "seeded %d bots, %d cycles in %.1f s (%s)%n", bots, cycles, (System.nanoTime() - seeded) / 1e9, state);

        RepositoryView view = new RepositoryView() {
            @Override public List<Bot> bots() { return List.of(); }
            @Override public List<Goal> goals() { return declarations.goals().values().stream().map(l -> l.value()).toList(); }
            @Override public List<Subscription> subscriptions() { return declarations.subscriptions().values().stream().map(l -> l.value()).toList(); }
            @Override public OwnershipIndex ownership() { return ownership; }
            @Override public String repository() { return example.toString(); }
            @Override public Path stateDirectory() { return state; }
        };
        try (ApiServer server = ApiServer.start(ApiSettings.of("127.0.0.1:0", null, null, Map.of()), view);
                StateStore store = StateStore.open(state)) {
            String url = "http://127.0.0.1:" + server.port();
            int visible = Math.min(50, bots);
            int all = bots;
            Thread emitter = new Thread(() -> emit(store, all, visible), "events");
            emitter.setDaemon(true);
            emitter.start();
            Process node = new ProcessBuilder("node", "src/test/browser/bench-dashboard.mjs", "--url", url, "--rounds", Integer.toString(rounds),
                    "--events", Integer.toString(events), "--bots", Integer.toString(bots), "--cycles", Integer.toString(cycles))
                    .inheritIO().start();
            int exit = node.waitFor();
            emitter.interrupt();
            Runtime runtime = Runtime.getRuntime();
            System.out.printf(Locale.ROOT, "%nMachine: %d cores%s, %s %s; %s; %s.%n", runtime.availableProcessors(), Machine.cpuModel(),
                    System.getProperty("os.name"), System.getProperty("os.arch"), System.getProperty("java.runtime.name") + " "
                    + System.getProperty("java.runtime.version"), chromium());
            if (exit != 0) {
                System.exit(exit);
            }
        }
    }

    private static String chromium() {
        try {
            Process p = new ProcessBuilder("/usr/bin/chromium", "--version").redirectErrorStream(true).start();
            List<String> lines = new String(p.getInputStream().readAllBytes()).strip().lines().toList();
            return lines.isEmpty() ? "chromium" : lines.get(lines.size() - 1);
        } catch (Exception e) {
            return "chromium";
        }
    }

    /** Bots alternating between the goals, 10 cycles each (SampleCycles' record), two measurements a cycle. */
    private static void seed(Path state, List<Goal> goals, int bots, int cycles) throws Exception {
        Instant start = Instant.now().minus(Duration.ofDays(30));
        try (StateStore store = StateStore.open(state)) {
            List<MeasuredValue> values = new ArrayList<>();
            Random random = new Random(17);
            for (int c = 0; c < cycles; c++) {
                int b = c % bots;
                Goal goal = goals.get(b % goals.size());
                String bot = String.format(Locale.ROOT, "bot-%04d", b);
                Instant at = start.plusSeconds((long) c * 30L * 86400 / cycles);
                WorkCycle sample = SampleCycles.landed(String.format(Locale.ROOT, "c%06d-%s", c, bot), at);
                store.saveCycle(new WorkCycle(sample.id(), bot, goal.name(), sample.trigger(), sample.phase(), sample.outcome(),
                        sample.startedAt(), sample.finishedAt(), sample.baseCommit(), sample.directivesVersion(), sample.before(), sample.after(),
                        sample.measurementsBefore(), sample.measurementsAfter(), sample.tasks(), sample.steps(), sample.changes(), sample.tests(),
                        sample.landing(), sample.reflection(), sample.timings(), sample.error()));
                KeyResult kr = goal.keyResults().get(0);
                double share = (double) c / cycles;
                double value = Math.round(kr.baseline() + (kr.target() - kr.baseline()) * share * (0.6 + 0.4 * random.nextDouble()));
                values.add(new MeasuredValue(goal.name(), kr.name(), value, null, at, 20, "abc"));
                values.add(new MeasuredValue(goal.name(), kr.name(), value, null, at.plusSeconds(12), 20, "abd"));
                if (values.size() >= 2000) {
                    store.recordMeasurements(values);
                    values.clear();
                }
            }
            store.recordMeasurements(values);
            for (int b = 0; b < bots; b++) {
                String bot = String.format(Locale.ROOT, "bot-%04d", b);
                int lastIndex = ((cycles - 1) / bots) * bots + b;
                String last = lastIndex < cycles ? String.format(Locale.ROOT, "c%06d-%s", lastIndex, bot) : null;
                Goal goal = goals.get(b % goals.size());
                store.saveBot(new BotState(bot, b % 3 == 0 ? "continuous" : "triggered", goal.name(), false, "Idle", 40.0 + b % 60, b % 7 == 0,
                        last, Instant.now(), start, 0, null, Instant.now().plusSeconds(600 + b), null, null));
            }
        }
    }

    /**
     * As a running controller: every 50 ms a phase event and the bot's new phase, for a random bot; every
     * fifth one for a bot on the page's first table page, its phase {@code P<n>} and the time it was
     * written in the event ({@code t=millis}), which the page's observer turns into latencies.
     */
    private static void emit(StateStore store, int bots, int visible) {
        Random random = new Random(5);
        try {
            for (long n = 0; !Thread.currentThread().isInterrupted(); n++) {
                Thread.sleep(50);
                int b = n % 5 == 0 ? random.nextInt(visible) : random.nextInt(bots);
                String bot = String.format(Locale.ROOT, "bot-%04d", b);
                String phase = "P" + n;
                BotState before = store.bot(bot).orElseThrow();
                store.saveBot(new BotState(bot, before.mode(), before.goal(), false, phase, before.progress(), before.atRisk(),
                        before.lastCycleId(), before.lastCycleAt(), before.createdAt(), 0, null, before.nextCycleAt(), null, null));
                store.event(bot, before.lastCycleId(), "info", "phase " + phase + " t=" + System.currentTimeMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
