package io.manybot.core.team;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.manybot.core.cycle.ChangedFile;
import io.manybot.core.cycle.CycleOutcome;
import io.manybot.core.cycle.Task;
import io.manybot.core.cycle.WorkCycle;
import io.manybot.core.declaration.Bot;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.eclipse.jgit.lib.ObjectId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A parent with three children on a real repository (the {@link TeamHarness}: real git, real CycleRunner, command bots): the
 * parent's plan decomposes its goal into one task per file; each task reaches the child that owns the file; the children land;
 * their handoffs are in the parent's next plan; the parent's key result moves; the task on {@code shared/} (nobody below owns
 * it) stays with the parent. And a judge that requires a key result to move rejects a change that passes the tests but does not.
 */
class TeamEndToEndTest {
    @TempDir
    Path temp;

    @Test
    void aParentDecomposesItsGoalAndEachTaskReachesTheChildThatOwnsItsPaths() throws Exception {
        try (TeamHarness team = TeamHarness.generate(temp, new TeamHarness.Shape(3, 0, 2, 1))) {
            assertEquals(7, team.todosAtTip("."));
            List<WorkCycle> first = team.round();

            WorkCycle lead = first.get(0);
            assertEquals("lead", lead.bot());
            Map<String, String> routed = lead.tasks().stream().filter(t -> t.state() == Task.State.ARCHIVED)
                    .collect(Collectors.toMap(t -> t.paths().get(0), Task::result));
            assertEquals(6, routed.size(), lead.tasks().toString());
            for (int c = 1; c <= 3; c++) {
                for (int f = 1; f <= 2; f++) {
                    String result = routed.get("area-" + c + "/f" + f + ".txt");
                    assertTrue(result.startsWith("routed to manybot:c" + c + " (owned by manybot:c" + c), result);
                }
            }
            Task kept = lead.tasks().stream().filter(t -> t.paths().equals(List.of("shared/s1.txt"))).findFirst().orElseThrow();
            assertEquals(Task.State.COMPLETED, kept.state(), kept.toString());
            assertTrue(kept.rationale().contains("kept: nobody below lead owns shared/s1.txt"), kept.rationale());
            assertEquals(CycleOutcome.LANDED, lead.outcome(), lead.error());
            assertEquals(List.of("shared/s1.txt"), lead.changes().stream().map(ChangedFile::path).toList());

            for (WorkCycle child : first.subList(1, 4)) {
                String area = team.area(child.bot());
                assertEquals(CycleOutcome.LANDED, child.outcome(), child.bot() + ": " + child.error());
                assertEquals(List.of(area + "/f1.txt", area + "/f2.txt"), child.changes().stream().map(ChangedFile::path).sorted().toList());
                assertTrue(child.tasks().stream().allMatch(t -> t.rationale().contains("parent from lead")), child.tasks().toString());
            }
            assertEquals(0, team.todosAtTip("."));

            List<Handoff> inbox = team.board().inbox("lead");
            assertEquals(6, inbox.size(), inbox.toString());
            Handoff handoff = inbox.stream().filter(h -> h.bot().equals("c2")).findFirst().orElseThrow();
            assertEquals("LANDED", handoff.outcome());
            assertEquals("passed", handoff.tests());
            assertTrue(handoff.files().contains("area-2/f1.txt landed"), handoff.files().toString());
            assertEquals(List.of(new Handoff.KeyResultDelta("todos-c2", "todo-files", 2.0, 0.0)), handoff.keyResults());

            WorkCycle next = team.cycle("lead");
            Task read = next.tasks().stream().filter(t -> t.title().startsWith("Read 6 handoff(s)")).findFirst().orElseThrow();
            assertTrue(read.rationale().contains("c1 on \"Fix the TODO in area-1/f1.txt\": landed"), read.rationale());
            assertTrue(read.rationale().contains("key results: todo-files 2 → 0"), read.rationale());
            assertEquals(7.0, lead.before().keyResults().get(0).current());
            assertEquals(0.0, next.before().keyResults().get(0).current());
            assertEquals(CycleOutcome.NO_CHANGE, next.outcome());
            assertTrue(team.board().inbox("lead").isEmpty(), "a plan reads each handoff once");

            Scratchpad pad = team.board().scratchpad("lead");
            assertTrue(pad.text().contains("## Handoffs read"), pad.text());
            assertTrue(pad.text().contains("todos-lead: progress 100%"), pad.text());
            assertNotEquals(-1, pad.text().indexOf("cycle lead-2"), pad.text());
            assertTrue(pad.text().indexOf("cycle lead-1") < 0, "rewritten, not appended: " + pad.text());
        }
    }

    @Test
    void theJudgeRejectsAChangeThatPassesTheTestsButMovesNoKeyResultAndRetriesItBoundedly() throws Exception {
        Bot.JudgePolicy strict = new Bot.JudgePolicy(true, Bot.JudgePolicy.OnReject.REJECT, 1, false);
        try (TeamHarness team = TeamHarness.generate(temp, new TeamHarness.Shape(1, 0, 1, 0), bot -> bot.name().equals("c1")
                ? withCommand(bot.withTeam(new Bot.Team(null, strict, 0)), "for f in $MANYBOT_TASK_PATHS; do echo more >> \"$f\"; done")
                : bot)) {
            ObjectId start = team.tip();
            team.cycle("lead");
            WorkCycle rejected = team.cycle("c1");
            assertEquals(CycleOutcome.ROLLED_BACK, rejected.outcome());
            assertTrue(rejected.error().startsWith("the judge rejected the change: the change passes the tests but moves no key result"),
                    rejected.error());
            assertEquals("passed", rejected.tests().passed() ? "passed" : "failed");
            assertTrue(rejected.changes().stream().allMatch(f -> f.disposition() == ChangedFile.Disposition.ROLLED_BACK
                    && f.reason().startsWith("judge rejected:")), rejected.changes().toString());
            assertNull(rejected.landing().commit());
            assertEquals(start, team.tip(), "nothing landed");
            assertTrue(team.board().inbox("lead").isEmpty(), "a retried task is not handed back yet");
            assertEquals(1, team.board().queue("c1").size());

            WorkCycle retried = team.cycle("c1");
            assertEquals(CycleOutcome.ROLLED_BACK, retried.outcome());
            assertTrue(retried.tasks().get(0).rationale().contains("attempt 2"), retried.tasks().toString());
            assertEquals(start, team.tip());
            assertEquals(0, team.board().queue("c1").size());
            Handoff back = team.board().inbox("lead").get(0);
            assertEquals("ROLLED_BACK", back.outcome());
            assertTrue(back.concerns().contains("the judge rejected it 2 time(s): handed back"), back.concerns().toString());
        }
    }

    /** {@code bot} whose executor runs {@code script} with sh. */
    private static Bot withCommand(Bot bot, String script) {
        Bot.Executor e = bot.executor();
        return new Bot(bot.name(), bot.goal(), bot.owns(), bot.repository(), bot.mode(), bot.schedule(),
                new Bot.Executor(e.type(), List.of("sh", "-c", script), e.shell(), e.env(), e.timeout(), e.model()), bot.tests(), bot.limits(),
                bot.reviewers(), bot.suspend(), bot.dryRun(), bot.rollbackOnTestFailure(), bot.parent(), bot.mcpServers(), bot.landing(), bot.team());
    }
}
