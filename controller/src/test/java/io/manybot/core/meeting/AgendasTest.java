package io.manybot.core.meeting;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.manybot.core.declaration.Meeting;
import io.manybot.core.goal.GoalEvaluation;
import io.manybot.core.goal.KeyResultEvaluation;
import io.manybot.core.goal.KeyResultState;
import io.manybot.core.ownership.OwnershipIndex;
import io.manybot.core.repo.WorkingTree;
import io.manybot.testing.GitRepos;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A meeting's agenda from a real tree's OWNERS files: what its attendees contest, what OWNERS names it for, what is at risk or blocked. */
class AgendasTest {
    @TempDir
    Path repo;

    @Test
    void theAgendaCoversTheAttendeesAndThePathsWhoseOwnersNameTheMeeting() throws Exception {
        GitRepos.write(repo, Map.of(
                "api/OWNERS", "primary: manybot:alpha\ndelegates: [manybot:beta]\n",
                "web/OWNERS", "primary: manybot:gamma\ndelegates: [manybot:delta]\nmeetings: [sync]\n",
                "lib/OWNERS", "primary: manybot:gamma\ndelegates: [manybot:delta]\n",
                "api/a.txt", "a\n", "web/w.txt", "w\n", "lib/l.txt", "l\n"));
        OwnershipIndex ownership = OwnershipIndex.load(new WorkingTree(repo));
        Meeting meeting = new Meeting("sync", "t", "0 9 * * 1", List.of("manybot:alpha", "manybot:beta"), null, 2, false);
        Instant at = Instant.parse("2026-12-06T10:00:00Z");
        List<LandingConflict> conflicts = List.of(
                new LandingConflict("web/w.txt", "gamma", "delta", "c1", at), new LandingConflict("web/w.txt", "delta", "gamma", "c2", at),
                new LandingConflict("lib/l.txt", "gamma", "delta", "c3", at), new LandingConflict("lib/l.txt", "gamma", "delta", "c4", at));
        GoalEvaluation alpha = new GoalEvaluation("g", at, 10.0, false, true, List.of(
                new KeyResultEvaluation("latency", 700.0, 10.0, 50.0, KeyResultState.OFF_TRACK, null),
                new KeyResultEvaluation("errors", 0.0, 100.0, 50.0, KeyResultState.ACHIEVED, null)));
        List<AgendaItem> agenda = Agendas.gather(meeting, ownership, Map.of("alpha", alpha, "gamma", alpha), conflicts,
                List.of(new BlockedTask("beta", "t1", "Rewrite the parser", List.of("api/a.txt")), new BlockedTask("gamma", "t2", "x", List.of())));
        assertEquals(List.of(
                "REPEATED_CONFLICT delta and gamma conflicted 2 times on web/w.txt",
                "CONTESTED_PATH api/ is owned by alpha and beta",
                "CONTESTED_PATH web/ is owned by gamma and delta",
                "AT_RISK_KEY_RESULT key result latency of goal g (alpha) is off track",
                "BLOCKED_TASK task 'Rewrite the parser' of beta is blocked"),
                agenda.stream().map(item -> item.kind() + " " + item.title()).toList(),
                "lib/ is neither the attendees' nor does its OWNERS name the meeting; gamma's goal is not the meeting's business");
    }
}
