package io.manybot.core.team;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.manybot.cli.ManybotCommand;
import io.manybot.core.cycle.ChangedFile;
import io.manybot.core.cycle.CycleListener;
import io.manybot.core.cycle.CycleOutcome;
import io.manybot.core.cycle.CycleRequest;
import io.manybot.core.cycle.CycleRunner;
import io.manybot.core.cycle.Task;
import io.manybot.core.cycle.WorkCycle;
import io.manybot.core.declaration.Bot;
import io.manybot.core.declaration.DeclarationLoader;
import io.manybot.core.declaration.Declarations;
import io.manybot.core.declaration.Goal;
import io.manybot.core.llm.LlmAgents;
import io.manybot.core.llm.ScriptedChatModel;
import io.manybot.core.llm.TestCommandRunner;
import io.manybot.core.ownership.Decision;
import io.manybot.core.ownership.OwnershipCache;
import io.manybot.core.problem.Problem;
import io.manybot.core.process.ProcessRunner;
import io.manybot.core.repo.WorkingTree;
import io.manybot.core.secret.SecretRedactor;
import io.manybot.core.workspace.SourceRepository;
import io.manybot.testing.GitRepos;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An {@code llm} lead in a team proposes a specialist from its planner's answer, its model the scripted chat model (a TEST
 * DOUBLE speaking langchain4j's ChatModel, as the other LLM planner tests): the answer's task carries a {@code specialist} of the
 * plan command's shape; the cycle, on a real repository, writes the specialist's Goal/Manybot and OWNERS file and the gate sends
 * them to review — a PROPOSED cycle whose branch `manybot validate` accepts, with nothing landed.
 */
class LlmPlannerSpecialistCycleTest {
    @TempDir
    Path temp;

    private static final String TEAM = """
            apiVersion: manybot.io/v1alpha1
            kind: Goal
            metadata: {name: lead}
            spec:
              objective: No TODO left
              start: 2026-11-01
              deadline: 2027-12-31
              keyResults:
                - {name: files-with-todo, baseline: 2, target: 0, direction: decrease}
            ---
            apiVersion: manybot.io/v1alpha1
            kind: Manybot
            metadata: {name: lead}
            spec:
              goal: lead
              owns: ["**"]
              executor: {type: llm, model: {provider: openai, name: gpt-test, apiKeyEnv: MANYBOT_TEST_KEY}}
            ---
            apiVersion: manybot.io/v1alpha1
            kind: Goal
            metadata: {name: web}
            spec:
              objective: No TODO left in web
              parent: lead
              start: 2026-11-01
              deadline: 2027-12-31
              keyResults:
                - {name: files-with-todo, baseline: 1, target: 0, direction: decrease}
            ---
            apiVersion: manybot.io/v1alpha1
            kind: Manybot
            metadata: {name: web-bot}
            spec:
              goal: web
              parent: lead
              owns: ["web/**"]
              executor: {type: command, command: [sh, -c, "true"]}
            """;

    @Test
    void theLeadsModelProposesASpecialistThatGoesToReview() throws Exception {
        Path work = temp.resolve("work");
        GitRepos.write(work, Map.of(
                "OWNERS", "primary: manybot:lead\nreviewers:\n  required:\n    - human:olivia\n",
                "web/OWNERS", "primary: manybot:web-bot\ndelegates:\n  - principal: manybot:lead\n    level: maintainer\n",
                "api/f.txt", "TODO api\n",
                "web/f.txt", "TODO web\n",
                ".manybot/team.yaml", TEAM));
        GitRepos.initAndCommit(work, "a lead and web-bot");
        Path bare = temp.resolve("repo.git");
        Git.cloneRepository().setBare(true).setURI(work.toUri().toString()).setDirectory(bare.toFile()).call().close();
        List<Problem> problems = new ArrayList<>();
        Declarations declared = new DeclarationLoader().load(new WorkingTree(work), ".manybot", problems);
        assertTrue(problems.stream().noneMatch(Problem::isError), problems.toString());
        Bot lead = declared.bots().get("lead").value();
        Goal goal = declared.goals().get("lead").value();

        ScriptedChatModel model = new ScriptedChatModel()
                .answer("""
                        {"tasks": [{"title": "Delegate api/ to a specialist", "rationale": "api/ keeps coming back and nobody below owns it",
                          "paths": [], "specialist": {"name": "api-bot", "objective": "No TODO left in api",
                          "keyResults": ["files with TODO from 1 to 0"], "measure": ["grep -rl TODO api | wc -l"], "owns": ["api/"],
                          "executor": "command", "command": "sed -i s/TODO/done/ api/f.txt"}}]}""")
                .answer("{\"outcomes\": [\"proposed api-bot\"], \"lessons\": [], \"nextFocus\": \"\"}");
        ProcessRunner processes = new ProcessRunner();
        TestCommandRunner tests = (argv, checkout, timeout) -> {
            throw new AssertionError("no tests run");
        };
        SecretRedactor redactor = new SecretRedactor();
        WorkCycle cycle;
        TeamCycles.Prepared prepared;
        try (SourceRepository source = SourceRepository.open(bare)) {
            OwnershipCache owners = new OwnershipCache(source.repository());
            TeamCycles team = new TeamCycles(new TeamTree(List.of(lead, declared.bots().get("web-bot").value())), new TeamBoard(), processes,
                    Clock.systemUTC(), ".manybot");
            Path checkout = temp.resolve("checkouts/lead-1");
            prepared = team.prepare(lead, "lead-1", LlmAgents.on(model, lead, tests, redactor), () -> {
                try {
                    return owners.at(source.repository().resolve("refs/heads/main"));
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }, null, checkout);
            cycle = new CycleRunner(processes, Map.of(), Clock.systemUTC()).run(new CycleRequest("lead-1", lead, goal, "test", source,
                    checkout, prepared.agents(), null, null, null, null, () -> false), CycleListener.NONE);
            team.finish(lead, prepared, cycle);
        }

        assertEquals(CycleOutcome.PROPOSED, cycle.outcome(), () -> cycle.error() + " " + cycle.tasks());
        Task task = cycle.tasks().get(0);
        assertEquals("Delegate api/ to a specialist", task.title());
        assertEquals(List.of("api"), task.paths(), "the task's paths are the delegated directories (never routed to a child)");
        assertTrue(task.result().startsWith("proposed specialist manybot:api-bot for api/"), task.toString());
        assertEquals(List.of(".manybot/api-bot.yaml", "api/OWNERS"), cycle.changes().stream().map(ChangedFile::path).sorted().toList());
        for (ChangedFile file : cycle.changes()) {
            assertEquals(Decision.REVIEW, file.decision(), file.toString());
        }
        assertNull(cycle.landing().commit(), "nothing landed");
        String prompt = ScriptedChatModel.userText(model.requests().get(0));
        assertTrue(prompt.contains("can be delegated to a new bot, a specialist working for it"), prompt);
        assertTrue(prompt.contains("\"specialist\""), "the answer's JSON shape offers the field: " + prompt);

        StringWriter out = new StringWriter();
        assertEquals(0, ManybotCommand.execute(new String[] {"validate", "--rev", cycle.landing().proposalBranch(), bare.toString()},
                new PrintWriter(out, true), new PrintWriter(out, true)), out.toString());
    }
}
