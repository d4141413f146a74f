package io.manybot.core.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real subprocesses: output, limits, environment, timeouts and interruption. */
class ProcessRunnerTest {
    @TempDir
    Path dir;

    private final ProcessRunner runner = new ProcessRunner();

    private ProcessResult run(Duration timeout, int limit, String... argv) throws InterruptedException {
        return runner.run(new ProcessSpec(List.of(argv), dir, ProcessRunner.restrictedEnvironment(Map.of()), timeout, limit));
    }

    @Test
    void mergesStdoutAndStderrAndReportsTheExitCode() throws Exception {
        ProcessResult result = run(Duration.ofSeconds(30), 1024, "sh", "-c", "echo out; echo err >&2; exit 3");
        assertEquals(3, result.exitCode());
        assertFalse(result.succeeded());
        assertEquals(Set.of("out", "err"), Set.of(result.output().strip().split("\n")));
        assertFalse(result.timedOut());
        assertFalse(result.truncated());
        assertEquals("exit 3", result.describe().replaceAll(" in .*", ""));
    }

    @Test
    void runsInTheDirectoryWithArgvNotAShell() throws Exception {
        Files.writeString(dir.resolve("marker"), "x");
        ProcessResult result = run(Duration.ofSeconds(30), 1024, "ls");
        assertEquals("marker", result.output().strip());
        // no shell: the argument reaches the program as it is
        ProcessResult literal = run(Duration.ofSeconds(30), 1024, "echo", "$HOME; rm -rf *");
        assertEquals("$HOME; rm -rf *", literal.output().strip());
        assertTrue(Files.exists(dir.resolve("marker")));
    }

    @Test
    void bigOutputOnBothStreamsDoesNotDeadlockAndIsCappedKeepingHeadAndTail() throws Exception {
        // 4 MB on stdout and 4 MB on stderr, far beyond any pipe buffer
        String script = "import sys\n"
                + "sys.stdout.write('HEAD\\n'); sys.stdout.flush()\n"
                + "for i in range(40000):\n"
                + "    sys.stdout.write('o' * 99 + '\\n'); sys.stderr.write('e' * 99 + '\\n')\n"
                + "sys.stdout.flush(); sys.stderr.flush(); sys.stdout.write('TAIL\\n')\n";
        ProcessResult result = run(Duration.ofMinutes(2), 64 * 1024, "python3", "-c", script);
        assertEquals(0, result.exitCode(), result.describe());
        assertTrue(result.truncated());
        assertTrue(result.output().startsWith("HEAD\n"));
        assertTrue(result.output().endsWith("TAIL\n"));
        assertTrue(result.output().matches("(?s).*\\n… \\d+ bytes cut …\\n.*"), "marker");
        long cut = Long.parseLong(result.output().replaceAll("(?s).*… (\\d+) bytes cut ….*", "$1"));
        int kept = result.output().getBytes(java.nio.charset.StandardCharsets.UTF_8).length
                - ("\n… " + cut + " bytes cut …\n").getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        assertEquals(5 + 40000 * 200 + 5, cut + kept, "every byte is kept or counted as cut");
        assertTrue(kept <= 64 * 1024);
    }

    @Test
    void anOutputWatchStopsTheCommandAndItsChildrenAtTheLineItAsksFor() throws Exception {
        // the command would run for ten minutes: only the watch's stop ends it before the test's own timeout
        List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        ProcessResult result = runner.run(new ProcessSpec(List.of("sh", "-c", "echo one; printf 'two\\r\\n'; echo stop-here; sleep 600 & wait"),
                dir, ProcessRunner.restrictedEnvironment(Map.of()), Duration.ofMinutes(10), 1024), line -> {
                    seen.add(line);
                    return line.equals("stop-here");
                });
        assertEquals(List.of("one", "two", "stop-here"), seen);
        assertEquals(-1, result.exitCode());
        assertFalse(result.timedOut());
        assertTrue(result.output().startsWith("one\ntwo\r\nstop-here\n"), result.output());
    }

    @Test
    void smallOutputIsKeptWhole() throws Exception {
        ProcessResult result = run(Duration.ofSeconds(30), 10, "printf", "0123456789");
        assertEquals("0123456789", result.output());
        assertFalse(result.truncated());
    }

    @Test
    void cutsOnCharacterBoundariesAndDecodesUtf8() throws Exception {
        ProcessResult result = run(Duration.ofSeconds(30), 9, "printf", "ééééééééééé");
        assertTrue(result.truncated());
        assertFalse(result.output().contains("\uFFFD"), result.output());
        assertTrue(result.output().startsWith("éé\n… "));
        ProcessResult malformed = run(Duration.ofSeconds(30), 1024, "printf", "a\\377b");
        assertEquals("a\uFFFDb", malformed.output());
    }

    @Test
    void theEnvironmentIsRestrictedToAFewVariablesPlusTheDeclaredOnes() throws Exception {
        Map<String, String> parent = Map.of("PATH", "/usr/bin:/bin", "HOME", "/home/someone", "OPENAI_API_KEY", "sk-fake-0123456789",
                "GITHUB_TOKEN", "ghp_fake");
        Map<String, String> environment = ProcessRunner.restrictedEnvironment(parent, Map.of("FORMAT", "strict"));
        ProcessResult result = runner.run(new ProcessSpec(List.of("sh", "-c", "env"), dir, environment, Duration.ofSeconds(30), 65536));
        assertFalse(result.output().contains("sk-fake"), result.output());
        assertFalse(result.output().contains("ghp_fake"), result.output());
        assertTrue(result.output().contains("FORMAT=strict"));
        assertTrue(result.output().contains("HOME=/home/someone"));
    }

    @Test
    void nothingOfThisProcessesRealEnvironmentLeaksBeyondTheAllowedVariables() throws Exception {
        ProcessResult result = run(Duration.ofSeconds(30), 1 << 20, "sh", "-c", "env");
        Set<String> names = Arrays.stream(result.output().split("\n")).filter(l -> l.contains("="))
                .map(l -> l.substring(0, l.indexOf('='))).collect(Collectors.toCollection(TreeSet::new));
        names.removeAll(ProcessRunner.INHERITED_VARIABLES);
        names.removeAll(Set.of("PWD", "OLDPWD", "SHLVL", "_")); // set by sh itself
        assertEquals(Set.of(), names);
        assertTrue(System.getenv().size() > names.size(), "this test process has more variables than were passed");
    }

    @Test
    void aCommandThatCannotStartIsAResultNotAnException() throws Exception {
        ProcessResult result = run(Duration.ofSeconds(30), 1024, "no-such-program-manybot-test");
        assertNotNull(result.failure());
        assertFalse(result.succeeded());
        assertEquals(-1, result.exitCode());
        assertTrue(result.describe().startsWith("could not start: "));
    }

    /**
     * Runs {@code argv} with a short timeout, doubled (up to a minute) for as long as {@code retry}
     * holds: a loaded machine may not even have started the shell's child when a fixed short timeout
     * fires, and the test's subject (what a timeout does to a child, or that a child does not hold the
     * result) needs the child.
     */
    private ProcessResult runUntil(java.util.function.Predicate<ProcessResult> retry, String... argv) throws Exception {
        for (Duration timeout = Duration.ofMillis(300); ; timeout = timeout.multipliedBy(2)) {
            Files.deleteIfExists(dir.resolve("pid"));
            ProcessResult result = run(timeout, 1024, argv);
            if (!retry.test(result) || timeout.compareTo(Duration.ofMinutes(1)) > 0) {
                return result;
            }
        }
    }

    @Test
    void aTimeoutKillsTheWholeProcessTree() throws Exception {
        Path pidFile = dir.resolve("pid");
        ProcessResult result = runUntil(r -> !hasPid(pidFile), "sh", "-c", "sleep 30 & echo $! > pid; wait; echo never");
        assertTrue(result.timedOut());
        assertFalse(result.succeeded());
        assertFalse(result.output().contains("never"));
        assertGone(Long.parseLong(Files.readString(pidFile).strip()));
    }

    @Test
    void interruptionKillsTheTreeAndIsRethrown() throws Exception {
        Path pidFile = dir.resolve("pid");
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread thread = new Thread(() -> {
            try {
                run(Duration.ofMinutes(5), 1024, "sh", "-c", "sleep 30 & echo $! > pid; wait");
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        thread.start();
        while (!Files.exists(pidFile) || Files.readString(pidFile).isBlank()) {
            Thread.sleep(20);
        }
        thread.interrupt();
        thread.join();
        assertTrue(thrown.get() instanceof InterruptedException, String.valueOf(thrown.get()));
        assertGone(Long.parseLong(Files.readString(pidFile).strip()));
    }

    @Test
    void aBackgroundChildHoldingTheOutputDoesNotHoldTheResultPastTheTimeout() throws Exception {
        Path pidFile = dir.resolve("pid");
        ProcessResult result = runUntil(ProcessResult::timedOut, "sh", "-c", "sleep 30 & echo $! > pid; echo started");
        assertEquals(0, result.exitCode());
        assertTrue(result.output().startsWith("started"));
        // the JDK may close the pipe itself when the process exits, or the runner stops reading: either way no waiting for the sleep
        assertTrue(result.duration().compareTo(Duration.ofSeconds(30)) < 0);
        ProcessHandle.of(Long.parseLong(Files.readString(pidFile).strip())).ifPresent(ProcessHandle::destroyForcibly);
    }

    private static boolean hasPid(Path pidFile) {
        try {
            return Files.readString(pidFile).strip().matches("\\d+");
        } catch (java.io.IOException none) {
            return false;
        }
    }

    /** Gone, or a zombie waiting for a reaper: either way no longer running. */
    static void assertGone(long pid) throws Exception {
        Path stat = Path.of("/proc/" + pid + "/stat");
        for (int i = 0; i < 1200; i++) { // up to a minute: the bound only ends a hung test
            if (!Files.exists(stat)) {
                return;
            }
            try {
                String content = Files.readString(stat);
                String state = content.substring(content.lastIndexOf(')') + 2, content.lastIndexOf(')') + 3);
                if (state.equals("Z") || state.equals("X")) {
                    return;
                }
            } catch (java.io.IOException vanished) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("process " + pid + " still runs");
    }
}
