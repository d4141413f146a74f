package io.manybot.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.manybot.core.declaration.Bot;
import io.manybot.core.declaration.DeclarationLoader;
import io.manybot.core.declaration.Declarations;
import io.manybot.core.problem.Problem;
import io.manybot.testing.GitRepos;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code spec.landing} of a Manybot: read into {@link Bot.LandingPolicy}, defaults when absent, bad values named by `manybot validate`. */
class LandingDeclarationTest {
    @TempDir
    Path repo;

    private static String bot(String landing) {
        return """
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
                """ + landing;
    }

    private static Bot load(String landing) {
        List<Problem> problems = new ArrayList<>();
        Declarations read = new DeclarationLoader().loadText("fixer.yaml", bot(landing).getBytes(StandardCharsets.UTF_8), problems);
        assertTrue(problems.stream().noneMatch(Problem::isError), problems::toString);
        return read.bots().get("fixer").value();
    }

    @Test
    void theLandingBlockIsReadAndItsDefaultsAreRebaseAndRetestAlways() {
        assertEquals(Bot.LandingPolicy.DEFAULT, load("").landing());
        assertEquals(new Bot.LandingPolicy(Bot.LandingPolicy.OnTargetMoved.REBASE, Bot.LandingPolicy.Retest.ALWAYS), Bot.LandingPolicy.DEFAULT);
        assertEquals(new Bot.LandingPolicy(Bot.LandingPolicy.OnTargetMoved.REPLAN, Bot.LandingPolicy.Retest.ON_OVERLAP),
                load("  landing:\n    onTargetMoved: replan\n    retest: on-overlap\n").landing());
        assertEquals(new Bot.LandingPolicy(Bot.LandingPolicy.OnTargetMoved.REBASE, Bot.LandingPolicy.Retest.NEVER),
                load("  landing:\n    retest: never\n").landing());
    }

    @Test
    void validateNamesTheLandingFieldWithABadValue() throws Exception {
        GitRepos.write(repo, Map.of("src/OWNERS", "primary: manybot:fixer\n",
                ".manybot/fixer.yaml", bot("  landing:\n    onTargetMoved: rebase\n    retest: sometimes\n")));
        GitRepos.initAndCommit(repo, "declarations");
        CommandLineTest.Run run = CommandLineTest.run("validate", "--json", repo.toString());
        assertEquals(1, run.exit(), run.out());
        JsonNode problem = run.json().path("problems").get(0);
        assertEquals("spec.landing.retest", problem.path("field").asText(), run.out());
        assertEquals(".manybot/fixer.yaml", problem.path("file").asText());
        assertTrue(problem.path("message").asText().contains("on-overlap"), run.out());

        CommandLineTest.Run unknown = CommandLineTest.run("validate", writeUnknown());
        assertEquals(1, unknown.exit(), unknown.out());
        assertTrue((unknown.out() + unknown.err()).contains("spec.landing.retests") || (unknown.out() + unknown.err()).contains("retests"),
                unknown.out() + unknown.err());
    }

    private String writeUnknown() {
        GitRepos.write(repo, Map.of(".manybot/fixer.yaml", bot("  landing:\n    retests: never\n")));
        return repo.toString();
    }
}
