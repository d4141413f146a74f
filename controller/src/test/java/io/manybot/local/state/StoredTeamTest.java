package io.manybot.local.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.manybot.core.team.BoardSnapshot;
import io.manybot.core.team.Handoff;
import io.manybot.core.team.Priority;
import io.manybot.core.team.Scratchpad;
import io.manybot.core.team.TaskQueue;
import io.manybot.core.team.TeamBoard;
import io.manybot.core.team.TeamTask;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The team board kept change by change in a real SQLite state file, and restored from it by a new store on the same file. */
class StoredTeamTest {
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    @TempDir
    Path state;

    private static TeamTask task(String id, Priority priority) {
        return new TeamTask(id, "Fix " + id, "why", List.of("area/" + id + ".txt"), priority, TeamTask.Origin.PARENT, "lead", 0, T0);
    }

    @Test
    void everyChangeIsKeptAndANewBoardRestoresItWithTheTasksInFlightQueuedAgain() throws Exception {
        Handoff handoff = new Handoff("c1", "lead", "lead/aa", "Fix aa", "c1-1", "LANDED", "fixed", List.of("area/aa.txt landed"),
                List.of(new Handoff.KeyResultDelta("g", "todo", 2.0, 1.0)), "passed", List.of(), List.of("slow tests"), T0);
        try (StateStore store = StateStore.open(state)) {
            StoredTeam kept = new StoredTeam(store);
            assertTrue(kept.load().isEmpty(), "nothing before the first write (and no table created by reading)");
            TeamBoard board = new TeamBoard(TaskQueue.DEFAULT_AGING_STEP, kept);
            board.enqueue("c1", task("aa", Priority.NORMAL));
            board.enqueue("c1", task("bb", Priority.LOW));
            board.enqueue("c1", task("bb", Priority.HIGH)); // more urgent: replaces it
            board.enqueue("c2", task("cc", Priority.NORMAL));
            board.take("c2", 5, T0, t -> false); // cc in flight with c2
            board.deliver(handoff);
            board.rewrite(new Scratchpad("lead", "## Goal\n- g: progress 50%\n", "lead-3", T0, false));
            assertTrue(board.firstFeed("lead directives/abc"));
            Map<String, String> parents = new java.util.LinkedHashMap<>();
            parents.put("lead", null);
            parents.put("c1", "lead");
            parents.put("c2", "lead");
            kept.declare(parents);
        }
        try (StateStore store = StateStore.open(state)) {
            StoredTeam kept = new StoredTeam(store);
            BoardSnapshot snapshot = kept.load();
            assertEquals(List.of("aa", "bb"), snapshot.queues().get("c1").stream().map(TeamTask::id).sorted().toList());
            assertEquals(Priority.HIGH, snapshot.queues().get("c1").stream().filter(t -> t.id().equals("bb")).findFirst().orElseThrow().priority());
            assertEquals(List.of("cc"), snapshot.inFlight().get("c2").stream().map(TeamTask::id).toList());
            assertEquals(List.of(handoff), snapshot.inboxes().get("lead"), "the handoff comes back whole");
            assertEquals("lead-3", snapshot.scratchpads().get("lead").cycleId());
            assertEquals("lead", kept.parents().get("c1"));
            assertTrue(kept.parents().containsKey("lead") && kept.parents().get("lead") == null, "a root has no parent");

            TeamBoard board = TeamBoard.restored(snapshot, TaskQueue.DEFAULT_AGING_STEP, kept);
            assertFalse(board.firstFeed("lead directives/abc"), "a directive queued before the restart is not queued again");
            assertEquals(1, board.requeueInFlight());
            assertEquals(List.of("cc"), board.queue("c2").ordered(T0).stream().map(TeamTask::id).toList());
            assertEquals(1, board.drainInbox("lead").size());
        }
        try (StateStore store = StateStore.open(state)) {
            BoardSnapshot snapshot = new StoredTeam(store).load();
            assertTrue(snapshot.inFlight().isEmpty(), "requeued and kept so");
            assertEquals(1, snapshot.queues().get("c2").size());
            assertTrue(snapshot.inboxes().isEmpty(), "read inboxes are emptied");
        }
    }
}
