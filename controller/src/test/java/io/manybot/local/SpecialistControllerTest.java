package io.manybot.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.manybot.cli.ManybotCommand;
import io.manybot.core.cycle.ChangedFile;
import io.manybot.core.cycle.CycleOutcome;
import io.manybot.core.cycle.WorkCycle;
import io.manybot.core.ownership.Decision;
import io.manybot.testing.GitRepos;
import io.manybot.testing.TeamYaml;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.MergeResult;
import org.eclipse.jgit.lib.ObjectId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Specialists (issue 16) in the local home, on a real bare repository with `manybot run`'s controller: the lead's plan command
 * proposes a specialist for `api/`, which nobody below it owns; the cycle puts the specialist's Goal, Manybot and OWNERS file on a
 * proposal branch (a bot changes ownership files only through review), whose tree `manybot validate` accepts while main is
 * untouched (the lead's judge, which requires a key-result move, sends an ownership-only change to review rather than rejecting
 * it); a person merges the branch; the controller reads the new declarations and the specialist runs and lands its work.
 */
class SpecialistControllerTest {
    @TempDir
    Path temp;

    private static final String LEAD = TeamYaml.goal("lead", "api web") + "---\n" + """
            apiVersion: manybot.io/v1alpha1
            kind: Manybot
            metadata: {name: lead}
            spec:
              goal: lead
              owns: ["**"]
              mode: triggered
              executor: {type: command, command: [sh, -c, "true"], timeout: 1m}
              team:
                plan: {command: [sh, scripts/plan.sh]}
                judge: {requireKeyResultMove: true}
            """;

    /** The plan: one specialist for api/, with its key result, its measurement and its command (a JSON line). */
    private static final String PLAN = "printf '%s\\n' '{\"specialist\": {\"name\": \"api-bot\", \"objective\": \"No TODO left in api\", "
            + "\"keyResults\": [\"files with TODO from 1 to 0\"], \"measure\": [\"grep -rl TODO api | wc -l\"], \"owns\": [\"api/\"], "
            + "\"reviewers\": [\"human:olivia\"], \"command\": \"sed -i s/TODO/done/ api/f.txt\"}}'\n";

    @Test
    void theLeadProposesASpecialistWhichRunsOnceAPersonMergesTheProposal() throws Exception {
        Path work = temp.resolve("work");
        GitRepos.write(work, Map.of(
                "OWNERS", "primary: manybot:lead\nreviewers:\n  required:\n    - human:olivia\n",
                "api/f.txt", "TODO api\n",
                "web/f.txt", "TODO web\n",
                "scripts/plan.sh", PLAN,
                ".manybot/lead.yaml", LEAD));
        GitRepos.initAndCommit(work, "a lead alone");
        Path bare = temp.resolve("repo.git");
        Git.cloneRepository().setBare(true).setURI(work.toUri().toString()).setDirectory(bare.toFile()).call().close();
        Path state = temp.resolve("state");
        StringWriter terminal = new StringWriter();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        LocalController controller = new LocalController(new LocalController.Options(bare, state, null, 2, ".manybot"),
                new PrintWriter(terminal, true), Clock.systemUTC());
        Thread running = new Thread(() -> {
            try {
                controller.run();
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        running.setDaemon(true);
        running.start();
        try {
            AtomicReference<WorkCycle> proposing = new AtomicReference<>();
            LocalCycles.awaitTrue(() -> {
                LocalCycles.read(state, "lead").stream().filter(c -> c.outcome() == CycleOutcome.PROPOSED).findFirst().ifPresent(proposing::set);
                return proposing.get() != null;
            }, terminal, failure);
            WorkCycle cycle = proposing.get();
            assertEquals("Propose specialist api-bot for api/", cycle.tasks().get(0).title(), cycle.tasks().toString());
            assertTrue(cycle.tasks().get(0).result().startsWith("proposed specialist manybot:api-bot for api/"), cycle.tasks().toString());
            // every file goes to review, none lands: ownership files and declarations change only through review
            assertEquals(List.of(".manybot/api-bot.yaml", "api/OWNERS"), cycle.changes().stream().map(ChangedFile::path).sorted().toList());
            for (ChangedFile file : cycle.changes()) {
                assertEquals(Decision.REVIEW, file.decision(), file.toString());
                assertEquals("ownership files are changed by bots only through review", file.reason());
            }
            assertNull(cycle.landing().commit(), "nothing landed");
            assertNull(cycle.error(), "the judge did not reject it");
            String branch = cycle.landing().proposalBranch();
            assertTrue(branch.startsWith("manybot/proposals/lead/"), branch);
            assertNull(ManyBotsOneBranchTest.readAt(bare, "api/OWNERS"), "main is untouched until a person merges");

            // `manybot validate` accepts the proposal's tree
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int valid = ManybotCommand.execute(new String[] {"validate", "--rev", branch, bare.toString()}, new PrintWriter(out, true),
                    new PrintWriter(err, true));
            assertEquals(0, valid, out + "\n" + err);

            // a person merges it, as on a forge
            Path clone = temp.resolve("reviewer");
            try (Git git = Git.cloneRepository().setURI(bare.toUri().toString()).setDirectory(clone.toFile()).setBranch("main").call()) {
                ObjectId proposal = git.getRepository().resolve("refs/remotes/origin/" + branch);
                assertNotNull(proposal, branch);
                MergeResult merged = git.merge().include(proposal).setMessage("Merge the specialist api-bot").call();
                assertTrue(merged.getMergeStatus().isSuccessful(), merged.toString());
                git.push().add("main").call();
            }
            String owners = ManyBotsOneBranchTest.readAt(bare, "api/OWNERS");
            assertTrue(owners.contains("primary: manybot:api-bot\ndelegates:\n  - principal: manybot:lead\n    level: maintainer\n"), owners);

            // the controller reads the merged declarations: the specialist runs, and lands what it owns now
            LocalCycles.awaitTrue(() -> LocalCycles.read(state, "api-bot").stream().anyMatch(c -> c.outcome() == CycleOutcome.LANDED),
                    terminal, failure);
        } finally {
            controller.stop();
            running.join(60_000);
        }
        assertFalse(running.isAlive(), "the controller stopped");
        assertEquals("done api\n", ManyBotsOneBranchTest.readAt(bare, "api/f.txt"));
        assertEquals("TODO web\n", ManyBotsOneBranchTest.readAt(bare, "web/f.txt"), "the lead keeps what it did not delegate");
        WorkCycle landed = LocalCycles.read(state, "api-bot").stream().filter(c -> c.outcome() == CycleOutcome.LANDED).findFirst().orElseThrow();
        assertEquals(0.0, landed.after().keyResults().get(0).current(), "the specialist's key result reached its target");
    }
}
