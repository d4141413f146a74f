package io.manybot.cluster.operator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import io.manybot.cluster.chart.RunnerRole;
import io.manybot.cluster.cycle.RunnerPod;
import io.manybot.cluster.resource.GoalResource;
import io.manybot.cluster.resource.ManybotResource;
import io.manybot.cluster.resource.ManybotSpec;
import io.manybot.cluster.resource.WorkCycleResource;
import io.manybot.cluster.resource.WorkCycleStatus;
import io.manybot.core.secret.SecretRedactor;
import io.manybot.testing.GitRepos;
import io.manybot.testing.TeamYaml;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A team whose cycles run as runner Jobs, on the fabric8 mock API server with a real bare repository as the remote. The mock
 * runs no pods, so the test plays the kubelet: each runner Job the operator creates is run as its pod runs it
 * ({@code manybot cycle --namespace NS --workcycle NAME}: {@link RunnerPod}, with a state directory of its own, talking to the
 * API server only), and the Job is then marked complete. The lead's plan (in its runner pod) routes each task through ConfigMap
 * {@code manybot-team} to the owning child; the child's runner pod takes it from the board, lands it and hands off; a later
 * cycle of the lead (again in a runner pod) reads both handoffs; the Manybots' {@code status.team} follow.
 */
@EnableKubernetesMockClient(crud = true)
class OperatorTeamRunnerJobTest {
    private static final String NS = "teamjobs";

    static KubernetesClient client;

    @TempDir
    Path temp;

    private ManybotOperator operator;
    private final ExecutorService kubelet = Executors.newFixedThreadPool(2);
    private final Set<String> started = ConcurrentHashMap.newKeySet();
    /** What the runner pods asked the API server, as RBAC sees it. */
    private final Set<RunnerRole.Access> asked = ConcurrentHashMap.newKeySet();
    private KubernetesClient pods;
    private volatile boolean stopping;

    @AfterEach
    void stop() throws InterruptedException {
        stopping = true;
        kubelet.shutdownNow();
        kubelet.awaitTermination(60, TimeUnit.SECONDS);
        if (operator != null) {
            operator.close();
        }
        if (pods != null) {
            pods.close();
        }
    }

    @Test
    void theLeadsRunnerPodRoutesTasksToTheChildrensRunnerPodsWhoseHandoffsReachTheLeadsNextPlan() throws Exception {
        Path work = temp.resolve("work");
        GitRepos.write(work, TeamYaml.twoChildren(TeamYaml.PLAN_EACH_TODO));
        GitRepos.initAndCommit(work, "a team");
        Path bare = temp.resolve("team.git");
        Git.cloneRepository().setBare(true).setURI(work.toUri().toString()).setDirectory(bare.toFile()).call().close();

        operator = new ManybotOperator(client, OperatorFixtures.settings(temp.resolve("operator"), ManybotSpec.RunnerMode.JOB),
                Clock.systemUTC(), false);
        operator.start();
        // the runner pods' own client, recording each request they make
        pods = new KubernetesClientBuilder().withConfig(client.getConfiguration()).withHttpClientBuilderConsumer(builder ->
                builder.addOrReplaceInterceptor("recorder", new Interceptor() {
                    @Override
                    public void before(BasicBuilder request, HttpRequest sent, RequestTags tags) {
                        asked.add(RunnerRole.Access.of(sent.method(), sent.uri()));
                    }
                })).build();
        kubelet.submit(this::runJobs);
        String url = bare.toUri().toString();
        create(TeamYaml.goal("lead", "area-1 area-2"), GoalResource.class);
        create(TeamYaml.goal("c1", "area-1"), GoalResource.class);
        create(TeamYaml.goal("c2", "area-2"), GoalResource.class);
        create(TeamYaml.bot("c1", "lead", "area-1/**", url, false, ""), ManybotResource.class);
        create(TeamYaml.bot("c2", "lead", "area-2/**", url, false, ""), ManybotResource.class);
        create(TeamYaml.bot("lead", null, "**", url, false, TeamYaml.PLAN_COMMAND), ManybotResource.class);

        // each child's runner pod lands the file it owns, on the task the lead's runner pod routed to it, and hands off to the lead
        for (String child : List.of("c1", "c2")) {
            String area = "area-" + child.substring(1);
            WorkCycleResource landed = OperatorFixtures.await(child + " landed the lead's task in a runner pod", () -> cycles(child).stream()
                    .filter(c -> c.getStatus() != null && "LANDED".equals(c.getStatus().outcome)).findFirst().orElse(null));
            assertEquals(ManybotSpec.RunnerMode.JOB, landed.getSpec().runner);
            assertNotNull(landed.getStatus().job, "run by its runner Job");
            WorkCycleStatus.TaskState task = landed.getStatus().tasks.get(0);
            assertEquals("Fix " + area + "/f.txt", task.title);
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

        // the lead's runner pod routed each task to its owner, and a later runner pod of the lead read both handoffs
        List<String> routed = cycles("lead").stream().filter(c -> c.getStatus() != null && c.getStatus().routed != null)
                .flatMap(c -> c.getStatus().routed.stream()).toList();
        assertTrue(routed.stream().anyMatch(r -> r.contains("c1")) && routed.stream().anyMatch(r -> r.contains("c2")), routed.toString());
        WorkCycleResource reading = OperatorFixtures.await("a runner pod of the lead read both handoffs", () -> cycles("lead").stream()
                .filter(c -> c.getStatus() != null && c.getStatus().handoffsRead != null
                        && String.join("\n", c.getStatus().handoffsRead).contains("c1 on \"Fix area-1/f.txt\": landed"))
                .filter(c -> String.join("\n", c.getStatus().handoffsRead).contains("c2 on \"Fix area-2/f.txt\": landed")
                        || cycles("lead").stream().anyMatch(o -> o.getStatus() != null && o.getStatus().handoffsRead != null
                                && String.join("\n", o.getStatus().handoffsRead).contains("c2 on \"Fix area-2/f.txt\": landed")))
                .findFirst().orElse(null));
        assertEquals(ManybotSpec.RunnerMode.JOB, reading.getSpec().runner);
        assertNotNull(reading.getStatus().job);

        // the Manybots' status.team: the lead read everything; the children show their parent, nothing waits
        ManybotResource lead = OperatorFixtures.await("the lead's status.team: handoffs read, a scratchpad", () -> {
            ManybotResource b = client.resources(ManybotResource.class).inNamespace(NS).withName("lead").get();
            return b.getStatus() != null && b.getStatus().team != null && b.getStatus().team.scratchpad != null
                    && Integer.valueOf(0).equals(b.getStatus().team.unreadHandoffs) && Integer.valueOf(0).equals(b.getStatus().team.queued)
                    && Integer.valueOf(0).equals(b.getStatus().team.inFlight) ? b : null;
        });
        assertEquals(List.of("c1", "c2"), lead.getStatus().team.children);
        for (String child : List.of("c1", "c2")) {
            ManybotResource c = OperatorFixtures.await(child + "'s status.team shows its parent and an empty queue", () -> {
                ManybotResource b = client.resources(ManybotResource.class).inNamespace(NS).withName(child).get();
                return b.getStatus() != null && b.getStatus().team != null && Integer.valueOf(0).equals(b.getStatus().team.queued)
                        && Integer.valueOf(0).equals(b.getStatus().team.inFlight) ? b : null;
            });
            assertEquals("lead", c.getStatus().team.parent);
        }

        // everything the runner pods did, the chart's runner Role allows (they ran as its service account would)
        RunnerRole role = RunnerRole.rendered(temp, NS);
        List<String> refused = asked.stream().filter(a -> !role.allows(a)).map(RunnerRole.Access::toString).sorted().toList();
        assertTrue(refused.isEmpty(), "the chart's runner Role does not allow what runner pods did: " + refused + "\nrules: " + role.rules());
        assertTrue(asked.contains(RunnerRole.Access.of("PUT", java.net.URI.create("/api/v1/namespaces/" + NS + "/configmaps/manybot-team"))),
                "the runner pods updated the team board: " + asked);
        assertTrue(asked.contains(new RunnerRole.Access("patch", "manybot.io", "manybots", null, "c1")),
                "the lead's runner pod woke the child it routed work to: " + asked);
    }

    /** The kubelet's part: runs each runner Job's pod once (as the Job's container would), then marks the Job complete. */
    private void runJobs() {
        while (!stopping) {
            try {
                for (WorkCycleResource cycle : client.resources(WorkCycleResource.class).inNamespace(NS).list().getItems()) {
                    String name = cycle.getMetadata().getName();
                    if (cycle.getStatus() == null || cycle.getStatus().job == null || cycle.getStatus().outcome != null || !started.add(name)) {
                        continue;
                    }
                    kubelet.submit(() -> runPod(name, cycle.getStatus().job));
                }
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                // the mock server is going away at the end of the test
            }
        }
    }

    private Void runPod(String workCycle, String jobName) throws InterruptedException {
        RunnerPod.run(pods, OperatorFixtures.settings(temp.resolve("pod-" + workCycle), ManybotSpec.RunnerMode.JOB), NS, workCycle,
                () -> stopping, new SecretRedactor(), Clock.systemUTC(), false);
        Job job = client.batch().v1().jobs().inNamespace(NS).withName(jobName).get();
        if (job != null) {
            job.setStatus(new JobStatusBuilder().withSucceeded(1).addNewCondition().withType("Complete").withStatus("True").endCondition().build());
            client.batch().v1().jobs().inNamespace(NS).resource(job).updateStatus();
        }
        return null;
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
