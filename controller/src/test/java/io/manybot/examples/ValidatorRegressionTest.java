package io.manybot.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.manybot.cli.ManybotCommand;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Regression tests for product problems found while building the example repository and the
 * broken corpus.
 */
class ValidatorRegressionTest {

    @TempDir
    Path repo;

    record Run(int exit, String out, String err) {}

    private Run validate(String... more) {
        String[] args = new String[more.length + 2];
        args[0] = "validate";
        args[1] = repo.toString();
        System.arraycopy(more, 0, args, 2, more.length);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = ManybotCommand.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(exit, out.toString(), err.toString());
    }

    /** A valid goal named tidy, but for its deadline. */
    private void writeGoal(String deadline) throws IOException {
        write(".manybot/goal.yaml", """
                apiVersion: manybot.io/v1alpha1
                kind: Goal
                metadata:
                  name: tidy
                spec:
                  objective: Keep the code tidy
                  start: 2026-01-01
                  deadline: %s
                  keyResults:
                    - name: lint-errors
                      baseline: 10
                      target: 0
                      direction: decrease
                """.formatted(deadline));
    }

    private void write(String path, String text) throws IOException {
        Path file = repo.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    @Test
    void aProwOwnersFileWithoutFiltersBelowTheRootIsRead() throws IOException {
        write("web/OWNERS", "approvers:\n  - alice\n");
        Run run = validate();
        assertEquals("", run.err());
        assertEquals(0, run.exit(), run.out());
    }

    @Test
    void aBotClaimingADirectoryItsAutoApproveGlobCoversGetsNoWarning() throws IOException {
        writeGoal("2026-12-31");
        write(".manybot/bot.yaml", """
                apiVersion: manybot.io/v1alpha1
                kind: Manybot
                metadata:
                  name: tidy-bot
                spec:
                  goal: tidy
                  owns: ["tests/api/**"]
                  executor:
                    type: command
                    command: ["make", "fix"]
                """);
        write("tests/OWNERS", """
                primary: human:alice
                delegates:
                  - principal: manybot:tidy-bot
                    level: contributor
                auto_approve:
                  - "api/"
                """);
        write("tests/api/test_x.py", "def test_x():\n    pass\n");
        Run run = validate();
        assertEquals(0, run.exit(), run.out());
        assertFalse(run.out().contains("warning"), run.out());
    }

    @Test
    void anInvalidDateIsReportedOnce() throws IOException {
        writeGoal("2026-13-45");
        Run run = validate();
        assertEquals(1, run.exit());
        assertFalse(run.out().contains("the deadline must come after the start"), run.out());
    }

    @Test
    void revisionOutsideAGitRepositorySaysSo() throws IOException {
        write("README.md", "# not a git repository\n");
        Run run = validate("--rev", "HEAD");
        assertEquals(2, run.exit());
        assertTrue(run.err().contains("not a git repository"), run.err());
    }
}
