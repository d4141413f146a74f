package io.manybot.core.team;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.manybot.core.declaration.Bot;
import io.manybot.core.declaration.DeclarationLoader;
import io.manybot.core.problem.Problem;
import io.manybot.core.process.ProcessRunner;
import io.manybot.core.repo.WorkingTree;
import io.manybot.testing.GitRepos;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A plan command's specialist lines (a real {@code sh} prints them): read with their defaults, or refused naming the line and field. */
class PlanCommandSpecialistTest {
    @TempDir
    Path checkout;

    private List<PlanCommand.Planned> plan(String output) throws Exception {
        GitRepos.write(checkout, Map.of("plan.txt", output, ".manybot/lead.yaml", """
                apiVersion: manybot.io/v1alpha1
                kind: Goal
                metadata: {name: lead}
                spec:
                  objective: x
                  start: 2026-01-01
                  deadline: 2027-01-01
                  keyResults: [{name: k, baseline: 1, target: 0, direction: decrease}]
                ---
                apiVersion: manybot.io/v1alpha1
                kind: Manybot
                metadata: {name: lead}
                spec:
                  goal: lead
                  owns: ["**"]
                  executor: {type: command, command: [sh, -c, "true"]}
                  team: {plan: {command: [cat, plan.txt]}}
                """));
        Bot lead = new DeclarationLoader().load(new WorkingTree(checkout), ".manybot", new ArrayList<Problem>()).bots().get("lead").value();
        return new PlanCommand(new ProcessRunner()).run(lead, checkout, List.of());
    }

    @Test
    void aSpecialistLineBecomesATaskOnItsDelegatedDirectories() throws Exception {
        List<PlanCommand.Planned> planned = plan("""
                {"title": "Fix a.txt", "paths": ["a.txt"]}
                {"specialist": {"name": "api-bot", "objective": "Fewer bugs", "keyResults": ["bugs from 4 to 0"], "owns": ["api/", "api-docs"]}}
                """);
        assertEquals(2, planned.size());
        assertNull(planned.get(0).specialist());
        PlanCommand.Planned specialist = planned.get(1);
        assertEquals("Propose specialist api-bot for api/, api-docs", specialist.task().title());
        assertEquals(List.of("api", "api-docs"), specialist.task().paths());
        assertEquals("api-bot", specialist.specialist().name());
        assertEquals(List.of("bugs from 4 to 0"), specialist.specialist().keyResults());
        assertTrue(specialist.task().rationale().startsWith("delegate api/, api-docs to a specialist"), specialist.task().rationale());
    }

    @Test
    void aBrokenSpecialistLineNamesTheLineAndTheField() {
        IllegalStateException noName = assertThrows(IllegalStateException.class,
                () -> plan("{\"specialist\": {\"owns\": [\"api/\"]}}\n"));
        assertEquals("line 1 of the plan command `cat plan.txt`: the specialist has no \"name\"", noName.getMessage());
        IllegalStateException notObject = assertThrows(IllegalStateException.class, () -> plan("ok\n{\"specialist\": \"api-bot\"}\n"));
        assertTrue(notObject.getMessage().startsWith("line 2 of the plan command `cat plan.txt`: \"specialist\" must be an object"),
                notObject.getMessage());
        IllegalStateException badDate = assertThrows(IllegalStateException.class,
                () -> plan("{\"specialist\": {\"name\": \"a\", \"deadline\": \"soon\"}}\n"));
        assertTrue(badDate.getMessage().contains("the specialist's \"deadline\" 'soon' is not a date like 2027-03-01"), badDate.getMessage());
    }
}
