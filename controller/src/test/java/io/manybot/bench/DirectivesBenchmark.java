package io.manybot.bench;

import io.manybot.core.directives.DirectivesParser;
import io.manybot.core.directives.LiveDirectives;
import io.manybot.local.LocalController;
import io.manybot.local.TodoRepository;
import io.manybot.testing.GitRepos;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;

/**
 * Directives edit → applied latency in the local home: a real `manybot run` controller on a
 * work-tree repository; each round rewrites {@code MARATHON.md} with a new version and measures
 * until the controller's {@link LiveDirectives} reports APPLIED with the new content hash (through a
 * listener). The simple way, in the same run, is the seed's "re-read periodically": a thread that
 * polls the file's modification time every second and re-reads it when it changed. Each edit comes
 * after a random pause of up to a second, so that edits fall anywhere in the poll period.
 *
 * <pre>bench/directives.sh [--edits N]</pre>
 */
public final class DirectivesBenchmark {
    private static final long POLL_MILLIS = 1000;

    public static void main(String[] args) throws Exception {
        int edits = 100;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--edits")) {
                edits = Integer.parseInt(args[++i]);
            }
        }
        Path root = Files.createTempDirectory("manybot-directives-bench");
        try {
            Path work = root.resolve("work");
            createRepository(work);
            List<Long> watched = watched(work, root.resolve("state"), edits);
            List<Long> polled = polled(root.resolve("polled"), edits);
            System.out.println();
            System.out.println("| Directives edit → applied (" + edits + " edits) | p50 | p99 | max |");
            System.out.println("|---|---|---|---|");
            row("manybot run: WatchService on the working tree, LiveDirectives listener", watched);
            row("Simple way: poll the file's mtime every " + POLL_MILLIS / 1000 + " s, re-read on change", polled);
            Runtime runtime = Runtime.getRuntime();
            System.out.printf(Locale.ROOT, "%nMachine: %d cores, %s, %s; %s. One edit at a time, each after a random 0–1 s pause (same seed both ways); 1 warm-up edit not counted.%n",
                    runtime.availableProcessors(), System.getProperty("os.name"), System.getProperty("os.arch"),
                    System.getProperty("java.runtime.name") + " " + System.getProperty("java.runtime.version"));
        } finally {
            io.manybot.core.workspace.Directories.delete(root);
        }
    }

    /** Latencies in microseconds through a running local controller. */
    private static List<Long> watched(Path work, Path state, int edits) throws Exception {
        LocalController controller = new LocalController(new LocalController.Options(work, state, null, 1, ".manybot"),
                new PrintWriter(new StringWriter(), true), Clock.systemUTC());
        BlockingQueue<String> applied = new LinkedBlockingQueue<>();
        controller.directives().addListener(update -> {
            if (update.outcome() == LiveDirectives.Outcome.APPLIED) {
                applied.add(update.offeredHash());
            }
        });
        Thread running = new Thread(() -> {
            try {
                controller.run();
            } catch (Exception e) {
                e.printStackTrace();
            }
        }, "bench-controller");
        running.start();
        try {
            // the controller is up once it applied the file already there
            String first = await(applied, DirectivesParser.hash(content(0)), 60_000);
            if (first == null) {
                throw new IllegalStateException("the controller did not apply the first directives");
            }
            List<Long> latencies = new ArrayList<>();
            java.util.Random jitter = new java.util.Random(42);
            for (int edit = 1; edit <= edits + 1; edit++) {
                byte[] bytes = content(edit);
                String hash = DirectivesParser.hash(bytes);
                Thread.sleep(jitter.nextInt(1000));
                long start = System.nanoTime();
                Files.write(work.resolve("MARATHON.md"), bytes);
                if (await(applied, hash, 30_000) == null) {
                    throw new IllegalStateException("edit " + edit + " was not applied within 30 s");
                }
                if (edit > 1) {
                    latencies.add((System.nanoTime() - start) / 1000);
                }
            }
            return latencies;
        } finally {
            controller.stop();
            running.join(60_000);
        }
    }

    /** Latencies in microseconds of the simple way: mtime polled every second. */
    private static List<Long> polled(Path dir, int edits) throws Exception {
        Files.createDirectories(dir);
        Path file = dir.resolve("MARATHON.md");
        Files.write(file, content(0));
        LiveDirectives live = new LiveDirectives();
        BlockingQueue<String> applied = new LinkedBlockingQueue<>();
        live.addListener(update -> {
            if (update.outcome() == LiveDirectives.Outcome.APPLIED) {
                applied.add(update.offeredHash());
            }
        });
        AtomicBoolean stop = new AtomicBoolean();
        Thread poller = new Thread(() -> {
            FileTime seen = null;
            while (!stop.get()) {
                try {
                    FileTime modified = Files.getLastModifiedTime(file);
                    if (!modified.equals(seen)) {
                        seen = modified;
                        live.offer("MARATHON.md", Files.readAllBytes(file), Instant.now());
                    }
                    Thread.sleep(POLL_MILLIS);
                } catch (IOException e) {
                    // retried at the next poll
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "bench-poller");
        poller.setDaemon(true);
        poller.start();
        try {
            await(applied, DirectivesParser.hash(content(0)), 10_000);
            List<Long> latencies = new ArrayList<>();
            java.util.Random jitter = new java.util.Random(42);
            for (int edit = 1; edit <= edits + 1; edit++) {
                byte[] bytes = content(edit);
                String hash = DirectivesParser.hash(bytes);
                Thread.sleep(jitter.nextInt(1000));
                long start = System.nanoTime();
                Files.write(file, bytes);
                if (await(applied, hash, 30_000) == null) {
                    throw new IllegalStateException("edit " + edit + " was not applied within 30 s");
                }
                if (edit > 1) {
                    latencies.add((System.nanoTime() - start) / 1000);
                }
            }
            return latencies;
        } finally {
            stop.set(true);
            poller.interrupt();
        }
    }

    private static String await(BlockingQueue<String> applied, String hash, long millis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (true) {
            long left = deadline - System.nanoTime();
            String got = left <= 0 ? null : applied.poll(left, TimeUnit.NANOSECONDS);
            if (got == null || got.equals(hash)) {
                return got;
            }
        }
    }

    /** Edit {@code n} of the directives file: a new version, and every third edit pauses one bot. */
    static byte[] content(int n) {
        String text = """
                <!--
                _meta:
                  updated: 2026-11-24T18:00:00Z
                  version: 1.%d.0
                  status: active
                -->

                # Directives

                <!-- CURRENT FOCUS: edit %d -->
                <!-- PRIORITY: keep it small -->

                ## Bot: fixer
                <!-- LIMIT changesPerCycle: %d -->
                %s
                """.formatted(n, n, 1 + n % 50, n % 3 == 0 ? "<!-- STATUS: paused -->" : "");
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static void createRepository(Path work) throws Exception {
        GitRepos.write(work, Map.of("mine/OWNERS", "primary: manybot:fixer\n", "mine/a.txt", "TODO a\n",
                ".manybot/goal.yaml", TodoRepository.GOAL, ".manybot/fixer.yaml", TodoRepository.bot("triggered", "sed -i s/TODO/done/ mine/*.txt")));
        Files.write(work.resolve("MARATHON.md"), content(0));
        try (Git git = Git.init().setDirectory(work.toFile()).setInitialBranch("main").call()) {
            git.add().addFilepattern(".manybot").addFilepattern("mine").call();
            PersonIdent who = new PersonIdent("bench", "bench@manybot.io");
            git.commit().setMessage("initial").setAuthor(who).setCommitter(who).setSign(false).call();
        }
    }

    private static void row(String label, List<Long> micros) {
        List<Long> sorted = new ArrayList<>(micros);
        Collections.sort(sorted);
        System.out.printf(Locale.ROOT, "| %s | %s | %s | %s |%n", label, millis(percentile(sorted, 50)), millis(percentile(sorted, 99)),
                millis(sorted.get(sorted.size() - 1)));
    }

    private static long percentile(List<Long> sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    private static String millis(long micros) {
        return String.format(Locale.ROOT, "%.1f ms", micros / 1000.0);
    }
}
