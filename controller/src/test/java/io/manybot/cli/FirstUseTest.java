package io.manybot.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.manybot.testing.GitRepos;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The product as a new user first meets it (real repositories, real JVMs where the environment
 * matters): what the launcher and the run summary suggest, `status REPO`, `goals` after a run,
 * uncommitted declarations, an empty repository, a failed measurement, and `--help`.
 */
class FirstUseTest {
    @TempDir
    Path temp;

    static final String GOAL = """
            apiVersion: manybot.io/v1alpha1
            kind: Goal
            metadata:
              name: no-todos
            spec:
              objective: No TODO left
              start: 2026-11-01
              deadline: 2099-03-31
              keyResults:
                - name: files-with-todo
                  baseline: 1
                  target: 0
                  direction: decrease
                  measurement:
                    command: ["sh", "-c", "%s"]
                    timeout: 30s
            """;
    static final String BOT = """
            apiVersion: manybot.io/v1alpha1
            kind: Manybot
            metadata:
              name: fixer
            spec:
              goal: no-todos
              owns: ["mine/**"]
              mode: triggered
              executor:
                type: command
                command: ["sh", "-c", "sed -i s/TODO/done/ mine/a.txt"]
                timeout: 1m
            """;

    private Path repository(String measurement) {
        Path repo = temp.resolve("repo");
        GitRepos.write(repo, Map.of("mine/OWNERS", "primary: manybot:fixer\n", "mine/a.txt", "TODO a\n",
                ".manybot/goal.yaml", GOAL.formatted(measurement), ".manybot/fixer.yaml", BOT));
        GitRepos.initAndCommit(repo, "initial");
        return repo;
    }

    record Result(int exit, String output) {}

    /** The command line in a JVM of its own, with its state under {@code temp/state-home}. */
    private Result manybot(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "io.manybot.cli.ManybotCommand"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("MANYBOT_STATE_HOME", temp.resolve("state-home").toString());
        builder.environment().remove(Program.VARIABLE);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(5, TimeUnit.MINUTES));
        assertFalse(output.contains("\tat "), "no stack trace:\n" + output);
        return new Result(process.exitValue(), output);
    }

    @Test
    void statusTakesTheRepositoryAndGoalsShowWhatTheRunMeasured() throws Exception {
        Path repo = repository("grep -rl TODO mine | wc -l");
        Result run = manybot("run", repo.toString(), "--once");
        assertEquals(0, run.exit(), run.output());
        assertTrue(run.output().contains("1 bot(s), 1 goal(s) declared in .manybot/ at commit"), run.output());

        Result status = manybot("status", repo.toString());
        assertEquals(0, status.exit(), status.output());
        assertTrue(status.output().contains("fixer"), status.output());
        assertTrue(status.output().contains("100"), "goal progress after the cycle: " + status.output());

        Result goals = manybot("goals", repo.toString());
        assertEquals(0, goals.exit(), goals.output());
        assertTrue(goals.output().contains("now 0 (measured "), goals.output());
        assertTrue(goals.output().contains("100.0%"), goals.output());
        assertFalse(goals.output().contains("now unknown"), goals.output());
    }

    @Test
    void theRunSaysWhenDeclarationsAreNotCommittedAndWhyAMeasurementFailed() throws Exception {
        Path repo = repository("echo no number here; exit 3");
        Files.writeString(repo.resolve(".manybot/fixer.yaml"), BOT.replace("timeout: 1m", "timeout: 2m"));
        Path state = temp.resolve("state");
        CommandLineTest.Run run = CommandLineTest.run("run", repo.toString(), "--once", "--state-dir", state.toString());
        String output = run.out() + run.err();
        assertTrue(output.contains("manybot: note: .manybot/ has uncommitted changes: .manybot/fixer.yaml (modified)"), output);
        String summary = output.substring(output.indexOf("Summary:"));
        assertTrue(summary.contains("files-with-todo: measurement failed: "), summary);
        assertTrue(summary.contains("exit"), "the reason: " + summary);
        assertTrue(summary.contains("More: manybot status --state-dir " + state), summary);
    }

    @Test
    void anEmptyRepositorySaysWhereItLooked() throws Exception {
        Path repo = temp.resolve("empty");
        GitRepos.write(repo, Map.of("README.md", "hello\n"));
        GitRepos.initAndCommit(repo, "initial");
        CommandLineTest.Run validate = CommandLineTest.run("validate", repo.toString());
        assertEquals(0, validate.exit());
        assertTrue(validate.out().contains("nothing declared: no Goal, Manybot or Subscription YAML under " + repo + "/.manybot/"),
                validate.out());
        CommandLineTest.Run run = CommandLineTest.run("run", repo.toString(), "--once", "--state-dir", temp.resolve("state").toString());
        assertTrue(run.out().contains("manybot: no bots declared in .manybot/ at commit "), run.out());
        assertTrue(run.out().contains("no cycles to run"), run.out());
    }

    @Test
    void theLauncherTellsTheCommandLineHowItWasCalled() throws Exception {
        // the real launcher script, with a `java` on the PATH that prints what it was given
        Path home = temp.resolve("checkout");
        Files.createDirectories(home.resolve("controller/target"));
        Files.writeString(home.resolve("controller/target/manybot.jar"), "");
        Files.copy(Path.of(System.getProperty("user.dir")).resolveSibling("manybot"), home.resolve("manybot"));
        Path bin = temp.resolve("bin");
        Files.createDirectories(bin);
        Path java = bin.resolve("java");
        Files.writeString(java, "#!/bin/sh\necho \"prog=$MANYBOT_PROG\"\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        String path = bin + ":" + System.getenv("PATH");

        Files.setPosixFilePermissions(home.resolve("manybot"), PosixFilePermissions.fromString("rwxr-xr-x"));
        assertEquals("prog=./manybot", launch(home, path, "./manybot status"));
        assertEquals("prog=manybot", launch(home, home + ":" + path, "manybot status"));
    }

    /** Runs {@code command} as a shell would, with {@code path} as its PATH. */
    private static String launch(Path directory, String path, String command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("sh", "-c", command).directory(directory.toFile()).redirectErrorStream(true);
        builder.environment().put("PATH", path);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertTrue(process.waitFor(1, TimeUnit.MINUTES));
        return output;
    }

    @Test
    void helpListsEveryCommandWithAWholeSentence() {
        CommandLineTest.Run help = CommandLineTest.run("--help");
        String commands = help.out().substring(help.out().indexOf("Commands:") + "Commands:".length());
        List<String> entries = new ArrayList<>();
        for (String line : commands.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            if (line.startsWith("    ")) {
                entries.set(entries.size() - 1, entries.get(entries.size() - 1) + " " + line.strip());
            } else {
                entries.add(line.strip());
            }
        }
        assertTrue(entries.size() > 10, commands);
        for (String entry : entries) {
            assertTrue(entry.endsWith("."), "cut mid-sentence: " + entry);
        }
    }
}
