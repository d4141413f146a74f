package io.manybot.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.manybot.core.declaration.Bot;
import io.manybot.core.declaration.DeclarationLoader;
import io.manybot.core.declaration.Declarations;
import io.manybot.core.declaration.Goal;
import io.manybot.core.declaration.KeyResult;
import io.manybot.core.problem.Problem;
import io.manybot.core.repo.WorkingTree;
import io.manybot.testing.GitRepos;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `manybot create` (seed 000's quick start): validated Goal / Manybot YAML and the OWNERS delegation, or nothing written with the reasons. */
class CreateCommandTest {
    @TempDir
    Path repo;

    @BeforeEach
    void repository() {
        GitRepos.write(repo, Map.of(
                "OWNERS", "primary: human:olivia\n",
                "src/api/handlers.py", "x = 1\n",
                "tests/test_api.py", "y = 2\n",
                ".manybot/lead.yaml", """
                        apiVersion: manybot.io/v1alpha1
                        kind: Goal
                        metadata: {name: quality}
                        spec:
                          objective: Ship with confidence
                          start: 2026-01-01
                          deadline: 2027-01-10
                          keyResults:
                            - {name: incidents, baseline: 10, target: 0, direction: decrease}
                        ---
                        apiVersion: manybot.io/v1alpha1
                        kind: Manybot
                        metadata: {name: lead}
                        spec:
                          goal: quality
                          owns: ["**"]
                          executor: {type: command, command: [scripts/fix.sh]}
                        """));
        GitRepos.initAndCommit(repo, "declarations");
    }

    @Test
    void writesValidDeclarationsAndTheOwnersDelegationThatValidateAccepts() throws Exception {
        CommandLineTest.Run run = CommandLineTest.run("create", "test-guardian", "--repo", repo.toString(),
                "--goal", "Q1: Achieve comprehensive test coverage",
                "--kr", "Increase unit test coverage from 67% to 90%",
                "--kr", "p99 latency from 800ms to 500ms",
                "--measure", "python3 scripts/coverage.py",
                "--owns", "src/api/", "tests/",
                "--reviewer", "human:tech-lead",
                "--parent", "lead", "--executor", "command", "--command", "python3 scripts/add_tests.py", "--timeline", "6w");
        assertEquals(0, run.exit(), run.out() + run.err());
        assertTrue(run.out().contains("wrote " + repo + "/.manybot/test-guardian.yaml"), run.out());
        assertTrue(run.out().contains("wrote " + repo + "/src/api/OWNERS"), run.out());

        String owners = Files.readString(repo.resolve("tests/OWNERS"));
        assertTrue(owners.contains("primary: manybot:test-guardian\ndelegates:\n  - principal: manybot:lead\n    level: maintainer\n"), owners);
        assertTrue(owners.contains("reviewers:\n  required:\n    - human:tech-lead\n"), owners);

        List<Problem> problems = new ArrayList<>();
        Declarations read = new DeclarationLoader().load(new WorkingTree(repo), new WorkingTree(repo).files(), ".manybot", problems);
        assertTrue(problems.stream().noneMatch(Problem::isError), problems.toString());
        Bot bot = read.bots().get("test-guardian").value();
        assertEquals(List.of("src/api/**", "tests/**"), bot.owns());
        assertEquals("lead", bot.parent());
        assertEquals(List.of("sh", "-c", "python3 scripts/add_tests.py"), bot.executor().command());
        assertEquals(List.of("human:tech-lead"), bot.reviewers());
        Goal goal = read.goals().get("test-guardian").value();
        assertEquals("quality", goal.parent());
        KeyResult coverage = goal.keyResults().get(0);
        assertEquals("increase-unit-test-coverage", coverage.name());
        assertEquals(67, coverage.baseline());
        assertEquals(90, coverage.target());
        assertEquals("%", coverage.unit());
        assertEquals(KeyResult.Direction.INCREASE, coverage.direction());
        assertEquals("python3 scripts/coverage.py", coverage.measurement().script());
        KeyResult latency = goal.keyResults().get(1);
        assertEquals(KeyResult.Direction.DECREASE, latency.direction());
        assertEquals("ms", latency.unit());
        java.time.LocalDate start = java.time.LocalDate.ofInstant(goal.start(), java.time.ZoneOffset.UTC);
        assertTrue(Files.readString(repo.resolve(".manybot/test-guardian.yaml")).contains("deadline: " + start.plusWeeks(6)),
                "--timeline 6w: the deadline six weeks after today");

        CommandLineTest.Run validate = CommandLineTest.run("validate", repo.toString());
        assertEquals(0, validate.exit(), validate.out());
        CommandLineTest.Run owner = CommandLineTest.run("owners", "--repo", repo.toString(), "--as", "manybot:test-guardian", "src/api/handlers.py");
        assertTrue(owner.out().toLowerCase(java.util.Locale.ROOT).contains("write"), owner.out() + owner.err());
    }

    @Test
    void badInputNamesWhatToFixAndWritesNothing() throws Exception {
        CommandLineTest.Run run = CommandLineTest.run("create", "Bad_Name", "--repo", repo.toString(), "--goal", "x",
                "--kr", "more tests please", "--owns", "src/*", "--parent", "nobody");
        assertEquals(1, run.exit(), run.out() + run.err());
        assertTrue(run.err().contains("--parent nobody: no Manybot named 'nobody'"), run.err());
        assertTrue(run.err().contains("NAME 'Bad_Name' must be a DNS-1123 label"), run.err());
        assertTrue(run.err().contains("--kr \"more tests please\": say it as '<what> from <baseline> to <target>'"), run.err());
        assertTrue(run.err().contains("--owns src/*: give a directory"), run.err());
        assertFalse(Files.exists(repo.resolve(".manybot/Bad_Name.yaml")));

        Files.writeString(repo.resolve("src/api/OWNERS"), "primary: human:alice\n");
        CommandLineTest.Run taken = CommandLineTest.run("create", "api-bot", "--repo", repo.toString(), "--goal", "x",
                "--kr", "bugs from 5 to 0", "--owns", "src/api/");
        assertEquals(1, taken.exit());
        assertTrue(taken.err().contains("src/api/OWNERS exists already"), taken.err());
        assertFalse(Files.exists(repo.resolve(".manybot/api-bot.yaml")));
    }

    @Test
    void proposeCommitsTheFilesOnAProposalBranchThatValidateAcceptsAndLeavesTheWorkingTreeAsItWas() throws Exception {
        CommandLineTest.Run run = CommandLineTest.run("create", "api-bot", "--repo", repo.toString(), "--goal", "Fewer API bugs",
                "--kr", "open bugs from 5 to 0", "--owns", "src/api/", "--reviewer", "human:olivia", "--parent", "lead", "--propose");
        assertEquals(0, run.exit(), run.out() + run.err());
        assertTrue(run.out().contains("proposed .manybot/api-bot.yaml"), run.out());
        assertTrue(run.out().contains("proposed src/api/OWNERS"), run.out());
        assertTrue(run.out().contains("on branch manybot/proposals/api-bot/create"), run.out());
        assertTrue(run.out().contains("the repository has no remote 'origin': the branch manybot/proposals/api-bot/create stays in this "
                + "repository; push it and open a pull request yourself"), run.out());
        assertFalse(Files.exists(repo.resolve(".manybot/api-bot.yaml")), "the working tree is untouched");
        assertFalse(Files.exists(repo.resolve("src/api/OWNERS")), "the working tree is untouched");
        try (org.eclipse.jgit.api.Git git = org.eclipse.jgit.api.Git.open(repo.toFile())) {
            assertEquals("refs/heads/main", git.getRepository().getFullBranch(), "still on its branch");
            assertTrue(git.status().call().isClean(), "nothing staged or changed");
        }

        CommandLineTest.Run validate = CommandLineTest.run("validate", "--rev", "manybot/proposals/api-bot/create", repo.toString());
        assertEquals(0, validate.exit(), validate.out() + validate.err());
        try (io.manybot.core.repo.GitCommitTree proposal = io.manybot.core.repo.GitCommitTree.open(repo, "manybot/proposals/api-bot/create")) {
            String owners = new String(proposal.read("src/api/OWNERS", 10_000), java.nio.charset.StandardCharsets.UTF_8);
            assertTrue(owners.contains("primary: manybot:api-bot\ndelegates:\n  - principal: manybot:lead\n"), owners);
            assertTrue(proposal.isFile("src/api/handlers.py"), "the rest of the tree is kept");
            assertTrue(proposal.commit().getFullMessage().startsWith("Propose bot api-bot: Fewer API bugs"), proposal.commit().getFullMessage());
        }

        CommandLineTest.Run again = CommandLineTest.run("create", "api-bot", "--repo", repo.toString(), "--goal", "Fewer API bugs",
                "--kr", "open bugs from 5 to 0", "--owns", "src/api/", "--propose");
        assertEquals(2, again.exit(), again.out() + again.err());
        assertTrue(again.err().contains("the branch manybot/proposals/api-bot/create exists already"), again.err());

        CommandLineTest.Run badBase = CommandLineTest.run("create", "web-bot", "--repo", repo.toString(), "--goal", "x",
                "--kr", "bugs from 5 to 0", "--owns", "web/", "--propose", "--base", "no-such-branch");
        assertEquals(2, badBase.exit(), badBase.out() + badBase.err());
        assertTrue(badBase.err().contains("no-such-branch"), badBase.err());
    }
}
