package io.manybot.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.manybot.testing.GitRepos;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line as a user meets it: exit codes, text and JSON output, and errors without stack traces. */
class CommandLineTest {
    @TempDir
    Path repo;

    record Run(int exit, String out, String err) {
        JsonNode json() throws Exception {
            return new ObjectMapper().readTree(out);
        }
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = ManybotCommand.execute(args, new PrintWriter(out), new PrintWriter(err));
        assertFalse((out + "" + err).contains("\tat "), "no stack trace:\n" + out + err);
        return new Run(exit, out.toString(), err.toString());
    }

    @BeforeEach
    void repository() {
        GitRepos.write(repo, Map.of(
                "src/OWNERS", "primary: manybot:fixer\n",
                "src/a.py", "x = 1\n",
                ".manybot/fixer.yaml", """
                        apiVersion: manybot.io/v1alpha1
                        kind: Goal
                        metadata:
                          name: tidy
                        spec:
                          objective: Keep the sources tidy
                          start: 2026-01-01
                          deadline: 2026-01-10
                          keyResults:
                            - name: lint-errors
                              baseline: 40
                              target: 0
                              direction: decrease
                              current: 10
                            - name: coverage
                              baseline: 50
                              target: 90
                              unit: "%"
                              direction: increase
                        ---
                        apiVersion: manybot.io/v1alpha1
                        kind: Manybot
                        metadata:
                          name: fixer
                        spec:
                          goal: tidy
                          owns: ["src/**"]
                          executor:
                            type: command
                            command: ["scripts/fix.sh"]
                        """));
        GitRepos.initAndCommit(repo, "declarations");
    }

    @Test
    void validateExitsZeroOnACleanRepositoryAndOneWithEveryProblemListed() throws Exception {
        Run clean = run("validate", repo.toString());
        assertEquals(0, clean.exit(), clean.out());
        assertTrue(clean.out().contains("valid: 1 goal(s), 1 bot(s)"), clean.out());

        Files.writeString(repo.resolve(".manybot/sub.yaml"), """
                apiVersion: manybot.io/v1alpha1
                kind: Subscription
                metadata: {name: nightly}
                spec:
                  bot: fixr
                  trigger: schedule
                  schedule: "61 * * * *"
                """);
        Run broken = run("validate", "--json", repo.toString());
        assertEquals(1, broken.exit());
        JsonNode report = broken.json();
        assertFalse(report.path("valid").asBoolean());
        assertEquals(2, report.path("errors").asInt(), broken.out());
        JsonNode first = report.path("problems").get(0);
        assertEquals(".manybot/sub.yaml", first.path("file").asText());
        assertEquals(5, first.path("line").asInt());
        assertEquals("spec.bot", first.path("field").asText());
        assertTrue(first.path("message").asText().contains("no Manybot named 'fixr' (declared: fixer)"));
        assertEquals("spec.schedule", report.path("problems").get(1).path("field").asText());
    }

    @Test
    void validateReadsACommitWhenAsked() {
        try {
            Files.writeString(repo.resolve(".manybot/fixer.yaml"), "kind: [\n");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        assertEquals(1, run("validate", repo.toString()).exit(), "the working tree is broken");
        assertEquals(0, run("validate", "--rev", "HEAD", repo.toString()).exit(), "the commit is not");
        Run noRev = run("validate", "--rev", "no-such-branch", repo.toString());
        assertEquals(2, noRev.exit());
        assertTrue(noRev.err().startsWith("manybot: error: no such file or directory: no-such-branch"), noRev.err());
    }

    @Test
    void ownersPrintsTheVerdictWithItsReasonAndRefusesTraversal() throws Exception {
        Run text = run("owners", "--repo", repo.toString(), "--as", "manybot:fixer", "src/a.py");
        assertEquals(0, text.exit());
        assertTrue(text.out().contains("governed by: src/OWNERS (manybot)"), text.out());
        assertTrue(text.out().contains("verdict:     manybot:fixer -> WRITE: primary owner at src/OWNERS:1:10"), text.out());

        Run json = run("owners", "--json", "--repo", repo.toString(), "--as", "alice", "src/a.py", "../secret");
        assertEquals(1, json.exit());
        JsonNode answers = json.json();
        assertEquals("review", answers.get(0).path("verdict").path("decision").asText());
        assertEquals("manybot:fixer", answers.get(0).path("verdict").path("reviewers").get(0).asText());
        assertTrue(answers.get(1).path("error").asText().contains("'..' is refused"));
    }

    @Test
    void goalsShowsProgressForBothDirections() throws Exception {
        Run text = run("goals", "--now", "2026-01-05T00:00:00Z", repo.toString());
        assertEquals(0, text.exit(), text.err());
        assertTrue(text.out().contains("KR lint-errors"), text.out());
        JsonNode goal = run("goals", "--json", "--now", "2026-01-05T00:00:00Z", repo.toString()).json().get(0);
        assertEquals(75.0, goal.path("keyResults").get(0).path("progress").asDouble(), 1e-9);
        assertEquals("on_track", goal.path("keyResults").get(0).path("state").asText());
        assertTrue(goal.path("keyResults").get(1).path("progress").isNull(), "no value recorded: unknown, not zero");
        assertEquals("unknown", goal.path("keyResults").get(1).path("state").asText());
        assertEquals(75.0, goal.path("progress").asDouble(), 1e-9);
    }

    @Test
    void problemsOfUsageAndMissingRepositoriesAreShortMessages() {
        Run missing = run("validate", repo.resolve("nope").toString());
        assertEquals(2, missing.exit());
        assertTrue(missing.err().startsWith("manybot: error: no such file or directory"), missing.err());
        Run usage = run("owners");
        assertEquals(2, usage.exit());
        assertTrue(usage.err().contains("Missing required parameter"), usage.err());
    }
}
