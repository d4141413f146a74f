package io.manybot.cluster.operator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.manybot.cluster.directives.DirectivesConfigMap;
import io.manybot.cluster.resource.GoalResource;
import io.manybot.cluster.resource.ManybotResource;
import io.manybot.cluster.resource.ManybotSpec;
import io.manybot.cluster.resource.WorkCycleResource;
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
import java.util.List;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live directives feed a team's queues in the cluster home: the operator (in-process cycles) on the fabric8 mock API server
 * follows its directives ConfigMap; the root's cycle carries the directives' {@code PRIORITY} and {@code BLOCKED} in its WorkCycle's
 * spec, queues each priority once on the board (ConfigMap {@value ConfigMapTeamBoard#NAME}), routes the one on a child's path to
 * that child, which lands it, and keeps the one the blocker names waiting in its own queue.
 */
@EnableKubernetesMockClient(crud = true)
class OperatorTeamDirectivesTest {
    private static final String NS = "teamdirected";
    private static final String OPERATOR_NAMESPACE = "manybot";
    private static final String CONFIG_MAP = "manybot-directives";
    private static final String DIRECTIVES = """
            <!--
            _meta:
              updated: 2026-12-06T12:00:00Z
              version: 3
              status: active
            -->
            <!-- PRIORITY: critical: fix `area-1/f.txt` -->
            <!-- PRIORITY: fix `area-2/f.txt` -->
            <!-- BLOCKED: `area-2/` waits for the release -->
            """;

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
    void theDirectivesPrioritiesFeedTheRootsQueueAndItsBlockersHoldTasksBack() throws Exception {
        Path work = temp.resolve("work");
        GitRepos.write(work, TeamYaml.twoChildren("true\n"));
        GitRepos.initAndCommit(work, "a team led by the directives");
        Path bare = temp.resolve("team.git");
        Git.cloneRepository().setBare(true).setURI(work.toUri().toString()).setDirectory(bare.toFile()).call().close();

        client.resource(DirectivesConfigMap.configMap(OPERATOR_NAMESPACE, CONFIG_MAP, DIRECTIVES)).create();
        operator = new ManybotOperator(client, OperatorFixtures.withDirectives(OperatorFixtures.settings(temp, ManybotSpec.RunnerMode.IN_PROCESS),
                OPERATOR_NAMESPACE, CONFIG_MAP), Clock.systemUTC(), false);
        operator.start();
        String url = bare.toUri().toString();
        create(TeamYaml.goal("lead", "area-1 area-2"), GoalResource.class);
        create(TeamYaml.goal("c1", "area-1"), GoalResource.class);
        create(TeamYaml.goal("c2", "area-2"), GoalResource.class);
        create(TeamYaml.bot("c1", "lead", "area-1/**", url, false, ""), ManybotResource.class);
        create(TeamYaml.bot("c2", "lead", "area-2/**", url, false, ""), ManybotResource.class);
        create(TeamYaml.bot("lead", null, "**", url, false, TeamYaml.PLAN_COMMAND), ManybotResource.class);

        // c1 lands the directives' first priority, routed to it by the lead
        WorkCycleResource landed = OperatorFixtures.await("c1 landed the directives' priority", () -> cycles("c1").stream()
                .filter(c -> c.getStatus() != null && "LANDED".equals(c.getStatus().outcome)).findFirst().orElse(null));
        WorkCycleStatus.TaskState task = landed.getStatus().tasks.get(0);
        assertEquals("fix `area-1/f.txt`", task.title);
        assertTrue(task.rationale.contains("parent from lead"), task.rationale);
        try (Git git = Git.open(bare.toFile())) {
            var tree = new org.eclipse.jgit.revwalk.RevWalk(git.getRepository()).parseCommit(git.getRepository().resolve("refs/heads/main")).getTree();
            try (var found = org.eclipse.jgit.treewalk.TreeWalk.forPath(git.getRepository(), "area-2/f.txt", tree)) {
                assertEquals("TODO two\n", new String(git.getRepository().open(found.getObjectId(0)).getBytes(), StandardCharsets.UTF_8),
                        "the blocked priority is not worked on");
            }
        }

        // the lead reads c1's handoff, then settles idle: the blocked task in its queue starts no cycle
        WorkCycleResource reading = OperatorFixtures.await("the lead read c1's handoff", () -> cycles("lead").stream()
                .filter(c -> c.getStatus() != null && c.getStatus().handoffsRead != null
                        && c.getStatus().handoffsRead.stream().anyMatch(h -> h.startsWith("c1 on \"fix `area-1/f.txt`\"")))
                .findFirst().orElse(null));
        OperatorFixtures.await("the lead is idle after that cycle, the blocked task still queued", () -> {
            ManybotResource b = client.resources(ManybotResource.class).inNamespace(NS).withName("lead").get();
            return b.getStatus() != null && "Idle".equals(b.getStatus().phase) && b.getStatus().lastCycle != null
                    && b.getStatus().lastCycle.id.compareTo(reading.getSpec().cycleId) >= 0 && b.getStatus().team != null
                    && Integer.valueOf(1).equals(b.getStatus().team.queued) && Integer.valueOf(0).equals(b.getStatus().team.unreadHandoffs) ? b : null;
        });

        // the lead's cycle carried the directives' priorities and blockers in its spec (a runner pod reads them there)
        WorkCycleResource leads = cycles("lead").get(0);
        assertEquals(List.of("critical: fix `area-1/f.txt`", "fix `area-2/f.txt`"), leads.getSpec().priorities);
        assertEquals(List.of("`area-2/` waits for the release"), leads.getSpec().blockers);
        List<String> routed = cycles("lead").stream().filter(c -> c.getStatus() != null && c.getStatus().tasks != null)
                .flatMap(c -> c.getStatus().tasks.stream()).map(t -> t.result).filter(r -> r != null && r.startsWith("routed to")).toList();
        assertEquals(List.of("routed to manybot:c1 (owned by manybot:c1)"), routed);

        // the blocked priority waits in the lead's queue (fed once, at normal priority, from the directives); c2 got nothing
        BoardSnapshot board = new ConfigMapTeamBoard(client, NS).load();
        List<TeamTask> waiting = board.queues().getOrDefault("lead", List.of());
        assertEquals(List.of("fix `area-2/f.txt`"), waiting.stream().map(TeamTask::title).toList(), board.toString());
        assertEquals(TeamTask.Origin.DIRECTIVES, waiting.get(0).origin());
        assertEquals(Priority.NORMAL, waiting.get(0).priority());
        assertEquals(List.of("area-2/f.txt"), waiting.get(0).paths());
        assertTrue(board.queues().getOrDefault("c2", List.of()).isEmpty(), board.toString());
        assertEquals(2, board.fed().stream().filter(key -> key.startsWith("lead directives/")).count(), board.fed().toString());
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
