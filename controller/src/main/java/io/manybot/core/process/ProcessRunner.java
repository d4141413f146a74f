package io.manybot.core.process;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs real subprocesses: argv only (no shell), exactly the spec's environment, stdout and stderr
 * merged and read while the process runs (so a chatty process never blocks on a full pipe), output
 * capped with its head and tail kept, and a timeout that kills the whole process tree. Each command
 * runs in a process group of its own that ends with it and dies with this JVM, even on
 * {@code kill -9} ({@link ProcessGroups}).
 *
 * <p>A process that exits while a background child still holds its output open is waited for at most
 * {@link #OUTPUT_GRACE} (and never past the timeout); the output then says that reading stopped.
 */
public final class ProcessRunner {

    /** The variables of this process that commands see (when set); nothing else is inherited. */
    public static final List<String> INHERITED_VARIABLES = List.of("PATH", "HOME", "LANG", "LC_ALL", "TZ", "TMPDIR");

    /** How long to keep reading output after the process exited (a background child may hold it open). */
    static final Duration OUTPUT_GRACE = Duration.ofSeconds(5);

    private static final Duration KILL_WAIT = Duration.ofSeconds(5);

    /**
     * Runs the command and waits for it. Never throws for a command that cannot start: that is a
     * result with {@link ProcessResult#failure()} set. On interruption the process tree is killed and
     * the interruption rethrown.
     */
    public ProcessResult run(ProcessSpec spec) throws InterruptedException {
        return run(spec, OutputWatch.NONE);
    }

    /**
     * As {@link #run(ProcessSpec)}, each line of output also given to {@code watch} as it arrives: when it asks, the
     * process tree is killed (the result is then as after a kill: exit code -1, not timed out).
     */
    public ProcessResult run(ProcessSpec spec, OutputWatch watch) throws InterruptedException {
        long started = System.nanoTime();
        int limit = spec.outputLimitBytes() > 0 ? spec.outputLimitBytes() : ProcessSpec.DEFAULT_OUTPUT_LIMIT;
        List<String> argv = new ArrayList<>(spec.argv());
        boolean contained = ProcessGroups.available();
        if (contained && argv.get(0).indexOf('/') < 0) {
            // resolved here as ProcessBuilder would (on this process's PATH), so that a missing program
            // stays a failure to start rather than an exit code of the watchdog
            Optional<Path> program = ProcessGroups.onPath(argv.get(0));
            if (program.isEmpty()) {
                return new ProcessResult(-1, "", false, false, since(started),
                        "Cannot run program \"" + argv.get(0) + "\": not found on PATH");
            }
            argv.set(0, program.get().toString());
        }
        ProcessBuilder builder = new ProcessBuilder(ProcessGroups.contain(argv)).redirectErrorStream(true);
        if (spec.directory() != null) {
            builder.directory(spec.directory().toFile());
        }
        builder.environment().clear();
        builder.environment().putAll(spec.environment());
        Process process;
        try {
            process = builder.start();
        } catch (IOException | RuntimeException e) {
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            return new ProcessResult(-1, "", false, false, since(started), message);
        }
        try {
            process.getOutputStream().close(); // no input: a command that reads stdin sees end of file
        } catch (IOException ignored) {
            // already gone
        }
        Capture capture = new Capture(limit);
        CompletableFuture<Void> stopAsked = new CompletableFuture<>();
        Lines lines = new Lines(watch, stopAsked);
        Thread reader = new Thread(() -> capture.readAll(process.getInputStream(), lines), "process-output-" + process.pid());
        reader.setDaemon(true);
        reader.start();
        boolean timedOut = false;
        boolean stopped = false;
        try {
            CompletableFuture<Object> ended = CompletableFuture.anyOf(process.onExit(), stopAsked);
            try {
                if (spec.timeout() == null) {
                    ended.get();
                } else {
                    ended.get(spec.timeout().toNanos(), TimeUnit.NANOSECONDS);
                }
            } catch (TimeoutException e) {
                timedOut = true;
                stop(process, contained);
            } catch (ExecutionException e) {
                // neither future fails
            }
            if (!timedOut && stopAsked.isDone() && process.isAlive()) {
                stopped = true;
                stop(process, contained);
            }
            long graceNanos = OUTPUT_GRACE.toNanos();
            if (spec.timeout() != null && !timedOut && !stopped) {
                graceNanos = Math.max(0, Math.min(graceNanos, spec.timeout().toNanos() - (System.nanoTime() - started)));
            }
            reader.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(graceNanos)));
        } catch (InterruptedException e) {
            stop(process, contained);
            throw e;
        }
        boolean stillOpen = reader.isAlive();
        String output = capture.text();
        if (stillOpen) {
            output += (output.isEmpty() || output.endsWith("\n") ? "" : "\n")
                    + "[manybot: the output was still open after the process ended (a background process?); stopped reading]\n";
        }
        return new ProcessResult(timedOut || stopped ? -1 : process.exitValue(), output, timedOut, capture.truncated(), since(started), null);
    }

    /**
     * The environment for a command: {@link #INHERITED_VARIABLES} from this process (when set) plus
     * {@code declared} (which wins). Nothing else of this process leaks: no API keys, no tokens.
     */
    public static Map<String, String> restrictedEnvironment(Map<String, String> declared) {
        return restrictedEnvironment(System.getenv(), declared);
    }

    static Map<String, String> restrictedEnvironment(Map<String, String> parent, Map<String, String> declared) {
        Map<String, String> environment = new TreeMap<>();
        for (String name : INHERITED_VARIABLES) {
            String value = parent.get(name);
            if (value != null) {
                environment.put(name, value);
            }
        }
        if (declared != null) {
            environment.putAll(declared);
        }
        return environment;
    }

    /**
     * Stops a command and everything it started: under the {@link ProcessGroups} watchdog, SIGTERM
     * makes the watchdog kill the command's process group (which holds even processes that left
     * the tree); then, and without the watchdog, the tree walk of {@link #killTree} kills what is left.
     */
    static void stop(Process process, boolean contained) {
        ProcessHandle root = process.toHandle();
        boolean interrupted = false;
        if (contained) {
            List<ProcessHandle> descendants = root.descendants().toList();
            root.destroy();
            long deadline = System.nanoTime() + KILL_WAIT.toNanos();
            while (!gone(root) && System.nanoTime() < deadline) {
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            for (ProcessHandle handle : descendants) {
                if (handle.isAlive()) {
                    handle.destroyForcibly();
                }
            }
        }
        killTree(root);
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Kills the process and everything it started: the descendants are listed first (they are
     * re-parented once their parent dies), then the process is killed so it starts nothing new, then
     * each descendant (with whatever it started meanwhile). Waits a little for them to go.
     */
    static void killTree(ProcessHandle root) {
        List<ProcessHandle> killed = new ArrayList<>();
        Deque<ProcessHandle> pending = new ArrayDeque<>(root.descendants().toList());
        root.destroyForcibly();
        killed.add(root);
        while (!pending.isEmpty()) {
            ProcessHandle handle = pending.poll();
            if (!handle.isAlive()) {
                continue;
            }
            List<ProcessHandle> children = handle.children().toList();
            handle.destroyForcibly();
            killed.add(handle);
            pending.addAll(children);
        }
        // ProcessHandle.onExit() polls slowly for processes that are not our children: poll here instead
        long deadline = System.nanoTime() + KILL_WAIT.toNanos();
        for (ProcessHandle handle : killed) {
            while (!gone(handle) && System.nanoTime() < deadline) {
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** Ended: not alive, or a zombie waiting to be reaped (on Linux, where /proc tells). */
    static boolean gone(ProcessHandle handle) {
        if (!handle.isAlive()) {
            return true;
        }
        Path stat = Path.of("/proc", Long.toString(handle.pid()), "stat");
        try {
            String content = Files.readString(stat, StandardCharsets.ISO_8859_1);
            int end = content.lastIndexOf(')');
            char state = end >= 0 && end + 2 < content.length() ? content.charAt(end + 2) : '?';
            return state == 'Z' || state == 'X';
        } catch (IOException | RuntimeException e) {
            return !handle.isAlive();
        }
    }

    private static Duration since(long startedNanos) {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }

    /** Output kept within a limit: the first half and a ring of the last half, with the count of the rest. */
    static final class Capture {
        private final int headLimit;
        private final int tailLimit;
        private final ByteArrayOutputStream head = new ByteArrayOutputStream();
        private final byte[] tail;
        private int tailStart;
        private int tailLength;
        private long total;

        Capture(int limit) {
            this.headLimit = limit / 2;
            this.tailLimit = limit - headLimit;
            this.tail = new byte[tailLimit];
        }

        void readAll(InputStream in, Lines lines) {
            byte[] buffer = new byte[8192];
            try (in) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    append(buffer, n);
                    if (lines != null) {
                        lines.append(buffer, n);
                    }
                }
            } catch (IOException e) {
                // the stream was closed under us (process killed): keep what was read
            }
        }

        synchronized void append(byte[] bytes, int length) {
            total += length;
            int offset = 0;
            if (head.size() < headLimit) {
                int taken = Math.min(length, headLimit - head.size());
                head.write(bytes, 0, taken);
                offset = taken;
            }
            for (int i = offset; i < length; i++) {
                if (tailLimit == 0) {
                    break;
                }
                int at = (tailStart + tailLength) % tailLimit;
                tail[at] = bytes[i];
                if (tailLength < tailLimit) {
                    tailLength++;
                } else {
                    tailStart = (tailStart + 1) % tailLimit;
                }
            }
        }

        synchronized boolean truncated() {
            return total > (long) head.size() + tailLength;
        }

        synchronized String text() {
            byte[] first = head.toByteArray();
            byte[] last = new byte[tailLength];
            for (int i = 0; i < tailLength; i++) {
                last[i] = tail[(tailStart + i) % tailLimit];
            }
            if (!truncated()) {
                byte[] all = new byte[first.length + last.length];
                System.arraycopy(first, 0, all, 0, first.length);
                System.arraycopy(last, 0, all, first.length, last.length);
                return new String(all, StandardCharsets.UTF_8);
            }
            // cut on character boundaries so the marker does not split a multi-byte character
            int headEnd = Utf8.boundaryAtOrBefore(first, first.length);
            int tailBegin = Utf8.boundaryAtOrAfter(last, 0);
            long cut = total - headEnd - (last.length - tailBegin);
            return new String(first, 0, headEnd, StandardCharsets.UTF_8)
                    + "\n… " + cut + " bytes cut …\n"
                    + new String(last, tailBegin, last.length - tailBegin, StandardCharsets.UTF_8);
        }
    }

    /** Splits the output into lines for an {@link OutputWatch}; completes {@code stopAsked} when the watch asks. */
    static final class Lines {
        private final OutputWatch watch;
        private final CompletableFuture<Void> stopAsked;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();
        private boolean tooLong;

        Lines(OutputWatch watch, CompletableFuture<Void> stopAsked) {
            this.watch = watch;
            this.stopAsked = stopAsked;
        }

        void append(byte[] bytes, int length) {
            if (watch == OutputWatch.NONE || stopAsked.isDone()) {
                return;
            }
            for (int i = 0; i < length; i++) {
                byte b = bytes[i];
                if (b == '\n') {
                    if (!tooLong && ask(line.toString(StandardCharsets.UTF_8))) {
                        stopAsked.complete(null);
                        return;
                    }
                    line.reset();
                    tooLong = false;
                } else if (line.size() < OutputWatch.MAX_LINE_BYTES) {
                    line.write(b);
                } else {
                    tooLong = true;
                }
            }
        }

        private boolean ask(String text) {
            try {
                return watch.stop(text.endsWith("\r") ? text.substring(0, text.length() - 1) : text);
            } catch (RuntimeException e) {
                return false; // a watch that fails does not stop the command
            }
        }
    }

    static final class Utf8 {
        private Utf8() {}

        static boolean continuation(byte b) {
            return (b & 0xC0) == 0x80;
        }

        /** The largest index ≤ end at which a character starts (or end itself when the bytes end complete). */
        static int boundaryAtOrBefore(byte[] bytes, int end) {
            int i = end;
            int back = 0;
            while (i > 0 && back < 4 && continuation(bytes[i - 1])) {
                i--;
                back++;
            }
            if (i == 0) {
                return end;
            }
            int lead = bytes[i - 1] & 0xFF;
            int need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
            return need == end - (i - 1) || need == 1 ? end : i - 1;
        }

        static int boundaryAtOrAfter(byte[] bytes, int start) {
            int i = start;
            while (i < bytes.length && i - start < 3 && continuation(bytes[i])) {
                i++;
            }
            return i;
        }
    }
}
