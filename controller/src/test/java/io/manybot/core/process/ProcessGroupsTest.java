package io.manybot.core.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Commands run in process groups of their own that end with them and die with the JVM that started
 * them, even on kill -9 (real processes; needs util-linux's setpriv and setsid, as on Debian).
 */
class ProcessGroupsTest {
    @TempDir
    Path dir;

    private final ProcessRunner runner = new ProcessRunner();

    @BeforeEach
    void needsTheTools() {
        Assumptions.assumeTrue(ProcessGroups.available(), "setpriv and setsid (util-linux) are not installed");
    }

    private ProcessResult run(Duration timeout, String script) throws InterruptedException {
        return runner.run(new ProcessSpec(List.of("sh", "-c", script), dir, ProcessRunner.restrictedEnvironment(Map.of()), timeout, 4096));
    }

    private long pid(String file) throws Exception {
        return Long.parseLong(Files.readString(dir.resolve(file)).strip());
    }

    @Test
    void theCommandRunsInAProcessGroupOfItsOwnAndItsExitCodeComesThrough() throws Exception {
        ProcessResult result = run(Duration.ofSeconds(30), "cut -d' ' -f5 /proc/$$/stat; cut -d' ' -f5 /proc/$PPID/stat; exit 3");
        assertEquals(3, result.exitCode(), result.output());
        String[] groups = result.output().strip().split("\\s+");
        assertEquals(2, groups.length, result.output());
        assertTrue(!groups[0].equals(groups[1]), "the command's group differs from its parent's: " + result.output());
    }

    @Test
    void aProcessThatLeftTheTreeIsKilledOnATimeout() throws Exception {
        // the subshell exits at once: the sleep is re-parented and no longer a descendant of the command
        // the timeout leaves the command time to start and write the pid on a loaded machine
        ProcessResult result = run(Duration.ofSeconds(5), "( sleep 300 & echo $! > escaped ); sleep 300");
        assertTrue(result.timedOut());
        ProcessRunnerTest.assertGone(pid("escaped"));
    }

    @Test
    void backgroundProcessesEndWithTheCommand() throws Exception {
        ProcessResult result = run(Duration.ofSeconds(60), "sleep 300 > /dev/null 2>&1 & echo $! > background; echo done");
        assertEquals(0, result.exitCode(), result.output());
        ProcessRunnerTest.assertGone(pid("background"));
    }

    @Test
    void commandsDieWithTheJvmEvenOnKillNine() throws Exception {
        Path pidFile = dir.resolve("child");
        Process jvm = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), RunOneCommand.class.getName(), dir.toString(),
                "sleep 300 & echo $! > child.tmp; mv child.tmp child; wait")
                .redirectErrorStream(true).redirectOutput(dir.resolve("jvm.log").toFile()).start();
        try {
            for (int i = 0; i < 1200 && !Files.exists(pidFile); i++) {
                assertTrue(jvm.isAlive(), () -> "the JVM ended early: " + read(dir.resolve("jvm.log")));
                Thread.sleep(50);
            }
            assertTrue(Files.exists(pidFile), "the command started");
            long child = Long.parseLong(Files.readString(pidFile).strip());
            assertTrue(ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false));
            jvm.destroyForcibly(); // SIGKILL: no shutdown hook, no cleanup in the JVM
            assertTrue(jvm.waitFor(60, TimeUnit.SECONDS));
            ProcessRunnerTest.assertGone(child);
        } finally {
            jvm.destroyForcibly();
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }

    /** A JVM that runs one shell command through {@link ProcessRunner} and waits for it. */
    public static final class RunOneCommand {
        public static void main(String[] args) throws Exception {
            new ProcessRunner().run(new ProcessSpec(List.of("sh", "-c", args[1]), Path.of(args[0]),
                    ProcessRunner.restrictedEnvironment(Map.of()), Duration.ofMinutes(10), 4096));
        }
    }
}
