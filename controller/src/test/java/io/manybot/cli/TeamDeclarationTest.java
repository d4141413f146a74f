package io.manybot.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.manybot.core.declaration.Bot;
import io.manybot.core.declaration.DeclarationLoader;
import io.manybot.core.declaration.Declarations;
import io.manybot.core.problem.Problem;
import io.manybot.testing.GitRepos;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code spec.parent} and {@code spec.team} of a Manybot: read into {@link Bot.Team}, and what `manybot validate` says of a team tree. */
class TeamDeclarationTest {
    @TempDir
    Path repo;

    private static final String GOAL = """
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
            """;

    private static String bot(String name, String parent, String extra) {
        return "---\napiVersion: manybot.io/v1alpha1\nkind: Manybot\nmetadata:\n  name: " + name + "\nspec:\n  goal: tidy\n"
                + "  owns: [\"src/" + name + "/**\"]\n  executor:\n    type: command\n    command: [\"scripts/fix.sh\"]\n"
                + (parent == null ? "" : "  parent: " + parent + "\n") + extra;
    }

    private static Bot load(String extra) {
        List<Problem> problems = new ArrayList<>();
        Declarations read = new DeclarationLoader().loadText("lead.yaml", (GOAL + bot("lead", null, extra)).getBytes(StandardCharsets.UTF_8),
                problems);
        assertTrue(problems.stream().noneMatch(Problem::isError), problems::toString);
        return read.bots().get("lead").value();
    }

    @Test
    void theTeamBlockIsReadAndItsDefaultsJudgeNothingBeyondTheTests() {
        Bot plain = load("");
        assertEquals(Bot.Team.DEFAULT, plain.team());
        assertNull(plain.team().plan());
        assertEquals(new Bot.JudgePolicy(false, Bot.JudgePolicy.OnReject.REJECT, 2, false), plain.team().judge());

        Bot team = load("""
                  team:
                    plan:
                      command: [python3, scripts/plan.py]
                      timeout: 30s
                    judge:
                      requireKeyResultMove: true
                      onReject: review
                      retries: 1
                      llm: true
                    scratchpadChars: 500
                """);
        assertEquals(List.of("python3", "scripts/plan.py"), team.team().plan().command());
        assertEquals(Duration.ofSeconds(30), team.team().plan().timeout());
        assertEquals(new Bot.JudgePolicy(true, Bot.JudgePolicy.OnReject.REVIEW, 1, true), team.team().judge());
        assertEquals(500, team.team().scratchpadChars());
    }

    @Test
    void validateNamesABadJudgeValue() throws Exception {
        JsonNode problem = validate(Map.of(".manybot/lead.yaml", GOAL + bot("lead", null, "  team:\n    judge:\n      onReject: ignore\n")))
                .path("problems").get(0);
        assertEquals("spec.team.judge.onReject", problem.path("field").asText(), problem.toString());
        assertEquals(".manybot/lead.yaml", problem.path("file").asText());
    }

    @Test
    void validateNamesAnUnknownParentAndAParentCycle() throws Exception {
        JsonNode unknown = validate(Map.of(".manybot/a.yaml", GOAL + bot("a", "nobody", ""))).path("problems").get(0);
        assertEquals("spec.parent", unknown.path("field").asText(), unknown.toString());
        assertTrue(unknown.path("message").asText().contains("no Manybot named 'nobody'"), unknown.toString());

        JsonNode cycle = validate(Map.of(".manybot/a.yaml", GOAL + bot("a", "b", "") + bot("b", "a", ""))).path("problems").get(0);
        assertEquals("spec.parent", cycle.path("field").asText(), cycle.toString());
        assertTrue(cycle.path("message").asText().contains("a -> b -> a"), cycle.toString());
    }

    @Test
    void validateBoundsTheDepthOfTheTeamTree() throws Exception {
        StringBuilder chain = new StringBuilder(GOAL);
        chain.append(bot("b0", null, ""));
        for (int i = 1; i <= 4; i++) {
            chain.append(bot("b" + i, "b" + (i - 1), ""));
        }
        CommandLineTest.Run ok = run(Map.of(".manybot/team.yaml", chain.toString()));
        assertEquals(0, ok.exit(), ok.out());

        chain.append(bot("b5", "b4", "")).append(bot("b6", "b5", ""));
        List<JsonNode> problems = new ArrayList<>();
        validate(Map.of(".manybot/team.yaml", chain.toString())).path("problems").forEach(p -> {
            if (p.path("severity").asText().equals("error")) {
                problems.add(p);
            }
        });
        assertEquals(1, problems.size(), problems.toString());
        JsonNode problem = problems.get(0);
        assertEquals("spec.parent", problem.path("field").asText());
        assertTrue(problem.path("message").asText().contains("b5 is 5 levels below its root (b0 -> b1 -> b2 -> b3 -> b4 -> b5)"),
                problem.toString());
        assertTrue(problem.path("line").asInt() > 1, problem.toString());
    }

    private JsonNode validate(Map<String, String> files) throws Exception {
        CommandLineTest.Run run = run(files);
        assertEquals(1, run.exit(), run.out() + run.err());
        return run.json();
    }

    private CommandLineTest.Run run(Map<String, String> files) throws Exception {
        Map<String, String> all = new LinkedHashMap<>(files);
        for (String name : List.of("lead", "a", "b", "b0", "b1", "b2", "b3", "b4", "b5", "b6")) {
            all.put("src/" + name + "/OWNERS", "primary: manybot:" + name + "\n");
        }
        GitRepos.write(repo, all);
        GitRepos.initAndCommit(repo, "declarations");
        return CommandLineTest.run("validate", "--json", repo.toString());
    }
}
