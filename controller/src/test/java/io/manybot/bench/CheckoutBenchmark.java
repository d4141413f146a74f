package io.manybot.bench;

import io.manybot.core.workspace.FileChange;
import io.manybot.core.workspace.IsolatedCheckout;
import io.manybot.core.workspace.SourceRepository;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;

/**
 * Measures a cycle's isolated checkout ({@link IsolatedCheckout#create} + {@code close}) against
 * {@code git clone --local} (hard-linked objects), {@code git clone --shared} (alternates, like ours)
 * and JGit's {@code CloneCommand}, on a generated repository; plus {@code changes()} and
 * {@code commit()} on the checkout. Prints a Markdown table.
 *
 * <pre>
 * bench/checkout.sh [DIR] [--files N] [--runs N] [--warmup N] [--keep]
 * </pre>
 * DIR is reused when it already holds a repository; otherwise one is generated there (or in a
 * temporary directory, deleted at the end unless {@code --keep}). Needs the git binary.
 */
public final class CheckoutBenchmark {
    private static final String[] WORDS = {
        "checkout", "object", "tree", "blob", "commit", "branch", "merge", "index", "alternate", "pack",
        "owner", "goal", "cycle", "land", "reflect", "plan", "verify", "bot", "path", "change"};

    private CheckoutBenchmark() {}

    public static void main(String[] args) throws Exception {
        Path dir = null;
        int files = 10_000;
        int runs = 10;
        int warmup = 3;
        boolean keep = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--files" -> files = Integer.parseInt(args[++i]);
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--keep" -> keep = true;
                case "-h", "--help" -> {
                    System.out.println("usage: CheckoutBenchmark [DIR] [--files N] [--runs N] [--warmup N] [--keep]");
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
        Path source = temporary ? Files.createTempDirectory("manybot-checkout-bench") : dir.toAbsolutePath();
        Path scratch = Files.createTempDirectory(source.getParent(), "manybot-checkout-bench-runs");
        try {
            prepare(source, files);
            run(source, scratch, runs, warmup);
        } finally {
            delete(scratch);
            if (temporary && !keep) {
                System.err.println("deleting " + source);
                delete(source);
            }
        }
    }

    // ---------------------------------------------------------------- the repository

    /** {@code files} files of ~300 bytes in 50 × 10 directories, committed on main and packed, by the git binary. */
    private static void prepare(Path source, int files) throws IOException, InterruptedException {
        if (Files.isDirectory(source.resolve(".git"))) {
            try (SourceRepository repository = SourceRepository.open(source)) {
                if (repository.tip("refs/heads/main").isEmpty()) {
                    throw new IllegalArgumentException(source + " holds a repository without a main branch (an interrupted generation?)");
                }
            }
            System.err.println("reusing the repository in " + source + " (not regenerated; --files ignored)");
            return;
        }
        try (Stream<Path> entries = Files.exists(source) ? Files.list(source) : Stream.empty()) {
            if (entries.findAny().isPresent()) {
                throw new IllegalArgumentException(source + " is neither empty nor a git repository");
            }
        }
        System.err.println("generating " + files + " files into " + source + " ...");
        Random random = new Random(42);
        for (int i = 0; i < files; i++) {
            Path file = source.resolve(String.format(Locale.ROOT, "pkg%02d/mod%d/file%05d.txt", i % 50, (i / 50) % 10, i));
            Files.createDirectories(file.getParent());
            StringBuilder text = new StringBuilder();
            while (text.length() < 200 + random.nextInt(200)) {
                text.append(WORDS[random.nextInt(WORDS.length)]).append(random.nextInt(8) == 0 ? '\n' : ' ');
            }
            Files.writeString(file, text.append('\n'), StandardCharsets.UTF_8);
        }
        git(source, "init", "-q", "-b", "main");
        git(source, "-c", "gc.auto=0", "add", "-A");
        git(source, "-c", "gc.auto=0", "-c", "user.name=bench", "-c", "user.email=bench@manybot.io", "commit", "-q", "-m", "generated");
        git(source, "gc", "-q");
    }

    // ---------------------------------------------------------------- measures

    private static void run(Path source, Path scratch, int runs, int warmup) throws Exception {
        List<Row> rows = new ArrayList<>();
        long sourceFiles;
        try (Stream<Path> all = Files.walk(source)) {
            sourceFiles = all.filter(p -> !p.startsWith(source.resolve(".git")) && Files.isRegularFile(p)).count();
        }
        rows.add(new Row("Source", String.format(Locale.ROOT, "%,d files, working tree %s, .git %s (packed)",
                sourceFiles, mb(du(source)[0] - du(source.resolve(".git"))[0]), mb(du(source.resolve(".git"))[0])), ""));
        int[] next = {0};
        try (SourceRepository repository = SourceRepository.open(source)) {
            ObjectId base = repository.tip("refs/heads/main").orElseThrow();

            progress("IsolatedCheckout");
            double[] createMs = new double[runs];
            double[] closeMs = new double[runs];
            double[] both = new double[runs];
            for (int i = -warmup; i < runs; i++) {
                Path target = scratch.resolve("isolated-" + next[0]++);
                long start = System.nanoTime();
                IsolatedCheckout checkout = IsolatedCheckout.create(repository, base, target);
                long created = System.nanoTime();
                checkout.close();
                long closed = System.nanoTime();
                if (i >= 0) {
                    createMs[i] = (created - start) / 1e6;
                    closeMs[i] = (closed - created) / 1e6;
                    both[i] = (closed - start) / 1e6;
                }
            }
            Path sample = scratch.resolve("isolated-disk");
            try (IsolatedCheckout checkout = IsolatedCheckout.create(repository, base, sample)) {
                rows.add(new Row("**`IsolatedCheckout.create` + `close`** (alternates; files written directly, index built)", "**" + times(both) + "**",
                        disk(source, sample)));
                rows.add(new Row("… of which `create`", times(createMs), ""));
                rows.add(new Row("… of which `close` (recursive delete)", times(closeMs), ""));
                measureCycle(checkout, runs, rows);
            }
        }

        progress("git clone --local");
        rows.add(measureClone(source, scratch, runs, warmup, "`git clone --local` (objects hard-linked) + delete",
                target -> git(null, "clone", "-q", "--local", source.toString(), target.toString())));
        progress("git clone --shared");
        rows.add(measureClone(source, scratch, runs, warmup, "`git clone --shared` (alternates, like ours) + delete",
                target -> git(null, "clone", "-q", "--shared", source.toString(), target.toString())));
        progress("JGit CloneCommand");
        rows.add(measureClone(source, scratch, runs, warmup, "JGit `CloneCommand` (file URI: packs and copies every object) + delete",
                target -> Git.cloneRepository().setURI(source.toUri().toString()).setDirectory(target.toFile()).call().close()));
        print(rows, runs, warmup);
    }

    /** {@code changes()} clean and with 10 edited files, then {@code commit()} of those 10, on one checkout. */
    private static void measureCycle(IsolatedCheckout checkout, int runs, List<Row> rows) throws Exception {
        long start = System.nanoTime();
        int found = checkout.changes().size();
        double firstMs = (System.nanoTime() - start) / 1e6;
        rows.add(new Row("`changes()` first call on the fresh checkout", String.format(Locale.ROOT, "%,.0f ms (%d changes)", firstMs, found), ""));
        rows.add(new Row("`changes()`, no edits", times(timeRuns(runs, () -> checkout.changes().size())), ""));
        List<String> edited = new ArrayList<>();
        try (Stream<Path> all = Files.walk(checkout.directory())) {
            all.filter(p -> p.toString().endsWith("0.txt")).sorted().limit(10).forEach(p -> {
                edited.add(checkout.directory().relativize(p).toString());
                try {
                    Files.writeString(p, "edited by the benchmark\n");
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        }
        double[] changes = timeRuns(runs, () -> checkout.changes().size());
        rows.add(new Row("`changes()`, 10 files edited", times(changes) + " → " + checkout.changes().stream()
                .map(FileChange::change).distinct().toList() + " × " + checkout.changes().size(), ""));
        PersonIdent bot = new PersonIdent("bench", "bench@manybot.io");
        rows.add(new Row("`commit()` of the 10 paths (into the checkout's own store)",
                times(timeRuns(runs, () -> checkout.commit(edited, "bench", bot).hashCode())),
                "own objects: " + looseObjects(checkout.directory().resolve(".git/objects")) + " loose"));
    }

    interface Action {
        long run() throws Exception;
    }

    interface CloneAction {
        void run(Path target) throws Exception;
    }

    private static double[] timeRuns(int runs, Action action) throws Exception {
        long sink = action.run();
        double[] ms = new double[runs];
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            sink += action.run();
            ms[i] = (System.nanoTime() - start) / 1e6;
        }
        if (sink == 42) {
            System.err.print("");
        }
        return ms;
    }

    private static Row measureClone(Path source, Path scratch, int runs, int warmup, String name, CloneAction clone) throws Exception {
        double[] ms = new double[runs];
        String slug = name.replaceAll("[^a-z]+", "-");
        for (int i = -warmup; i < runs; i++) {
            Path target = scratch.resolve(slug + i + "-" + System.nanoTime());
            long start = System.nanoTime();
            clone.run(target);
            delete(target);
            if (i >= 0) {
                ms[i] = (System.nanoTime() - start) / 1e6;
            }
        }
        Path sample = scratch.resolve(slug + "disk");
        clone.run(sample);
        String disk = disk(source, sample);
        delete(sample);
        return new Row(name, times(ms), disk);
    }

    // ---------------------------------------------------------------- disk

    /** Disk used by a checkout beyond the source (du; files hard-linked to the source count there), and its .git. */
    private static String disk(Path source, Path checkout) throws IOException, InterruptedException {
        long[] all = du(source, checkout);
        long[] git = du(source, checkout.resolve(".git"));
        return mb(all[1]) + " (.git " + mb(git[1]) + ")";
    }

    /** {@code du -s -B1} of the paths together: a file hard-linked under several is counted under the first. */
    private static long[] du(Path... paths) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("du", "-s", "-B1"));
        Arrays.stream(paths).map(Path::toString).forEach(command::add);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IOException("du failed: " + output);
        }
        return output.lines().mapToLong(line -> Long.parseLong(line.split("\\s+")[0])).toArray();
    }

    private static long looseObjects(Path objects) throws IOException {
        try (Stream<Path> all = Files.walk(objects)) {
            return all.filter(Files::isRegularFile).filter(p -> p.getParent().getFileName().toString().matches("[0-9a-f]{2}")).count();
        }
    }

    // ---------------------------------------------------------------- output

    record Row(String measure, String time, String disk) {}

    private static void print(List<Row> rows, int runs, int warmup) throws IOException, InterruptedException {
        Runtime runtime = Runtime.getRuntime();
        System.out.println();
        System.out.println("| Measure | Time per checkout | Disk beyond the source |");
        System.out.println("|---|---|---|");
        for (Row row : rows) {
            System.out.println("| " + row.measure() + " | " + row.time() + " | " + row.disk() + " |");
        }
        System.out.println();
        System.out.printf(Locale.ROOT, "Machine: %d cores%s, %s %s; %s (%s), max heap %,d MB; %s.%n",
                runtime.availableProcessors(), Machine.cpuModel(), System.getProperty("os.name"), System.getProperty("os.arch"),
                System.getProperty("java.runtime.name") + " " + System.getProperty("java.runtime.version"),
                System.getProperty("java.vm.name") + ", " + System.getProperty("java.vm.info"), runtime.maxMemory() >> 20,
                gitVersion());
        System.out.println("Each: " + warmup + " warm-up + " + runs + " measured runs in one JVM (min / median); git runs as a child "
                + "process (its start-up included). Disk: `du` of the checkout counted after the source, so hard links to the "
                + "source's pack cost nothing.");
    }

    private static String times(double[] ms) {
        double[] sorted = ms.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        return String.format(Locale.ROOT, "%,.1f ms min / %,.1f ms median", sorted[0], median);
    }

    private static String mb(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024.0));
    }

    private static String gitVersion() throws IOException, InterruptedException {
        Process process = new ProcessBuilder("git", "--version").redirectErrorStream(true).start();
        String version = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        process.waitFor();
        return version;
    }

    private static void progress(String what) {
        System.err.println("measuring: " + what);
    }

    // ---------------------------------------------------------------- processes and files

    private static void git(Path directory, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("git"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        if (directory != null) {
            builder.directory(directory.toFile());
        }
        Map<String, String> env = builder.environment();
        env.put("GIT_AUTHOR_DATE", "2026-01-01T00:00:00Z");
        env.put("GIT_COMMITTER_DATE", "2026-01-01T00:00:00Z");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + output);
        }
    }

    private static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path path : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
