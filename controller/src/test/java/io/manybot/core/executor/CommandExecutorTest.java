package io.manybot.core.executor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.manybot.core.cycle.ExecutedStep;
import io.manybot.core.cycle.Task;
import io.manybot.core.cycle.TestRun;
import io.manybot.core.declaration.Bot;
import io.manybot.core.process.ProcessRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command executor and the test runner on real files and processes. */
class CommandExecutorTest {
    @TempDir
    Path checkout;

    private final ProcessRunner runner = new ProcessRunner();
    private static final Task TASK = new Task("t1", Task.Kind.WORK, "Format the sources", "3 files unformatted", Task.State.IN_PROGRESS, null);

    private static Bot bot(List<String> command, boolean shell, Map<String, String> env, Duration timeout) {
        return new Bot("format-bot", "tidy", List.of("src/**"), null, Bot.Mode.CONTINUOUS, Bot.Schedule.DEFAULT,
                new Bot.Executor(Bot.ExecutorType.COMMAND, command, shell, env, timeout, null),
                new Bot.TestCommand(List.of("sh", "-c", "exit 0"), null), Bot.Limits.DEFAULT, List.of(), false, false, true, null);
    }

    private ExecutionResult execute(Bot bot, Duration requestTimeout) throws InterruptedException {
        return new CommandExecutor(runner).execute(new ExecutionRequest(bot, null, null, TASK, checkout, null, requestTimeout));
    }

    @Test
    void runsTheCommandInTheCheckoutAndChangesAFile() throws Exception {
        Files.writeString(checkout.resolve("a.py"), "x=1   \n");
        Bot bot = bot(List.of("python3", "-c", "import pathlib; p = pathlib.Path('a.py'); p.write_text(p.read_text().rstrip() + '\\n'); print('fixed 1 file')"),
                false, Map.of(), null);
        ExecutionResult result = execute(bot, Duration.ofMinutes(1));
        assertTrue(result.succeeded(), result.summary());
        assertEquals("x=1\n", Files.readString(checkout.resolve("a.py")));
        ExecutedStep step = result.steps().get(0);
        assertEquals("t1", step.task());
        assertEquals("command", step.kind());
        assertEquals(0, step.exitCode());
        assertTrue(step.succeeded());
        assertEquals("fixed 1 file\n", step.output());
        assertTrue(step.description().startsWith("python3 -c 'import pathlib;"), step.description());
        assertTrue(result.summary().contains(": exit 0 in "), result.summary());
    }

    @Test
    void argvIsNotAShellUnlessAsked() throws Exception {
        ExecutionResult literal = execute(bot(List.of("echo", "a", ">", "out.txt"), false, Map.of(), null), Duration.ofMinutes(1));
        assertEquals("a > out.txt\n", literal.steps().get(0).output());
        assertFalse(Files.exists(checkout.resolve("out.txt")));
        ExecutionResult shell = execute(bot(List.of("echo", "$GREETING", ">", "out.txt"), true, Map.of("GREETING", "hi"), null), Duration.ofMinutes(1));
        assertTrue(shell.succeeded());
        assertEquals("hi\n", Files.readString(checkout.resolve("out.txt")));
        assertEquals("sh -c 'echo $GREETING > out.txt'", shell.steps().get(0).description());
    }

    @Test
    void aFailingCommandIsAFailedResultWithItsOutput() throws Exception {
        ExecutionResult result = execute(bot(List.of("sh", "-c", "echo broken >&2; exit 4"), false, Map.of(), null), Duration.ofMinutes(1));
        assertFalse(result.succeeded());
        assertEquals(4, result.steps().get(0).exitCode());
        assertEquals("broken\n", result.steps().get(0).output());
    }

    @Test
    void theShorterOfTheExecutorAndRequestTimeoutsApplies() throws Exception {
        ExecutionResult byRequest = execute(bot(List.of("sleep", "30"), false, Map.of(), Duration.ofMinutes(10)), Duration.ofMillis(300));
        assertFalse(byRequest.succeeded());
        assertNull(byRequest.steps().get(0).exitCode());
        assertTrue(byRequest.summary().endsWith("timed out after 300 ms"), byRequest.summary());
        ExecutionResult byExecutor = execute(bot(List.of("sleep", "30"), false, Map.of(), Duration.ofMillis(300)), Duration.ofMinutes(10));
        assertTrue(byExecutor.summary().endsWith("timed out after 300 ms"), byExecutor.summary());
    }

    @Test
    void aMissingProgramOrCommandIsAFailedResult() throws Exception {
        ExecutionResult missing = execute(bot(List.of("no-such-fixer-manybot"), false, Map.of(), null), Duration.ofMinutes(1));
        assertFalse(missing.succeeded());
        assertTrue(missing.steps().get(0).output().startsWith("could not start: "));
        ExecutionResult none = execute(bot(List.of(), false, Map.of(), null), Duration.ofMinutes(1));
        assertFalse(none.succeeded());
        assertEquals(List.of(), none.steps());
    }

    @Test
    void runsTheTestCommand() throws Exception {
        Files.writeString(checkout.resolve("ok"), "");
        TestRun passed = TestRunner.runTests(runner, new Bot.TestCommand(List.of("sh", "-c", "test -f ok && echo 3 passed"), null), checkout, Map.of());
        assertTrue(passed.passed());
        assertEquals(0, passed.exitCode());
        assertEquals("3 passed\n", passed.output());
        assertEquals(List.of("sh", "-c", "test -f ok && echo 3 passed"), passed.command());
        TestRun failed = TestRunner.runTests(runner, new Bot.TestCommand(List.of("sh", "-c", "echo 1 failed; exit 1"), null), checkout, Map.of());
        assertFalse(failed.passed());
        assertEquals(1, failed.exitCode());
        TestRun slow = TestRunner.runTests(runner, new Bot.TestCommand(List.of("sleep", "30"), Duration.ofMillis(300)), checkout, Map.of());
        assertFalse(slow.passed());
        assertTrue(slow.timedOut());
        assertNull(slow.exitCode());
        assertTrue(slow.output().contains("timed out after 300 ms"));
    }
}
