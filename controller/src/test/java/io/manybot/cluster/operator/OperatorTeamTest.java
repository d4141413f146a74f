package io.manybot.cluster.operator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.manybot.cluster.chart.KubectlTable;
import io.manybot.cluster.resource.GoalResource;
import io.manybot.cluster.resource.ManybotResource;
import io.manybot.cluster.resource.ManybotSpec;
import io.manybot.cluster.resource.WorkCycleResource;
import io.manybot.cluster.resource.WorkCycleStatus;
import io.manybot.cluster.team.ConfigMapTeamBoard;
import io.manybot.testing.GitRepos;
import io.manybot.testing.TeamYaml;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A team in the cluster home: the operator (in-process cycles) on the fabric8 mock API server, a real bare repository as the
 * remote. A lead (its plan command lists a task per file with a TODO) and two children owning area-1 and area-2: the lead's
 * tasks are routed through the team board (ConfigMap {@value ConfigMapTeamBoard#NAME}) to the owning child, which is woken,
 * lands the fix and hands off; the handoffs are in the child's WorkCycle status and are read by the lead's next plan
 * (its WorkCycle's {@code handoffsRead}). The Manybots' status and {@code kubectl get manybots} show parent and queue.
 */
@EnableKubernetesMockClient(crud = true)
class OperatorTeamTest {
    private static final String NS = "team";

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
    void theLeadsTasksReachTheOwningChildrenWhoseHandoffsReachTheLeadsNextPlan() throws Exception {
        Path work = temp.resolve("work");
        GitRepos.write(work, TeamYaml.twoChildren(TeamYaml.PLAN_EACH_TODO));
        GitRepos.initAndCommit(work, "a team");
        Path bare = temp.resolve("team.git");
        Git.cloneRepository().setBare(true).setURI(work.toUri().toString()).setDirectory(bare.toFile()).call().close();

        operator = new ManybotOperator(client, OperatorFixtures.settings(temp, ManybotSpec.RunnerMode.IN_PROCESS), Clock.systemUTC(), false);
        operator.start();
        String url = bare.toUri().toString();
        create(TeamYaml.goal("lead", "area-1 area-2"), GoalResource.class);
        create(TeamYaml.goal("c1", "area-1"), GoalResource.class);
        create(TeamYaml.goal("c2", "area-2"), GoalResource.class);
        create(TeamYaml.bot("c1", "lead", "area-1/**", url, false, ""), ManybotResource.class);
        create(TeamYaml.bot("c2", "lead", "area-2/**", url, false, ""), ManybotResource.class);
        create(TeamYaml.bot("lead", null, "**", url, false, TeamYaml.PLAN_COMMAND), ManybotResource.class);

        // each child lands the file it owns, on the task the lead routed to it, and hands off to the lead
        for (String child : List.of("c1", "c2")) {
            String area = "area-" + child.substring(1);
            WorkCycleResource landed = OperatorFixtures.await(child + " landed the lead's task", () -> cycles(child).stream()
                    .filter(c -> c.getStatus() != null && "LANDED".equals(c.getStatus().outcome)).findFirst().orElse(null));
            WorkCycleStatus.TaskState task = landed.getStatus().tasks.get(0);
            assertEquals(area + "/f.txt", task.title.substring("Fix ".length()), task.title);
            assertTrue(task.rationale.contains("parent from lead"), task.rationale);
            assertEquals(1, landed.getStatus().handoffs.size(), "handed off");
            WorkCycleStatus.HandoffState handoff = landed.getStatus().handoffs.get(0);
            assertEquals("lead", handoff.to);
            assertEquals("LANDED", handoff.outcome);
            assertTrue(handoff.files.contains(area + "/f.txt landed"), handoff.files.toString());
        }
        try (Git git = Git.open(bare.toFile())) {
            for (String file : List.of("area-1/f.txt", "area-2/f.txt")) {
                var tree = new org.eclipse.jgit.revwalk.RevWalk(git.getRepository()).parseCommit(git.getRepository().resolve("refs/heads/main")).getTree();
                try (var found = org.eclipse.jgit.treewalk.TreeWalk.forPath(git.getRepository(), file, tree)) {
                    assertTrue(new String(git.getRepository().open(found.getObjectId(0)).getBytes(), StandardCharsets.UTF_8).startsWith("done"), file);
                }
            }
        }

        // the lead routed each task to its owner, and a later plan of the lead read both handoffs
        List<WorkCycleResource> lead = cycles("lead");
        List<String> routed = lead.stream().filter(c -> c.getStatus() != null && c.getStatus().tasks != null)
                .flatMap(c -> c.getStatus().tasks.stream()).map(t -> t.result).filter(r -> r != null && r.startsWith("routed to")).toList();
        assertTrue(routed.contains("routed to manybot:c1 (owned by manybot:c1)"), routed.toString());
        assertTrue(routed.contains("routed to manybot:c2 (owned by manybot:c2)"), routed.toString());
        WorkCycleResource reading = OperatorFixtures.await("the lead's plan read both handoffs", () -> {
            List<WorkCycleResource> all = cycles("lead");
            String read = all.stream().filter(c -> c.getStatus() != null && c.getStatus().handoffsRead != null)
                    .flatMap(c -> c.getStatus().handoffsRead.stream()).reduce("", String::concat);
            return read.contains("c1 on \"Fix area-1/f.txt\": landed") && read.contains("c2 on \"Fix area-2/f.txt\": landed")
                    ? all.get(all.size() - 1) : null;
        });
        assertNotNull(reading);

        // the board is in the namespace's ConfigMap, emptied: nothing waits
        ConfigMap board = client.configMaps().inNamespace(NS).withName(ConfigMapTeamBoard.NAME).get();
        assertNotNull(board, "the team board ConfigMap");
        assertTrue(board.getData().get(ConfigMapTeamBoard.KEY).contains("\"scratchpads\""), board.getData().toString());

        // status and kubectl: parent and children; the lead's scratchpad
        ManybotResource leadBot = OperatorFixtures.await("the lead's status shows its team", () -> {
            ManybotResource b = client.resources(ManybotResource.class).inNamespace(NS).withName("lead").get();
            return b.getStatus() != null && b.getStatus().team != null && b.getStatus().team.scratchpad != null
                    && b.getStatus().team.unreadHandoffs == 0 ? b : null;
        });
        assertEquals(List.of("c1", "c2"), leadBot.getStatus().team.children);
        assertTrue(leadBot.getStatus().team.scratchpad.contains("## Goal"), leadBot.getStatus().team.scratchpad);
        ManybotResource c1 = OperatorFixtures.await("c1's status shows its parent", () -> {
            ManybotResource b = client.resources(ManybotResource.class).inNamespace(NS).withName("c1").get();
            return b.getStatus() != null && b.getStatus().team != null ? b : null;
        });
        assertEquals("lead", c1.getStatus().team.parent);
        String table = KubectlTable.render("manybots.manybot.io.yaml", client.resources(ManybotResource.class).inNamespace(NS).list().getItems(),
                java.time.Instant.now());
        assertTrue(table.lines().findFirst().orElseThrow().matches("NAME +MODE +PHASE +GOAL +PROGRESS +AT-RISK +LAST-CYCLE +PARENT +QUEUED +AGE"), table);
        assertTrue(table.lines().anyMatch(l -> l.startsWith("c1 ") && l.matches(".* lead +0 +\\S+$")), table);
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
