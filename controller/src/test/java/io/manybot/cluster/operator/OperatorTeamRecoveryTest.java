package io.manybot.cluster.operator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.manybot.cluster.resource.GoalResource;
import io.manybot.cluster.resource.ManybotResource;
import io.manybot.cluster.resource.ManybotSpec;
import io.manybot.cluster.resource.WorkCycleResource;
import io.manybot.cluster.resource.WorkCycleSpec;
import io.manybot.cluster.resource.WorkCycleStatus;
import io.manybot.cluster.team.ConfigMapTeamBoard;
import io.manybot.core.team.BoardSnapshot;
import io.manybot.core.team.Priority;
import io.manybot.core.team.TeamTask;
import io.manybot.testing.GitRepos;
import io.manybot.testing.TeamYaml;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an operator that died in the middle of a team bot's in-process cycle leaves, and how the next operator recovers it, on
 * the fabric8 mock API server with a real bare repository as the remote: WorkCycle {@code c1-…} with no outcome, and on the team
 * board (ConfigMap {@value ConfigMapTeamBoard#NAME}) the lead's task that cycle had taken, in flight with c1. The new operator
 * closes the cycle as INTERRUPTED and, once, puts the task back in c1's queue (said in the cycle's error and its Event), so
 * c1's next cycle starts for it, lands it and hands off to the lead, exactly once.
 */
@EnableKubernetesMockClient(crud = true)
class OperatorTeamRecoveryTest {
    private static final String NS = "teamrecovery";

    static KubernetesClient client;

    @TempDir
    Path temp;

    private ManybotOperator operator;

    @AfterEach
    void stop() {
        if (operator != null) {
            operator.close();
        }
    }

    @Test
    void aTaskTakenByACycleWhoseOperatorDiedGoesBackToTheQueueOnceAndIsLandedByTheNextCycle() throws Exception {
        Path work = temp.resolve("work");
        GitRepos.write(work, Map.ofEntries(
                Map.entry("OWNERS", "primary: manybot:lead\n"),
                Map.entry("area-1/OWNERS", "primary: manybot:c1\n"), Map.entry("area-1/f.txt", "TODO one\n"),
                Map.entry("scripts/fix.sh", "for f in $MANYBOT_TASK_PATHS; do sed -i s/TODO/done/ \"$f\"; done\n")));
        GitRepos.initAndCommit(work, "a team");
        Path bare = temp.resolve("team.git");
        Git.cloneRepository().setBare(true).setURI(work.toUri().toString()).setDirectory(bare.toFile()).call().close();
        String url = bare.toUri().toString();
        create(TeamYaml.goal("lead", "area-1"), GoalResource.class);
        create(TeamYaml.goal("c1", "area-1"), GoalResource.class);
        // the lead is suspended: it runs no cycle of its own, its inbox only collects what c1 hands up
        create(TeamYaml.bot("lead", null, "**", url, true, ""), ManybotResource.class);
        create(TeamYaml.bot("c1", "lead", "area-1/**", url, false, ""), ManybotResource.class);

        // what the operator that died left: c1's in-process cycle with no outcome, and the task it took in flight with c1
        ManybotResource c1 = client.resources(ManybotResource.class).inNamespace(NS).withName("c1").get();
        String orphanName = "c1-20261124t000000-0001";
        WorkCycleResource orphan = new WorkCycleResource();
        orphan.getMetadata().setName(orphanName);
        orphan.getMetadata().setLabels(Map.of(WorkCycleResource.BOT_LABEL, "c1", WorkCycleResource.CYCLE_LABEL, "20261124t000000-0001"));
        orphan.getMetadata().setOwnerReferences(List.of(new io.fabric8.kubernetes.api.model.OwnerReferenceBuilder()
                .withApiVersion(c1.getApiVersion()).withKind(c1.getKind()).withName("c1").withUid(c1.getMetadata().getUid())
                .withController(true).build()));
        orphan.setSpec(new WorkCycleSpec());
        orphan.getSpec().bot = "c1";
        orphan.getSpec().goal = "c1";
        orphan.getSpec().cycleId = "20261124t000000-0001";
        orphan.getSpec().trigger = "its team queued tasks or handed work up";
        orphan.getSpec().runner = ManybotSpec.RunnerMode.IN_PROCESS;
        WorkCycleResource created = client.resource(orphan).inNamespace(NS).create();
        created.setStatus(new WorkCycleStatus());
        created.getStatus().phase = "EXECUTE";
        client.resource(created).updateStatus();
        TeamTask task = new TeamTask("lead/fix-area-1", "Fix area-1/f.txt", "the lead's plan", List.of("area-1/f.txt"), Priority.NORMAL,
                TeamTask.Origin.PARENT, "lead", 0, Instant.parse("2026-11-24T00:00:00Z"));
        new ConfigMapTeamBoard(client, NS).apply(List.of(board -> board.enqueue("c1", task),
                board -> board.taken("c1", List.of(task))));
        assertEquals(List.of(task.id()), new ConfigMapTeamBoard(client, NS).load().inFlight().get("c1").stream().map(TeamTask::id).toList());

        operator = new ManybotOperator(client, OperatorFixtures.settings(temp, ManybotSpec.RunnerMode.IN_PROCESS), Clock.systemUTC(), false);
        operator.start();

        WorkCycleResource closed = OperatorFixtures.await("the orphan is closed, saying where its task went", () -> {
            WorkCycleResource c = client.resources(WorkCycleResource.class).inNamespace(NS).withName(orphanName).get();
            return c.getStatus().outcome != null && c.getStatus().error != null && c.getStatus().error.contains("went back") ? c : null;
        });
        assertEquals("INTERRUPTED", closed.getStatus().outcome);
        assertTrue(closed.getStatus().error.startsWith("the operator running it stopped"), closed.getStatus().error);
        assertTrue(closed.getStatus().error.endsWith("the team task it had taken went back to the queue of c1: \"Fix area-1/f.txt\""),
                closed.getStatus().error);
        OperatorFixtures.await("a CycleInterrupted Event naming the task", () -> client.v1().events().inNamespace(NS).list().getItems().stream()
                .filter(e -> "CycleInterrupted".equals(e.getReason()) && e.getMessage().contains("went back to the queue of c1"))
                .findFirst().orElse(null));

        // c1's next cycle starts for the queued task (nothing else would start it), lands it and hands off to the lead
        WorkCycleResource landed = OperatorFixtures.await("c1's next cycle landed the task", () -> cycles("c1").stream()
                .filter(c -> c.getStatus() != null && "LANDED".equals(c.getStatus().outcome)).findFirst().orElse(null));
        assertEquals("its team queued tasks or handed work up", landed.getSpec().trigger);
        assertEquals("Fix area-1/f.txt", landed.getStatus().tasks.get(0).title);
        assertEquals(1, landed.getStatus().handoffs.size(), landed.getStatus().handoffs.toString());
        assertEquals("lead", landed.getStatus().handoffs.get(0).to);

        // once: one handoff in the lead's inbox, nothing left queued or in flight with c1, one landing of the task
        BoardSnapshot board = OperatorFixtures.await("the board after c1's cycle", () -> {
            BoardSnapshot b = new ConfigMapTeamBoard(client, NS).load();
            return b.inboxes().getOrDefault("lead", List.of()).isEmpty() ? null : b;
        });
        assertEquals(1, board.inboxes().get("lead").size(), board.inboxes().toString());
        assertEquals(task.id(), board.inboxes().get("lead").get(0).taskId());
        assertTrue(board.queues().getOrDefault("c1", List.of()).isEmpty(), board.queues().toString());
        assertTrue(board.inFlight().getOrDefault("c1", List.of()).isEmpty(), board.inFlight().toString());
        assertEquals(1, cycles("c1").stream().filter(c -> c.getStatus() != null && "LANDED".equals(c.getStatus().outcome)).count(),
                "the task landed once");
    }

    private List<WorkCycleResource> cycles(String bot) {
        return client.resources(WorkCycleResource.class).inNamespace(NS).list().getItems().stream()
                .filter(c -> bot.equals(c.getSpec().bot)).sorted(java.util.Comparator.comparing((WorkCycleResource c) -> c.getSpec().cycleId)).toList();
    }

    private static <T extends io.fabric8.kubernetes.api.model.HasMetadata> void create(String yaml, Class<T> type) {
        T resource = Serialization.unmarshal(new java.io.ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), type);
        resource.getMetadata().setNamespace(NS);
        client.resource(resource).inNamespace(NS).create();
    }
}
