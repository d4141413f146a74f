package io.manybot.bench;

import io.manybot.core.declaration.Bot;
import io.manybot.core.declaration.Subscription;
import io.manybot.core.event.Activation;
import io.manybot.core.event.EventRouter;
import io.manybot.core.event.Provider;
import io.manybot.core.event.RepositoryEvent;
import io.manybot.core.event.RepositoryNames;
import io.manybot.core.ownership.Glob;
import io.manybot.core.ownership.OwnershipIndex;
import io.manybot.core.repo.RepositoryTree;
import io.manybot.core.workspace.CommitMessages;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Routing one large push: 10,000 changed paths (20 commits, one of them a bot's) across 1,000
 * subscriptions of 100 bots, with {@link EventRouter}, against the naive loop in the same run
 * (per subscription the same filters, then every path against every glob, compiled once per
 * subscription, stopping at the first match; reviews the same way over each bot's owned globs).
 * Both must give the same activations. Also measured: the same with an {@link OwnershipIndex} of
 * 100 OWNERS files deciding the reviews, and the CommitTriggers way (globs compiled for every
 * path), on a sample of subscriptions and extrapolated. Prints a Markdown table.
 *
 * <pre>bench/routing.sh [--paths N] [--subscriptions N] [--bots N] [--rounds N] [--seed N]</pre>
 */
public final class RoutingBenchmark {
    private static final String REPOSITORY = "https://github.com/acme/monorepo.git";
    private static final String[] DIRECTORIES = {"src/main/java/io/acme", "src/test/java/io/acme", "docs", "config", "scripts",
        "src/main/resources"};
    private static final String[] EXTENSIONS = {"java", "java", "java", "md", "yaml", "py", "sh", "properties"};
    private static final long WARM_UP_NANOS = 3_000_000_000L;
    private static volatile long sink;

    private RoutingBenchmark() {}

    public static void main(String[] args) {
        int paths = 10_000;
        int subscriptions = 1_000;
        int bots = 100;
        int rounds = 20;
        long seed = 20240516;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--paths" -> paths = Integer.parseInt(args[++i]);
                case "--subscriptions" -> subscriptions = Integer.parseInt(args[++i]);
                case "--bots" -> bots = Integer.parseInt(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "-h", "--help" -> {
                    System.out.println("usage: RoutingBenchmark [--paths N] [--subscriptions N] [--bots N] [--rounds N] [--seed N]");
                    return;
                }
                default -> throw new IllegalArgumentException("unexpected argument: " + args[i]);
            }
        }
        Scenario scenario = Scenario.generate(paths, subscriptions, bots, new Random(seed));
        List<Row> rows = new ArrayList<>();
        rows.add(new Row("Event", scenario.describe(), ""));

        EventRouter router = new EventRouter(REPOSITORY);
        progress("EventRouter");
        List<Activation> routed = router.route(scenario.push, scenario.bots, scenario.subscriptions, null);
        Timing fast = time(rounds, () -> router.route(scenario.push, scenario.bots, scenario.subscriptions, null));
        progress("naive loop");
        Map<String, Activation.Kind> naive = naive(scenario);
        Timing slow = time(Math.max(3, rounds / 4), () -> naive(scenario));
        Map<String, Activation.Kind> byRouter = new TreeMap<>();
        routed.forEach(a -> byRouter.put(a.bot(), a.kind()));
        long triggers = routed.stream().filter(a -> a.kind() == Activation.Kind.TRIGGER).count();
        rows.add(new Row("**`EventRouter.route`** (subscriptions + `owns` globs)", "**" + fast.describe() + "**",
                String.format(Locale.ROOT, "%d activations (%d trigger, %d review)", routed.size(), triggers, routed.size() - triggers)));
        rows.add(new Row("Naive loop (same filters; every path × every glob, compiled once per subscription)", slow.describe(),
                byRouter.equals(naive) ? "same activations ✅" : "DIFFERENT activations ❌ " + naive));
        rows.add(new Row("Speedup", String.format(Locale.ROOT, "×%,.0f (medians)", slow.median() / fast.median()), ""));

        progress("reviews only");
        Scenario reviewsOnly = scenario.withoutSubscriptions();
        List<Activation> reviews = router.route(reviewsOnly.push, reviewsOnly.bots, reviewsOnly.subscriptions, null);
        Timing reviewing = time(rounds, () -> router.route(reviewsOnly.push, reviewsOnly.bots, reviewsOnly.subscriptions, null));
        Timing reviewingNaive = time(Math.max(3, rounds / 4), () -> naive(reviewsOnly));
        Map<String, Activation.Kind> reviewKinds = new TreeMap<>();
        reviews.forEach(a -> reviewKinds.put(a.bot(), a.kind()));
        rows.add(new Row("`EventRouter.route`, no subscriptions: reviews of owned paths only", reviewing.describe(),
                reviews.size() + " review activations"));
        rows.add(new Row("Naive loop, reviews only", reviewingNaive.describe(),
                reviewKinds.equals(naive(reviewsOnly)) ? "same activations ✅" : "DIFFERENT activations ❌"));

        progress("with an ownership index");
        OwnershipIndex index = scenario.index();
        List<Bot> unowned = scenario.bots.stream().map(b -> new Bot(b.name(), b.goal(), List.of(), b.repository(), b.mode(),
                b.schedule(), b.executor(), b.tests(), b.limits(), b.reviewers(), b.suspend(), b.dryRun(), b.rollbackOnTestFailure(),
                b.parent())).toList();
        List<Activation> viaIndex = router.route(scenario.push, unowned, scenario.subscriptions, index);
        Timing indexed = time(rounds, () -> router.route(scenario.push, unowned, scenario.subscriptions, index));
        Map<String, Activation.Kind> byIndex = new TreeMap<>();
        viaIndex.forEach(a -> byIndex.put(a.bot(), a.kind()));
        rows.add(new Row("`EventRouter.route`, reviews decided by an `OwnershipIndex` (" + index.files().size()
                + " OWNERS files; bots declare no `owns`)", indexed.describe(),
                byIndex.equals(byRouter) ? "same activations ✅" : "different activations ❌"));

        progress("the CommitTriggers way, on a sample");
        List<Subscription> sampled = new ArrayList<>();
        for (int i = 0; i < scenario.subscriptions.size(); i += 20) {
            sampled.add(scenario.subscriptions.get(i + (i / 20) % Math.min(20, scenario.subscriptions.size() - i)));
        }
        int sample = sampled.size();
        Timing compiling = time(1, () -> compileEveryTime(scenario, sampled));
        double projected = compiling.median() * scenario.subscriptions.size() / sample;
        rows.add(new Row(String.format(Locale.ROOT, "Globs compiled for every path (as `CommitTriggers` does), every 20th of the subscriptions (%d)", sample),
                compiling.describe(), String.format(Locale.ROOT, "≈ %,.0f ms projected for all %,d", projected,
                        scenario.subscriptions.size())));

        progress("allocation");
        long before = allocated();
        sink += router.route(scenario.push, scenario.bots, scenario.subscriptions, null).size();
        rows.add(new Row("Allocated per `route` call", String.format(Locale.ROOT, "%.1f MB", (allocated() - before) / 1048576.0), ""));
        print(rows, rounds);
    }

    // ---------------------------------------------------------------- the naive way

    /** What the router decides, computed plainly. */
    static Map<String, Activation.Kind> naive(Scenario s) {
        Map<String, Bot> bots = new HashMap<>();
        for (Bot bot : s.bots) {
            if (!bot.suspend()) {
                bots.put(bot.name(), bot);
            }
        }
        List<RepositoryNames.Name> eventNames = RepositoryNames.of(s.push.repository());
        Map<String, Activation.Kind> out = new TreeMap<>();
        for (Subscription sub : s.subscriptions) {
            Bot bot = bots.get(sub.bot());
            if (bot == null || sub.suspend() || sub.trigger() != Subscription.Trigger.PUSH || ownPush(s.push, bot)) {
                continue;
            }
            String repository = sub.repository() != null ? sub.repository() : bot.repository().url();
            if (!RepositoryNames.matchesAny(RepositoryNames.parse(repository), eventNames)) {
                continue;
            }
            String branch = sub.branch() != null ? sub.branch() : bot.repository().branch();
            if (!branchMatches(branch, s.push.branch())) {
                continue;
            }
            List<Glob> globs = sub.paths().stream().map(Glob::compile).toList();
            if (globs.isEmpty() || anyMatch(foreignPaths(s.push, bot), globs)) {
                out.put(bot.name(), Activation.Kind.TRIGGER);
            }
        }
        for (Bot bot : bots.values()) {
            if (out.containsKey(bot.name()) || ownPush(s.push, bot) || !bot.repository().branch().equals(s.push.branch())) {
                continue;
            }
            if (anyMatch(foreignPaths(s.push, bot), bot.owns().stream().map(Glob::compile).toList())) {
                out.put(bot.name(), Activation.Kind.REVIEW);
            }
        }
        return out;
    }

    private static boolean ownPush(RepositoryEvent.Push push, Bot bot) {
        return push.commits().stream().allMatch(c -> bot.name().equals(c.bot()));
    }

    private static List<String> foreignPaths(RepositoryEvent.Push push, Bot bot) {
        List<String> paths = new ArrayList<>();
        for (RepositoryEvent.Commit commit : push.commits()) {
            if (!bot.name().equals(commit.bot())) {
                paths.addAll(commit.changedPaths());
            }
        }
        return paths;
    }

    private static boolean anyMatch(List<String> paths, List<Glob> globs) {
        for (String path : paths) {
            for (Glob glob : globs) {
                if (glob.matches(path)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The scenario's branch globs are either literal or {@code prefix/*}. */
    private static boolean branchMatches(String glob, String branch) {
        if (glob.endsWith("/*")) {
            String prefix = glob.substring(0, glob.length() - 1);
            return branch.startsWith(prefix) && branch.indexOf('/', prefix.length()) < 0;
        }
        return glob.equals(branch);
    }

    /** Per subscription, every path against every glob compiled anew (the CommitTriggers loop). */
    private static long compileEveryTime(Scenario s, List<Subscription> subscriptions) {
        long matched = 0;
        for (Subscription sub : subscriptions) {
            for (String path : s.push.changedPaths()) {
                if (sub.paths().stream().anyMatch(glob -> Glob.compile(glob).matches(path))) {
                    matched++;
                    break;
                }
            }
        }
        return matched;
    }

    // ---------------------------------------------------------------- the scenario

    static final class Scenario {
        final RepositoryEvent.Push push;
        final List<Bot> bots;
        final List<Subscription> subscriptions;
        final int services;

        private Scenario(RepositoryEvent.Push push, List<Bot> bots, List<Subscription> subscriptions, int services) {
            this.push = push;
            this.bots = bots;
            this.subscriptions = subscriptions;
            this.services = services;
        }

        /**
         * {@code bots} services; the push changes files in the first half of them, so half the bots'
         * globs find nothing and must look at every path the naive way. Each bot owns its service and
         * has {@code subscriptions / bots} subscriptions: its service, Java or docs files in it, a
         * release branch, another repository, suspended, and globs that never match ({@code **}/*.rs,
         * {@code Makefile}, {@code *.tf}).
         */
        static Scenario generate(int pathCount, int subscriptionCount, int botCount, Random random) {
            int touched = Math.max(1, botCount / 2);
            TreeSet<String> paths = new TreeSet<>();
            while (paths.size() < pathCount) {
                int service = random.nextInt(touched);
                String directory = DIRECTORIES[random.nextInt(DIRECTORIES.length)];
                String extension = EXTENSIONS[random.nextInt(EXTENSIONS.length)];
                paths.add(String.format(Locale.ROOT, "services/svc-%03d/%s/File%05d.%s", service, directory, random.nextInt(100_000),
                        extension));
            }
            List<String> shuffled = new ArrayList<>(paths);
            java.util.Collections.shuffle(shuffled, random);
            List<RepositoryEvent.Commit> commits = new ArrayList<>();
            int perCommit = (pathCount + 19) / 20;
            for (int c = 0; c < 20; c++) {
                List<String> slice = shuffled.subList(Math.min(c * perCommit, pathCount), Math.min((c + 1) * perCommit, pathCount));
                String message = c == 7
                        ? CommitMessages.compose("Tidy svc-007", null, Map.of("Manybot-Bot", "bot-007"))
                        : "Change " + c;
                commits.add(new RepositoryEvent.Commit(String.format(Locale.ROOT, "%040x", c + 1), message, "dev",
                        List.of(), slice, List.of()));
            }
            RepositoryEvent.Repository repository = new RepositoryEvent.Repository("acme/monorepo", "https://github.com/acme/monorepo",
                    List.of(REPOSITORY, "git@github.com:acme/monorepo.git"), "main");
            RepositoryEvent.Push push = new RepositoryEvent.Push(Provider.GITHUB, "bench", "push", repository, "refs/heads/main",
                    "main", null, "0".repeat(39) + "1", "0".repeat(39) + "2", commits, "dev", "dev", false, false, false, true);

            List<Bot> bots = new ArrayList<>();
            List<Subscription> subscriptions = new ArrayList<>();
            int perBot = Math.max(1, subscriptionCount / botCount);
            for (int b = 0; b < botCount; b++) {
                String name = String.format(Locale.ROOT, "bot-%03d", b);
                String service = String.format(Locale.ROOT, "services/svc-%03d", b);
                bots.add(new Bot(name, "goal", List.of(service + "/**"), new Bot.Repository(REPOSITORY, "main", null),
                        Bot.Mode.TRIGGERED, Bot.Schedule.DEFAULT, null, null, Bot.Limits.DEFAULT, List.of(), false, false, false, null));
                for (int k = 0; k < perBot && subscriptions.size() < subscriptionCount; k++) {
                    String id = name + "-" + k;
                    Subscription subscription = switch (k % 10) {
                        case 0 -> push(id, name, null, null, List.of(service + "/**"));
                        case 1 -> push(id, name, null, null, List.of(service + "/src/main/**/*.java"));
                        case 2 -> push(id, name, null, null, List.of(service + "/docs/*.md", service + "/config/"));
                        case 3 -> push(id, name, null, null, List.of("**/*.rs"));
                        case 4 -> push(id, name, null, null, List.of("Makefile", "*.tf"));
                        case 5 -> push(id, name, null, "release/*", List.of(service + "/**"));
                        case 6 -> push(id, name, "https://github.com/acme/other", null, List.of());
                        case 7 -> new Subscription(id, name, null, null, List.of(service + "/**"), Subscription.Trigger.PUSH, null, true);
                        case 8 -> push(id, name, null, null, List.of(String.format(Locale.ROOT, "services/svc-%03d/scripts/*.sh",
                                (b + 1) % botCount)));
                        default -> push(id, name, "acme/monorepo", "main", List.of(service + "/**/*.yaml", service + "/**/*.properties"));
                    };
                    subscriptions.add(subscription);
                }
            }
            return new Scenario(push, bots, subscriptions, botCount);
        }

        Scenario withoutSubscriptions() {
            return new Scenario(push, bots, List.of(), services);
        }

        private static Subscription push(String name, String bot, String repository, String branch, List<String> paths) {
            return new Subscription(name, bot, repository, branch, paths, Subscription.Trigger.PUSH, null, false);
        }

        String describe() {
            long globs = subscriptions.stream().mapToLong(s -> s.paths().size()).sum();
            return String.format(Locale.ROOT, "push of %d commits, %,d paths in %d of %d services; %,d subscriptions (%,d path globs)"
                    + " of %d bots", push.commits().size(), push.changedPaths().size(), Math.max(1, services / 2), services,
                    subscriptions.size(), globs, bots.size());
        }

        /** The changed paths plus one OWNERS file per service naming its bot primary. */
        OwnershipIndex index() {
            Map<String, String> files = new LinkedHashMap<>();
            files.put("OWNERS", "primary: human:platform-lead\n");
            for (int b = 0; b < services; b++) {
                files.put(String.format(Locale.ROOT, "services/svc-%03d/OWNERS", b),
                        String.format(Locale.ROOT, "primary: manybot:bot-%03d%n", b));
            }
            for (String path : push.changedPaths()) {
                files.put(path, "");
            }
            try {
                return OwnershipIndex.load(new MemoryTree(files));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private record MemoryTree(Map<String, String> content) implements RepositoryTree {
        @Override
        public String describe() {
            return "generated tree";
        }

        @Override
        public List<String> files() {
            return new ArrayList<>(new TreeSet<>(content.keySet()));
        }

        @Override
        public boolean isFile(String path) {
            return content.containsKey(path);
        }

        @Override
        public byte[] read(String path, int maxBytes) {
            return content.getOrDefault(path, "").getBytes(StandardCharsets.UTF_8);
        }
    }

    // ---------------------------------------------------------------- measures

    record Timing(double[] ms) {
        double median() {
            double[] sorted = ms.clone();
            Arrays.sort(sorted);
            int n = sorted.length;
            return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        }

        String describe() {
            double min = Arrays.stream(ms).min().orElse(0);
            return ms.length == 1 ? format(min) : format(median()) + " median, " + format(min) + " min (" + ms.length + " runs)";
        }

        private static String format(double ms) {
            return ms < 10 ? String.format(Locale.ROOT, "%.2f ms", ms) : String.format(Locale.ROOT, "%,.0f ms", ms);
        }
    }

    /** Warm-up runs for about as long as {@code warmUpMs} (at least 2), then the measured runs. */
    private static Timing time(int runs, Supplier<Object> action) {
        long warmUpUntil = System.nanoTime() + WARM_UP_NANOS;
        for (int i = 0; i < 2 || System.nanoTime() < warmUpUntil; i++) {
            sink += action.get().hashCode();
        }
        double[] ms = new double[runs];
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            sink += action.get().hashCode();
            ms[i] = (System.nanoTime() - start) / 1e6;
        }
        return new Timing(ms);
    }

    private static long allocated() {
        if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean threads) {
            return threads.getThreadAllocatedBytes(Thread.currentThread().getId());
        }
        return 0;
    }

    // ---------------------------------------------------------------- output

    record Row(String measure, String result, String note) {}

    private static void print(List<Row> rows, int rounds) {
        Runtime runtime = Runtime.getRuntime();
        System.out.println();
        System.out.println("| Measure | Result | Note |");
        System.out.println("|---|---|---|");
        for (Row row : rows) {
            System.out.println("| " + row.measure() + " | " + row.result() + " | " + row.note() + " |");
        }
        System.out.println();
        System.out.printf(Locale.ROOT, "Machine: %d cores%s, %s %s; %s, max heap %,d MB. Router: %d measured runs;"
                        + " naive loop: fewer runs; each after 3 s of warm-up runs (JIT); one JVM.%n",
                runtime.availableProcessors(), Machine.cpuModel(), System.getProperty("os.name"), System.getProperty("os.arch"),
                System.getProperty("java.runtime.name") + " " + System.getProperty("java.runtime.version"), runtime.maxMemory() >> 20,
                rounds);
    }

    private static void progress(String what) {
        System.err.println("measuring: " + what);
    }
}
