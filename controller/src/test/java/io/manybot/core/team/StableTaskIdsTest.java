package io.manybot.core.team;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.manybot.core.cycle.BotAgents;
import io.manybot.core.cycle.CycleOutcome;
import io.manybot.core.cycle.Task;
import io.manybot.core.cycle.WorkCycle;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plan command lists the same file in every plan until it is fixed; the task it stands for keeps its id (the planning bot
 * and a hash of its title and paths), so that while it waits in a child's queue, or a child's cycle has taken it, the parent's
 * next plan does not route it again. Real repository and cycles ({@link TeamHarness}).
 */
class StableTaskIdsTest {
    @TempDir
    Path temp;

    @Test
    void aTaskQueuedOrInFlightIsNotRoutedTwice() throws Exception {
        try (TeamHarness team = TeamHarness.generate(temp, new TeamHarness.Shape(2, 0, 1, 0))) {
            WorkCycle first = team.cycle("lead");
            Map<String, Task> byPath = byPath(first);
            assertTrue(byPath.get("area-1/f1.txt").result().startsWith("routed to manybot:c1"), first.tasks().toString());
            String id = byPath.get("area-1/f1.txt").id();
            assertEquals(TeamPlanner.stableId("lead", "Fix the TODO in area-1/f1.txt", List.of("area-1/f1.txt")), id);
            assertEquals(1, team.board().queue("c1").size());

            // planned again while it waits in c1's queue: the same id, not routed a second time
            WorkCycle second = team.cycle("lead");
            Task again = byPath(second).get("area-1/f1.txt");
            assertEquals(id, again.id());
            assertEquals(Task.State.ARCHIVED, again.state());
            assertEquals("already queued for manybot:c1", again.result());
            assertEquals(1, team.board().queue("c1").size(), "queued once");
            assertEquals(CycleOutcome.NO_CHANGE, second.outcome());
            assertTrue(team.board().inbox("lead").isEmpty(), "nothing to hand off for a task settled elsewhere");

            // c1's cycle has taken it (in flight): still not routed again
            TeamCycles.Prepared taking = team.team().prepare(team.bot("c1"), "c1-x", new BotAgents(null, null, null), () -> null, null,
                    temp.resolve("unused"));
            assertEquals(List.of(id), List.copyOf(taking.taken().keySet()));
            assertEquals(new TeamBoard.Placement("c1", true), team.board().whereIs(id).orElseThrow());
            Task inFlight = byPath(team.cycle("lead")).get("area-1/f1.txt");
            assertEquals("already in flight with manybot:c1", inFlight.result());
            assertEquals(0, team.board().queue("c1").size());

            // that cycle ends without a record: the task waits in c1's queue again, and c1's next cycle lands it
            team.team().abandon(team.bot("c1"), taking);
            assertTrue(team.board().inFlight("c1").isEmpty());
            WorkCycle landed = team.cycle("c1");
            assertEquals(CycleOutcome.LANDED, landed.outcome(), landed.error());
            assertEquals(id, landed.tasks().get(0).id());
            assertTrue(team.board().whereIs(id).isEmpty(), "settled: handed off");
            assertEquals(0, team.todosAtTip("area-1"));
            // fixed, the file is no longer planned; c2's file, still waiting in its queue, is not routed again either
            Map<String, Task> fourth = byPath(team.cycle("lead"));
            assertEquals(null, fourth.get("area-1/f1.txt"));
            assertEquals("already queued for manybot:c2", fourth.get("area-2/f1.txt").result());
        }
    }

    private static Map<String, Task> byPath(WorkCycle cycle) {
        return cycle.tasks().stream().filter(t -> !t.paths().isEmpty()).collect(Collectors.toMap(t -> t.paths().get(0), t -> t));
    }
}
