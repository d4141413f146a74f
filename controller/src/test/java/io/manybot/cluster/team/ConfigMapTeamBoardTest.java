package io.manybot.cluster.team;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.manybot.core.team.BoardChanges;
import io.manybot.core.team.BoardSnapshot;
import io.manybot.core.team.Handoff;
import io.manybot.core.team.Priority;
import io.manybot.core.team.TaskQueue;
import io.manybot.core.team.TeamBoard;
import io.manybot.core.team.TeamTask;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The cluster's team board on the fabric8 mock API server: two cycles change copies read at the same time; replaying each
 * one's changes on the stored board keeps both (a handoff delivered while another bot read its inbox stays unread), and the
 * bots that got work are named to be woken.
 */
@EnableKubernetesMockClient(crud = true)
class ConfigMapTeamBoardTest {
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    static KubernetesClient client;

    private static Handoff handoff(String from, String task) {
        return new Handoff(from, "lead", "lead/" + task, task, from + "-1", "LANDED", "fixed", List.of(task + " landed"), List.of(), "passed",
                List.of(), List.of(), T0);
    }

    @Test
    void changesOfCopiesReadAtTheSameTimeAreAllKept() {
        ConfigMapTeamBoard stored = new ConfigMapTeamBoard(client, "ns");
        assertTrue(stored.load().isEmpty());
        stored.ensureExists(); // as the operator does for a team bot whose cycles run in runner pods (they only update it)
        stored.ensureExists();
        assertTrue(client.configMaps().inNamespace("ns").withName(ConfigMapTeamBoard.NAME).get() != null);
        assertTrue(stored.load().isEmpty());
        BoardChanges seed = new BoardChanges();
        TeamBoard first = TeamBoard.restored(stored.load(), TaskQueue.DEFAULT_AGING_STEP, seed);
        first.deliver(handoff("c1", "a.txt"));
        stored.apply(seed.take());

        // the lead's cycle reads its inbox (one handoff) while c2's cycle, from a copy of the same moment, hands off another
        BoardChanges leads = new BoardChanges();
        TeamBoard leadCopy = TeamBoard.restored(stored.load(), TaskQueue.DEFAULT_AGING_STEP, leads);
        BoardChanges c2s = new BoardChanges();
        TeamBoard c2Copy = TeamBoard.restored(stored.load(), TaskQueue.DEFAULT_AGING_STEP, c2s);
        assertEquals(1, leadCopy.drainInbox("lead").size());
        leadCopy.enqueue("c1", new TeamTask("lead/b", "Fix b", null, List.of("b.txt"), Priority.HIGH, TeamTask.Origin.PARENT, "lead", 0, T0));
        c2Copy.deliver(handoff("c2", "c.txt"));
        stored.apply(c2s.take());
        stored.apply(leads.take());

        BoardSnapshot now = stored.load();
        assertEquals(List.of("c.txt"), now.inboxes().get("lead").stream().map(Handoff::task).toList(), "c2's handoff is still unread");
        assertEquals(List.of("lead/b"), now.queues().get("c1").stream().map(TeamTask::id).toList());
        assertEquals(Set.of("c1"), leads.woken(), "c1 got a task: it is woken");
        assertEquals(Set.of("lead"), c2s.woken(), "the lead got a handoff");
    }
}
