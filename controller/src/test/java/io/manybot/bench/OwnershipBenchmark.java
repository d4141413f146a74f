package io.manybot.bench;

import io.manybot.core.ownership.Entry;
import io.manybot.core.ownership.ManybotOwners;
import io.manybot.core.ownership.OwnersFile;
import io.manybot.core.ownership.OwnershipIndex;
import io.manybot.core.ownership.OwnershipResolution;
import io.manybot.core.ownership.Principal;
import io.manybot.core.ownership.ProwOwners;
import io.manybot.core.ownership.Verdict;
import io.manybot.core.repo.RepositoryTree;
import io.manybot.core.repo.WorkingTree;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.ToLongFunction;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Measures the ownership engine on a generated repository (see {@link OwnershipTreeGenerator}) and
 * compares it, in the same run, with the naive way ({@link SimpleOwnersResolver}): loading every
 * OWNERS file, resolving the owners of every file, heap retained by the index, allocation per
 * resolve. Prints a Markdown table.
 *
 * <pre>
 * bench/ownership.sh [DIR] [--files N] [--owners N] [--aliases N] [--seed N] [--sample N] [--rounds N] [--keep]
 * </pre>
 * DIR is reused when it exists and is not empty (it is then only read); otherwise the tree is
 * generated there (or in a temporary directory, deleted at the end unless {@code --keep}).
 * Targets: loading under 1 s, resolving under 2 µs per path on average.
 */
public final class OwnershipBenchmark {
    private static final int LOAD_RUNS = 5;
    private static volatile long sink;

    private OwnershipBenchmark() {}

    public static void main(String[] args) throws Exception {
        Path dir = null;
        int files = OwnershipTreeGenerator.Config.BENCHMARK.files();
        int owners = OwnershipTreeGenerator.Config.BENCHMARK.ownersFiles();
        int aliases = OwnershipTreeGenerator.Config.BENCHMARK.aliases();
        long seed = OwnershipTreeGenerator.Config.BENCHMARK.seed();
        int sampleSize = 2_000;
        int rounds = 10;
        boolean keep = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--files" -> files = Integer.parseInt(args[++i]);
                case "--owners" -> owners = Integer.parseInt(args[++i]);
                case "--aliases" -> aliases = Integer.parseInt(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--sample" -> sampleSize = Integer.parseInt(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--keep" -> keep = true;
                case "-h", "--help" -> {
                    System.out.println("usage: OwnershipBenchmark [DIR] [--files N] [--owners N] [--aliases N] [--seed N]"
                            + " [--sample N] [--rounds N] [--keep]");
                    return;
                }
                default -> {
                    if (args[i].startsWith("-") || dir != null) {
                        throw new IllegalArgumentException("unexpected argument: " + args[i]);
                    }
                    dir = Path.of(args[i]);
                }
            }
        }
        boolean temporary = dir == null;
        if (temporary) {
            dir = Files.createTempDirectory("manybot-ownership-bench");
        }
        try {
            prepare(dir, new OwnershipTreeGenerator.Config(files, owners, aliases, seed));
            run(dir, sampleSize, rounds, seed);
        } finally {
            if (temporary && !keep) {
                System.err.println("deleting " + dir);
                delete(dir);
            }
        }
    }

    private static void prepare(Path dir, OwnershipTreeGenerator.Config config) throws IOException {
        boolean empty = !Files.exists(dir);
        if (!empty) {
            try (Stream<Path> entries = Files.list(dir)) {
                empty = entries.findAny().isEmpty();
            }
        }
        if (!empty) {
            System.err.println("reusing the tree in " + dir + " (not regenerated; generator options ignored)");
            return;
        }
        System.err.println("generating " + config.describe() + " into " + dir + " ...");
        long start = System.nanoTime();
        OwnershipTreeGenerator.Summary summary = new OwnershipTreeGenerator(config).generate(dir);
        System.err.printf(Locale.ROOT, "generated in %.1f s: %s%n", (System.nanoTime() - start) / 1e9, summary.describe());
    }

    private static void run(Path dir, int sampleSize, int rounds, long seed) throws Exception {
        WorkingTree tree = new WorkingTree(dir);
        List<Row> rows = new ArrayList<>();

        // (a) Loading: the very first load (what a command line run pays), then listing the tree,
        // parsing with the tree already listed, and the whole load, each warm.
        progress("first load");
        long coldStart = System.nanoTime();
        sink += OwnershipIndex.load(tree).files().size();
        double coldMs = (System.nanoTime() - coldStart) / 1e6;
        progress("listing the tree");
        double[] listing = timeRuns(() -> sink += tree.files().size());
        List<String> paths = tree.files();
        RepositoryTree listed = new ListedTree(tree, paths);
        progress("loading (tree pre-listed)");
        double[] parsing = timeRuns(() -> sink += OwnershipIndex.load(listed).files().size());
        progress("loading");
        double[] loading = timeRuns(() -> sink += OwnershipIndex.load(tree).files().size());

        // (c) Heap retained by a loaded index (everything a load initialises once is warm by now).
        long heapBefore = usedHeapAfterGc();
        OwnershipIndex index = OwnershipIndex.load(tree);
        long heapAfter = usedHeapAfterGc();
        if (!index.problems().isEmpty()) {
            System.err.println(index.problems().size() + " problem(s) in the tree, first: " + index.problems().get(0));
        }
        rows.add(new Row("Tree", describe(index, paths), ""));
        rows.add(new Row("First `OwnershipIndex.load` in this JVM (class loading, JIT and schema compilation included)",
                String.format(Locale.ROOT, "%,.0f ms", coldMs), ""));
        rows.add(new Row("List the tree (`WorkingTree.files()`)", loadTimes(listing), ""));
        rows.add(new Row("Read, parse, validate and index the OWNERS files (tree pre-listed)", loadTimes(parsing), ""));
        rows.add(new Row("**`OwnershipIndex.load(new WorkingTree(dir))`** (list + parse + index)",
                "**" + loadTimes(loading) + "**", "< 1,000 ms" + verdictMark(median(loading) < 1000)));

        // (b) Resolving every file.
        String[] inOrder = paths.toArray(String[]::new);
        String[] shuffled = inOrder.clone();
        Collections.shuffle(Arrays.asList(shuffled), new Random(seed));
        progress("resolving");
        Rounds resolveRounds = resolveRounds(inOrder, rounds, p -> index.resolve(p).owners().size());
        Rounds shuffledRounds = resolveRounds(shuffled, rounds, p -> index.resolve(p).owners().size());
        String[] underFilters = paths.stream().filter(p -> index.resolve(p).governingFiles().stream()
                .anyMatch(f -> f instanceof ProwOwners prow && prow.rules().stream().anyMatch(r -> r.filter() != null)))
                .toArray(String[]::new);
        Rounds filteredRounds = resolveRounds(underFilters, rounds, p -> index.resolve(p).owners().size());
        List<Principal> who = principals(index);
        int[] next = {0};
        progress("verdicts");
        Rounds verdictRounds = resolveRounds(inOrder, rounds, p -> {
            Verdict verdict = index.verdict(p, who.get(next[0]++ & 3));
            return verdict.decision().ordinal() + verdict.reason().length();
        });
        rows.add(new Row("**`index.resolve(path)`**, all " + String.format(Locale.ROOT, "%,d", paths.size())
                + " files, tree order", "**" + resolveRounds.describe() + "**",
                "< 2,000 ns" + verdictMark(resolveRounds.medianNsPerPath() < 2000)));
        rows.add(new Row("`index.resolve(path)`, shuffled order", shuffledRounds.describe(), ""));
        rows.add(new Row(String.format(Locale.ROOT, "`index.resolve(path)`, only the %,d files under Prow filters",
                underFilters.length), filteredRounds.describe(), ""));
        rows.add(new Row("`index.verdict(path, principal)` (4 principals in turn: owner, strangers)",
                verdictRounds.describe(), ""));
        rows.add(new Row("Heap retained by the index (used heap after GC, loaded vs before)",
                String.format(Locale.ROOT, "%.1f MB (%.1f → %.1f MB)", mb(heapAfter - heapBefore), mb(heapBefore), mb(heapAfter)), ""));

        // (d) The simple way, on a sample.
        List<String> sample = new ArrayList<>(paths);
        Collections.shuffle(sample, new Random(seed + 1));
        sample = sample.subList(0, Math.min(sampleSize, sample.size()));
        progress("the simple way");
        SimpleOwnersResolver simple = new SimpleOwnersResolver(dir);
        double firstPass = simplePass(simple, sample);
        double secondPass = simplePass(simple, sample);
        int agree = 0;
        for (String path : sample) {
            Set<String> expected = new TreeSet<>(simple.owners(path));
            Set<String> actual = index.resolve(path).owners().stream()
                    .map(Entry::principal).map(Object::toString).collect(Collectors.toCollection(TreeSet::new));
            agree += expected.equals(actual) ? 1 : 0;
        }
        rows.add(new Row(String.format(Locale.ROOT, "Simple way (walk up, parse each OWNERS), %,d random files, first pass (OS file cache as the loads left it)", sample.size()),
                simpleDescribe(firstPass, paths.size()), ""));
        rows.add(new Row("Simple way, same files again (JIT and OS file cache warm)", simpleDescribe(secondPass, paths.size()), ""));
        rows.add(new Row("Speedup of `resolve` over the simple way (warm)",
                String.format(Locale.ROOT, "×%,.0f", secondPass * 1000 / resolveRounds.medianNsPerPath()), ""));
        rows.add(new Row("Same owners from both on the sample", String.format(Locale.ROOT, "%,d / %,d", agree, sample.size()), ""));

        print(rows);
    }

    // ---------------------------------------------------------------- measures

    interface Action {
        void run() throws Exception;
    }

    /** 1 warm-up run, then {@link #LOAD_RUNS} measured runs, in ms. */
    private static double[] timeRuns(Action action) throws Exception {
        action.run();
        double[] ms = new double[LOAD_RUNS];
        for (int i = 0; i < LOAD_RUNS; i++) {
            long start = System.nanoTime();
            action.run();
            ms[i] = (System.nanoTime() - start) / 1e6;
        }
        System.err.println("  runs (ms): " + Arrays.stream(ms).mapToObj(v -> String.format(Locale.ROOT, "%.0f", v)).toList());
        return ms;
    }

    record Rounds(double[] nsPerPath, double bytesPerPath) {
        double medianNsPerPath() {
            return median(nsPerPath);
        }

        String describe() {
            return String.format(Locale.ROOT, "%,.0f ns/path (median of %d rounds; min %,.0f); %,.0f B allocated/path",
                    medianNsPerPath(), nsPerPath.length, Arrays.stream(nsPerPath).min().orElse(0), bytesPerPath);
        }
    }

    /** 3 warm-up rounds over every path, then {@code rounds} measured ones. */
    private static Rounds resolveRounds(String[] paths, int rounds, ToLongFunction<String> resolve) {
        for (int r = 0; r < 3; r++) {
            sink += round(paths, resolve);
        }
        double[] ns = new double[rounds];
        long allocatedBefore = allocatedBytes();
        for (int r = 0; r < rounds; r++) {
            long start = System.nanoTime();
            sink += round(paths, resolve);
            ns[r] = (double) (System.nanoTime() - start) / paths.length;
        }
        double bytes = (double) (allocatedBytes() - allocatedBefore) / ((long) rounds * paths.length);
        return new Rounds(ns, bytes);
    }

    private static long round(String[] paths, ToLongFunction<String> resolve) {
        long total = 0;
        for (String path : paths) {
            total += resolve.applyAsLong(path);
        }
        return total;
    }

    /** µs per path. */
    private static double simplePass(SimpleOwnersResolver simple, List<String> sample) {
        long start = System.nanoTime();
        long total = 0;
        for (String path : sample) {
            total += simple.owners(path).size();
        }
        sink += total;
        return (System.nanoTime() - start) / 1e3 / sample.size();
    }

    private static long allocatedBytes() {
        if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean threads) {
            return threads.getThreadAllocatedBytes(Thread.currentThread().getId());
        }
        return 0;
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            memory.gc();
            Thread.sleep(100);
            used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
        }
        return used;
    }

    /** Someone who owns much (the root primary), a human and a bot named nowhere, a listed human. */
    private static List<Principal> principals(OwnershipIndex index) {
        Principal rootPrimary = index.resolve("").owners().get(0).principal();
        Principal listedHuman = index.aliases().all().values().stream().flatMap(List::stream)
                .map(Entry::principal).filter(p -> !p.isBot()).findFirst().orElse(Principal.parse("someone"));
        return List.of(rootPrimary, Principal.parse("human:nobody-at-all"), listedHuman, Principal.bot("bench-stranger"));
    }

    // ---------------------------------------------------------------- output

    record Row(String measure, String result, String target) {}

    private static void print(List<Row> rows) {
        Runtime runtime = Runtime.getRuntime();
        System.out.println();
        System.out.println("| Measure | Result | Target |");
        System.out.println("|---|---|---|");
        for (Row row : rows) {
            System.out.println("| " + row.measure() + " | " + row.result() + " | " + row.target() + " |");
        }
        System.out.println();
        System.out.printf(Locale.ROOT, "Machine: %d cores%s, %s %s; %s (%s), max heap %,d MB.%n",
                runtime.availableProcessors(), Machine.cpuModel(), System.getProperty("os.name"), System.getProperty("os.arch"),
                System.getProperty("java.runtime.name") + " " + System.getProperty("java.runtime.version"),
                System.getProperty("java.vm.name") + ", " + System.getProperty("java.vm.info"),
                runtime.maxMemory() >> 20);
        System.out.println("Load: 1 warm-up + " + LOAD_RUNS + " measured runs (min / median). Resolve: 3 warm-up "
                + "rounds over every file, then the measured rounds; allocation from ThreadMXBean.getThreadAllocatedBytes.");
    }

    private static String describe(OwnershipIndex index, List<String> paths) {
        long manybot = index.files().stream().filter(ManybotOwners.class::isInstance).count();
        List<ProwOwners> prow = index.files().stream().filter(ProwOwners.class::isInstance).map(ProwOwners.class::cast).toList();
        long filtered = prow.stream().filter(p -> p.rules().stream().anyMatch(r -> r.filter() != null)).count();
        long noParent = index.files().stream().filter(OwnersFile::noParentOwners).count();
        Set<String> directories = new HashSet<>();
        int maxDepth = 0;
        for (String path : paths) {
            int slash = path.lastIndexOf('/');
            directories.add(slash < 0 ? "" : path.substring(0, slash));
            maxDepth = Math.max(maxDepth, (int) path.chars().filter(c -> c == '/').count());
        }
        return String.format(Locale.ROOT, "%,d files in %,d directories (depth ≤ %d); %,d OWNERS: %,d manybot, %,d Prow "
                        + "(%,d with filters), %,d with no_parent_owners; %,d aliases",
                paths.size(), directories.size(), maxDepth, index.files().size(), manybot, prow.size(), filtered, noParent,
                index.aliases().all().size());
    }

    private static String loadTimes(double[] ms) {
        return String.format(Locale.ROOT, "%,.0f ms min / %,.0f ms median", Arrays.stream(ms).min().orElse(0), median(ms));
    }

    private static String simpleDescribe(double microsPerPath, int files) {
        return String.format(Locale.ROOT, "%,.1f µs/path → %,.1f s projected for all %,d files",
                microsPerPath, microsPerPath * files / 1e6, files);
    }

    private static String verdictMark(boolean met) {
        return met ? " ✅" : " ❌";
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static double mb(long bytes) {
        return bytes / (1024.0 * 1024.0);
    }

    private static void progress(String what) {
        System.err.println("measuring: " + what);
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path path : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    /** A tree whose listing is already known: loading it measures reading and parsing alone. */
    private record ListedTree(RepositoryTree tree, List<String> files) implements RepositoryTree {
        @Override
        public String describe() {
            return tree.describe();
        }

        @Override
        public boolean isFile(String path) throws IOException {
            return tree.isFile(path);
        }

        @Override
        public byte[] read(String path, int maxBytes) throws IOException {
            return tree.read(path, maxBytes);
        }
    }
}
