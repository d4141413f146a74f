package io.manybot.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.manybot.core.cycle.CycleOutcome;
import io.manybot.core.cycle.Task;
import io.manybot.core.cycle.WorkCycle;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A team in the local home (`manybot run`'s controller on a real bare repository): the lead's plan command lists a task per
 * file with a TODO; each reaches the child owning the file, which is triggered, fixes and lands it and hands off; the lead
 * is triggered by the handoffs and its next plan reads them.
 */
class TeamControllerTest {
    @TempDir
    Path temp;

    @Test
    void theLeadsTasksReachTheOwningChildrenWhichLandAndHandOffToTheLeadsNextPlan() throws Exception {
        Path work = temp.resolve("work");
        Map<String, String> files = TeamYaml.twoChildren(TeamYaml.PLAN_EACH_TODO);
        files.putAll(Map.ofEntries(
                Map.entry(".manybot/lead.yaml", TeamYaml.goal("lead", "area-1 area-2") + "---\n" + TeamYaml.bot("lead", null, "**", null, false,
                        TeamYaml.PLAN_COMMAND)),
                Map.entry(".manybot/c1.yaml", TeamYaml.goal("c1", "area-1") + "---\n" + TeamYaml.bot("c1", "lead", "area-1/**", null, false, "")),
                Map.entry(".manybot/c2.yaml", TeamYaml.goal("c2", "area-2") + "---\n" + TeamYaml.bot("c2", "lead", "area-2/**", null, false, ""))));
        GitRepos.write(work, files);
        GitRepos.initAndCommit(work, "a team");
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
        AtomicReference<WorkCycle> reading = new AtomicReference<>();
        try {
            // the lead is triggered by each handoff: wait until it has read both children's landings and planned on the result
            LocalCycles.awaitTrue(() -> {
                List<WorkCycle> lead = LocalCycles.read(state, "lead").stream().filter(c -> c.outcome() != null).toList();
                String read = lead.stream().flatMap(c -> c.tasks().stream()).filter(t -> t.title().startsWith("Read "))
                        .map(Task::rationale).reduce("", String::concat);
                if (read.contains("c1 on \"Fix area-1/f.txt\": landed") && read.contains("c2 on \"Fix area-2/f.txt\": landed")) {
                    reading.set(lead.get(0));
                    return true;
                }
                return false;
            }, terminal, failure);
        } finally {
            controller.stop();
            running.join(60_000);
        }
        assertFalse(running.isAlive(), "the controller stopped");
        // the lead may plan more than once meanwhile (a child's landing triggers review tasks, a file still waiting is listed
        // again): every routing of a file goes to its owner
        List<Task> routed = LocalCycles.read(state, "lead").stream().flatMap(c -> c.tasks().stream())
                .filter(t -> t.result() != null && t.result().startsWith("routed to")).toList();
        assertTrue(routed.stream().anyMatch(t -> t.paths().equals(List.of("area-1/f.txt"))), routed.toString());
        assertTrue(routed.stream().anyMatch(t -> t.paths().equals(List.of("area-2/f.txt"))), routed.toString());
        for (Task task : routed) {
            String owner = task.paths().get(0).startsWith("area-1/") ? "c1" : "c2";
            assertEquals("routed to manybot:" + owner + " (owned by manybot:" + owner + ")", task.result(), terminal::toString);
        }
        for (String child : List.of("c1", "c2")) {
            WorkCycle landed = LocalCycles.read(state, child).stream().filter(c -> c.outcome() == CycleOutcome.LANDED).findFirst()
                    .orElseThrow(() -> new AssertionError(child + " landed nothing:\n" + terminal));
            assertEquals("area-" + child.substring(1) + "/f.txt", landed.tasks().get(0).paths().get(0));
        }
        assertEquals("done one\n", ManyBotsOneBranchTest.readAt(bare, "area-1/f.txt"));
        assertEquals("done two\n", ManyBotsOneBranchTest.readAt(bare, "area-2/f.txt"));
        assertEquals(0.0, reading.get().before().keyResults().get(0).current(), "the lead's key result moved to 0");
    }
}
