package io.manybot.core.team.specialist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.manybot.core.cycle.Task;
import io.manybot.core.declaration.Bot;
import io.manybot.core.declaration.DeclarationLoader;
import io.manybot.core.declaration.Declarations;
import io.manybot.core.declaration.Goal;
import io.manybot.core.executor.ExecutionRequest;
import io.manybot.core.executor.ExecutionResult;
import io.manybot.core.executor.TaskExecutor;
import io.manybot.core.problem.Problem;
import io.manybot.core.repo.WorkingTree;
import io.manybot.testing.GitRepos;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bot's specialist task in a checkout (a real directory, read as {@code manybot validate} reads it): the specialist's files
 * are written there when the repository would accept them, with what the proposal leaves out taken from the proposing bot; a
 * proposal the repository would reject writes nothing and says why.
 */
class SpecialistExecutorTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-06T10:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path checkout;

    @BeforeEach
    void repository() {
        GitRepos.write(checkout, Map.of(
                "OWNERS", "primary: manybot:lead\n",
                "api/f.txt", "TODO\n",
                "web/OWNERS", "primary: human:wendy\n",
                ".manybot/lead.yaml", """
                        apiVersion: manybot.io/v1alpha1
                        kind: Goal
                        metadata: {name: quality}
                        spec:
                          objective: Ship with confidence
                          start: 2026-01-01
                          deadline: 2027-03-31
                          keyResults:
                            - {name: todos, baseline: 10, target: 0, direction: decrease}
                        ---
                        apiVersion: manybot.io/v1alpha1
                        kind: Manybot
                        metadata: {name: lead}
                        spec:
                          goal: quality
                          owns: ["**"]
                          reviewers: ["human:olivia"]
                          executor: {type: command, command: [sh, -c, "make fix"]}
                        """));
    }

    private ExecutionResult propose(String json) throws Exception {
        Declarations declarations = new DeclarationLoader().load(new WorkingTree(checkout), ".manybot", new ArrayList<Problem>());
        Bot lead = declarations.bots().get("lead").value();
        Goal goal = declarations.goals().get("quality").value();
        SpecialistProposal proposal = SpecialistProposal.fromJson(new ObjectMapper().readTree(json));
        Task task = new Task("lead/c1/p1", Task.Kind.WORK, proposal.title(), "delegate", Task.State.IN_PROGRESS, null, proposal.owns());
        TaskExecutor bots = request -> new ExecutionResult(false, List.of(), "the bot's own executor has no part in a specialist task");
        return new SpecialistExecutor(bots, Map.of(task.id(), proposal), ".manybot", CLOCK)
                .execute(new ExecutionRequest(lead, goal, null, task, checkout, null, Duration.ofMinutes(1)));
    }

    @Test
    void writesTheSpecialistsFilesTakingWhatTheProposalLeavesOutFromTheProposingBot() throws Exception {
        ExecutionResult result = propose("{\"name\": \"api-bot\", \"objective\": \"No TODO in api\", "
                + "\"keyResults\": [\"files with TODO from 1 to 0\"], \"measure\": [\"grep -rl TODO api | wc -l\"], \"owns\": [\"api/\"]}");
        assertTrue(result.succeeded(), result.summary());
        assertEquals("proposed specialist manybot:api-bot for api/ (.manybot/api-bot.yaml, api/OWNERS); it starts once the proposal is merged",
                result.summary());
        String yaml = Files.readString(checkout.resolve(".manybot/api-bot.yaml"));
        assertTrue(yaml.contains("parent: quality"), "the goal contributes to the lead's:\n" + yaml);
        assertTrue(yaml.contains("start: 2026-12-06") && yaml.contains("deadline: 2027-03-31"), "from today to the lead's deadline:\n" + yaml);
        assertTrue(yaml.contains("command:\n    - sh\n    - -c\n    - make fix"), "the lead's command:\n" + yaml);
        assertTrue(yaml.contains("parent: lead"), yaml);
        String owners = Files.readString(checkout.resolve("api/OWNERS"));
        assertTrue(owners.contains("primary: manybot:api-bot\ndelegates:\n  - principal: manybot:lead\n    level: maintainer\n"), owners);
        assertTrue(owners.contains("required:\n    - human:olivia\n"), "the lead's reviewers review:\n" + owners);
    }

    @Test
    void aProposalTheRepositoryWouldRejectWritesNothingAndSaysWhatToFix() throws Exception {
        ExecutionResult taken = propose("{\"name\": \"web-bot\", \"objective\": \"x\", \"keyResults\": [\"bugs from 3 to 0\"], \"owns\": [\"web/\"]}");
        assertFalse(taken.succeeded());
        assertTrue(taken.summary().contains("web/OWNERS exists already"), taken.summary());
        ExecutionResult vague = propose("{\"name\": \"api-bot\", \"objective\": \"x\", \"keyResults\": [\"fewer bugs\"], \"owns\": [\"api/\"]}");
        assertFalse(vague.succeeded());
        assertTrue(vague.summary().contains("say it as '<what> from <baseline> to <target>'"), vague.summary());
        ExecutionResult self = propose("{\"name\": \"lead\", \"objective\": \"x\", \"keyResults\": [\"bugs from 3 to 0\"], \"owns\": [\"api/\"]}");
        assertFalse(self.succeeded());
        assertTrue(self.summary().contains("NAME lead: a Manybot or Goal of that name is already declared"), self.summary());
        assertFalse(Files.exists(checkout.resolve("api/OWNERS")));
        assertFalse(Files.exists(checkout.resolve(".manybot/api-bot.yaml")));
        assertFalse(Files.exists(checkout.resolve(".manybot/web-bot.yaml")));
    }

    @Test
    void aSpecialistAlreadyMergedIsNotProposedAgain() throws Exception {
        String json = "{\"name\": \"api-bot\", \"objective\": \"x\", \"keyResults\": [\"bugs from 3 to 0\"], \"owns\": [\"api/\"]}";
        assertTrue(propose(json).succeeded());
        ExecutionResult again = propose(json);
        assertTrue(again.succeeded(), again.summary());
        assertEquals("manybot:api-bot is declared already (its proposal was merged): nothing to propose", again.summary());
    }
}
