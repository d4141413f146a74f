package io.manybot.cluster.operator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.manybot.cluster.resource.ManybotResource;
import io.manybot.cluster.resource.ManybotSpec;
import io.manybot.cluster.resource.WorkCycleResource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.Constants;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Leadership on the fabric8 mock API server (CRUD mode, server-side apply off): closing a running
 * operator (what SIGTERM does) stops its cycle at a phase boundary, records it and gives the Lease up;
 * a Lease taken by another identity stops reconciles and cycle starts, and the old leader's cycle in
 * flight does not push what it landed. The bot's executor waits for a file the test writes, so that the
 * cycle is in flight exactly when the test acts.
 */
@EnableKubernetesMockClient(crud = true)
class OperatorLeadershipTest {
    static KubernetesClient client;
    static KubernetesMockServer server;
    private static final String LEASE_NAMESPACE = "manybot";

    @TempDir
    Path temp;

    private ManybotOperator operator;

    @BeforeEach
    void leasesMayBeUsed() {
        // JOSDK first asks whether it may use Leases (SelfSubjectRulesReview), which the CRUD mock does not answer:
        // it answers as an API server would for the chart's Role.
        server.expect().post().withPath("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews").andReturn(201,
                new SelfSubjectRulesReviewBuilder().withNewSpec().withNamespace(LEASE_NAMESPACE).endSpec().withNewStatus()
                        .addNewResourceRule().withApiGroups("coordination.k8s.io").withResources("leases")
                        .withVerbs("get", "list", "watch", "create", "update", "patch").endResourceRule()
                        .withIncomplete(false).endStatus().build()).always();
    }

    @AfterEach
    void stop() {
        if (operator != null) {
            operator.close();
        }
    }

    @Test
    void aRunningOperatorClosedAsBySigtermStopsItsCycleRecordsItAndReleasesItsLease() throws Exception {
        String namespace = "sigterm";
        String lease = "manybot-sigterm";
        Path remote = OperatorFixtures.exampleRepository(temp);
        String before = head(remote);
        operator = leaderElecting(lease);
        operator.start();
        create(namespace, resourcesWithWaitingExecutor(remote));
        Lease held = awaitHolder(lease);
        assertEquals(operator.leadership().identity(), held.getSpec().getHolderIdentity(), "the operator holds the Lease");
        OperatorFixtures.await("the cycle's executor runs", () -> Files.exists(temp.resolve("started")) ? true : null);
        WorkCycleResource running = cycles(namespace).get(0);
        assertEquals(operator.leadership().identity(), running.getSpec().leader, "the cycle records who started it");
        assertEquals(held.getSpec().getLeaseTransitions() == null ? 0 : held.getSpec().getLeaseTransitions(), running.getSpec().leaseTransitions);

        // SIGTERM runs close() (the application's one shutdown hook); the executor then finishes its step.
        CompletableFuture<Void> closing = CompletableFuture.runAsync(operator::close);
        Files.writeString(temp.resolve("go"), "go");
        closing.get(60, TimeUnit.SECONDS);

        WorkCycleResource closed = client.resources(WorkCycleResource.class).inNamespace(namespace).withName(running.getMetadata().getName()).get();
        assertNotNull(closed.getStatus().outcome, "the stopped cycle is recorded");
        assertEquals("DONE", closed.getStatus().phase);
        assertNotEquals("LANDED", closed.getStatus().outcome, String.valueOf(closed.getStatus().error));
        assertEquals(before, head(remote), "nothing was pushed after the stop");
        Lease released = client.leases().inNamespace(LEASE_NAMESPACE).withName(lease).get();
        assertNull(released.getSpec().getHolderIdentity(), "the Lease is given up: the next replica leads at once");
        assertFalse(operator.leadership().leading());
    }

    @Test
    void aLeaseTakenByAnotherIdentityStopsReconcilesAndCycleStartsAndTheOldLeadersCycleDoesNotLand() throws Exception {
        String namespace = "splitbrain";
        String lease = "manybot-splitbrain";
        Path remote = OperatorFixtures.exampleRepository(temp);
        String before = head(remote);
        operator = leaderElecting(lease);
        CountDownLatch lost = new CountDownLatch(1);
        operator.onLeadershipLost(lost::countDown);
        operator.start();
        create(namespace, resourcesWithWaitingExecutor(remote));
        awaitHolder(lease);
        OperatorFixtures.await("the cycle's executor runs", () -> Files.exists(temp.resolve("started")) ? true : null);
        String cycle = cycles(namespace).get(0).getMetadata().getName();

        // Another replica takes the Lease (as after an API-server restart the old leader failed to renew).
        client.leases().inNamespace(LEASE_NAMESPACE).withName(lease).edit(l -> {
            l.getSpec().setHolderIdentity("other-replica");
            l.getSpec().setLeaseTransitions((l.getSpec().getLeaseTransitions() == null ? 0 : l.getSpec().getLeaseTransitions()) + 1);
            l.getSpec().setLeaseDurationSeconds(3600);
            l.getSpec().setRenewTime(ZonedDateTime.now());
            return l;
        });
        // The old leader's executor finishes its step at once: whether the cycle then meets the stop at a phase
        // boundary or the fence before its push, what it landed on its mirror never reaches the remote.
        Files.writeString(temp.resolve("go"), "go");
        WorkCycleResource done = OperatorFixtures.await("the old leader's cycle ends", () -> {
            WorkCycleResource c = client.resources(WorkCycleResource.class).inNamespace(namespace).withName(cycle).get();
            return c.getStatus() != null && c.getStatus().outcome != null ? c : null;
        });
        assertTrue(List.of("INTERRUPTED", "ABANDONED").contains(done.getStatus().outcome), done.getStatus().outcome + ": " + done.getStatus().error);
        assertTrue(done.getStatus().error.contains("other-replica") || done.getStatus().error.contains("no longer leads"),
                done.getStatus().error);
        assertEquals(before, head(remote), "the cycle of a replica that no longer leads did not land");
        assertTrue(lost.await(60, TimeUnit.SECONDS), "the operator noticed it lost the Lease");
        assertFalse(operator.leadership().leading());

        // A reconcile request and a trigger now: the reconciler runs (its timer counts it) but neither starts a cycle nor writes status.
        var reconciles = operator.metrics().reconcileTimer("manybot");
        long counted = reconciles.count();
        operator.trigger(namespace, "format-bot", "after the loss");
        client.resources(ManybotResource.class).inNamespace(namespace).withName("format-bot").edit(b -> {
            b.getMetadata().getAnnotations().put(ManybotResource.RECONCILE_REQUESTED_AT, "2026-12-06T08:00:00Z");
            return b;
        });
        OperatorFixtures.await("the reconciler ran again", () -> reconciles.count() > counted ? true : null);
        assertEquals(1, cycles(namespace).size(), "no cycle started without the Lease");
        assertNotEquals("2026-12-06T08:00:00Z", client.resources(ManybotResource.class).inNamespace(namespace).withName("format-bot").get()
                .getStatus().lastHandledReconcileAt, "a replica that does not lead writes no status");
        assertEquals(List.of("after the loss"), operator.pendingTriggers(namespace, "format-bot"), "the trigger waits for the leader");
    }

    private ManybotOperator leaderElecting(String lease) {
        OperatorSettings plain = OperatorFixtures.settings(temp, ManybotSpec.RunnerMode.IN_PROCESS);
        OperatorSettings settings = new OperatorSettings(plain.namespaces(), true, lease, LEASE_NAMESPACE, plain.runnerMode(),
                plain.runnerImage(), plain.runnerCpu(), plain.runnerMemory(), plain.runnerDeadline(), plain.stateDirectory(), plain.fetchInterval(),
                plain.workers(), plain.serviceAccount(), null, null, null, Map.of(), null, null);
        return new ManybotOperator(client, settings, Clock.systemUTC(), false);
    }

    private List<HasMetadata> resourcesWithWaitingExecutor(Path remote) throws Exception {
        return OperatorFixtures.withWaitingExecutor(OperatorFixtures.exampleResources(temp, remote), temp);
    }

    private static Lease awaitHolder(String lease) throws InterruptedException {
        return OperatorFixtures.await("the operator holds Lease " + lease, () -> {
            Lease l = client.leases().inNamespace(LEASE_NAMESPACE).withName(lease).get();
            return l != null && l.getSpec() != null && l.getSpec().getHolderIdentity() != null ? l : null;
        });
    }

    private static void create(String namespace, List<HasMetadata> resources) {
        for (HasMetadata resource : resources) {
            client.resource(resource).inNamespace(namespace).create();
        }
    }

    private static List<WorkCycleResource> cycles(String namespace) {
        return client.resources(WorkCycleResource.class).inNamespace(namespace).list().getItems();
    }

    private static String head(Path bare) throws Exception {
        try (Git git = Git.open(bare.toFile())) {
            return git.getRepository().resolve(Constants.R_HEADS + "main").name();
        }
    }
}
