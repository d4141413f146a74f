package io.manybot.cluster.operator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.manybot.cluster.chart.ArgoHealth;
import io.manybot.cluster.resource.Conditions;
import io.manybot.cluster.resource.GoalResource;
import io.manybot.cluster.resource.ManybotResource;
import io.manybot.cluster.resource.ManybotSpec;
import io.manybot.cluster.resource.SubscriptionResource;
import io.manybot.cluster.resource.SubscriptionSpec;
import io.manybot.cluster.resource.WorkCycleResource;
import io.manybot.testing.GitRepos;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a user of the cluster home sees on the fabric8 mock API server (CRUD mode, server-side apply
 * off): runner Jobs, deletion, a broken spec, suspend, forced reconciles and Subscription counts.
 * Every status checked here is also read by the chart's Argo CD health scripts (LuaJ).
 */
@EnableKubernetesMockClient(crud = true)
class OperatorBehaviourTest {
    static KubernetesClient client;
    static KubernetesMockServer server;

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
    void jobModeStartsARunnerJobOwnedByItsWorkCycleAndDeletingTheBotRemovesBoth() throws Exception {
        String namespace = "jobs";
        Path remote = OperatorFixtures.exampleRepository(temp);
        start(ManybotSpec.RunnerMode.JOB);
        create(namespace, OperatorFixtures.exampleResources(temp, remote));

        WorkCycleResource cycle = awaitRunnerJobCycle(namespace);
        assertEquals("format-bot", cycle.getMetadata().getOwnerReferences().get(0).getName());
        assertEquals("Pending", cycle.getStatus().phase);
        assertEquals(ArgoHealth.PROGRESSING, ArgoHealth.assess(cycle).status(), "a pending cycle is progressing");

        Job job = client.batch().v1().jobs().inNamespace(namespace).withName(cycle.getStatus().job).get();
        assertNotNull(job, "the runner Job exists");
        assertNotNull(client.configMaps().inNamespace(namespace).withName(io.manybot.cluster.review.ConfigMapProposals.NAME).get(),
                "the operator made the ConfigMap the runner keeps pull requests in (a runner creates nothing)");
        OwnerReference owner = job.getMetadata().getOwnerReferences().get(0);
        assertEquals("WorkCycle", owner.getKind());
        assertEquals(cycle.getMetadata().getName(), owner.getName());
        assertEquals(cycle.getMetadata().getUid(), owner.getUid());
        assertTrue(owner.getController());
        var container = job.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertEquals("manybot:test", container.getImage());
        var pod = job.getSpec().getTemplate().getSpec();
        assertEquals("RuntimeDefault", pod.getSecurityContext().getSeccompProfile().getType(), "the runner pod is the agent CLIs' sandbox");
        assertTrue(pod.getSecurityContext().getRunAsNonRoot());
        assertTrue(container.getSecurityContext().getReadOnlyRootFilesystem());
        assertEquals(List.of("ALL"), container.getSecurityContext().getCapabilities().getDrop());
        assertTrue(container.getVolumeMounts().stream().anyMatch(mount -> mount.getMountPath().equals("/tmp")), "a writable /tmp for HOMEs");
        assertEquals(List.of("cycle", "--namespace", namespace, "--workcycle", cycle.getMetadata().getName()), container.getArgs());
        assertEquals(Map.of("cpu", new Quantity("1"), "memory", new Quantity("1Gi")), container.getResources().getLimits());
        assertEquals(Map.of("cpu", new Quantity("1"), "memory", new Quantity("1Gi")), container.getResources().getRequests());
        var openai = container.getEnv().stream().filter(e -> e.getName().equals("OPENAI_API_KEY")).findFirst().orElseThrow();
        assertEquals("manybot-openai", openai.getValueFrom().getSecretKeyRef().getName(), "the provider key comes from its Secret");
        assertNull(openai.getValue(), "never as a literal value");
        assertEquals(0, job.getSpec().getBackoffLimit(), "a failed cycle is recorded, not retried");
        assertTrue(job.getSpec().getActiveDeadlineSeconds() > 0 && job.getSpec().getActiveDeadlineSeconds() <= 3600,
                "deadline " + job.getSpec().getActiveDeadlineSeconds());
        assertEquals("Never", job.getSpec().getTemplate().getSpec().getRestartPolicy());
        assertEquals("manybot", job.getSpec().getTemplate().getSpec().getServiceAccountName());

        ManybotResource bot = OperatorFixtures.await("format-bot shows its running cycle", () -> {
            ManybotResource b = bot(namespace, "format-bot");
            return b.getStatus() != null && "Running".equals(b.getStatus().phase) ? b : null;
        });
        assertTrue(Conditions.isTrue(bot.getStatus().conditions, Conditions.READY));
        assertEquals(cycle.getMetadata().getName(), bot.getStatus().lastCycle.name);
        assertEquals(ArgoHealth.HEALTHY, ArgoHealth.assess(bot).status(), ArgoHealth.assess(bot).message());

        // The runner pod hits its deadline: the cycle is closed as FAILED with the Job's reason, not left running.
        job.setStatus(new io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder().withFailed(1)
                .addNewCondition().withType("Failed").withStatus("True").withReason("DeadlineExceeded")
                .withMessage("Job was active longer than specified deadline").endCondition().build());
        client.batch().v1().jobs().inNamespace(namespace).resource(job).updateStatus();
        WorkCycleResource failed = OperatorFixtures.await("the cycle of the failed Job is closed", () -> {
            WorkCycleResource c = client.resources(WorkCycleResource.class).inNamespace(namespace).withName(cycle.getMetadata().getName()).get();
            return c.getStatus().outcome != null ? c : null;
        });
        assertEquals("FAILED", failed.getStatus().outcome);
        assertTrue(failed.getStatus().error.contains("DeadlineExceeded"), failed.getStatus().error);
        assertEquals(ArgoHealth.DEGRADED, ArgoHealth.assess(failed).status());
        OperatorFixtures.await("a CycleFailed Event", () -> events(namespace, "format-bot").stream()
                .filter(e -> "CycleFailed".equals(e.getReason())).findFirst().orElse(null));
        bot = OperatorFixtures.await("the bot counts the failure", () -> {
            ManybotResource b = bot(namespace, "format-bot");
            return b.getStatus().consecutiveFailures != null && b.getStatus().consecutiveFailures == 1 ? b : null;
        });

        client.resource(bot).delete();
        OperatorFixtures.await("the bot, its WorkCycles and its Jobs are gone", () ->
                bot(namespace, "format-bot") == null && cycles(namespace, "format-bot").isEmpty()
                        && client.batch().v1().jobs().inNamespace(namespace).list().getItems().isEmpty() ? true : null);
    }

    @Test
    void aPauseAsksTheRunnerPodToStopItsCycleAtTheNextPhaseBoundaryAndAResumeWithdrawsTheRequest() throws Exception {
        String namespace = "jobpause";
        Path remote = OperatorFixtures.exampleRepository(temp);
        start(ManybotSpec.RunnerMode.JOB);
        create(namespace, OperatorFixtures.exampleResources(temp, remote));
        WorkCycleResource cycle = awaitRunnerJobCycle(namespace);
        String name = cycle.getMetadata().getName();

        setPaused(namespace, "api:alice at 2026-11-24T12:00:00Z");
        String requested = OperatorFixtures.await("the operator asks the runner pod to stop", () -> stopRequested(namespace, name));
        assertTrue(requested.startsWith("a pause through the API (api:alice"), requested);
        setPaused(namespace, null);
        OperatorFixtures.await("the resume withdraws the request", () -> stopRequested(namespace, name) == null ? true : null);

        setPaused(namespace, "api:alice at 2026-11-24T12:05:00Z");
        OperatorFixtures.await("asked again", () -> stopRequested(namespace, name));
        // What the runner pod (manybot cycle --namespace NS --workcycle NAME) does, with a state directory of its own.
        io.manybot.core.cycle.WorkCycle result = io.manybot.cluster.cycle.RunnerPod.run(client,
                OperatorFixtures.settings(temp.resolve("pod"), ManybotSpec.RunnerMode.JOB), namespace, name, () -> false,
                new io.manybot.core.secret.SecretRedactor(), Clock.systemUTC(), false);
        assertEquals(io.manybot.core.cycle.CycleOutcome.ABANDONED, result.outcome(), String.valueOf(result.error()));
        assertTrue(result.error().contains("a pause through the API (api:alice at 2026-11-24T12:05:00Z)"), result.error());
        WorkCycleResource closed = client.resources(WorkCycleResource.class).inNamespace(namespace).withName(name).get();
        assertEquals("ABANDONED", closed.getStatus().outcome);
        assertNull(closed.getStatus().landedCommit, "nothing landed");
    }

    private static WorkCycleResource awaitRunnerJobCycle(String namespace) throws InterruptedException {
        return OperatorFixtures.await("a WorkCycle with its runner Job", () -> cycles(namespace, "format-bot").stream()
                .filter(c -> c.getStatus() != null && c.getStatus().job != null).findFirst().orElse(null));
    }

    private static void setPaused(String namespace, String value) {
        annotate(namespace, "format-bot", ManybotResource.PAUSED, value);
    }

    /** Sets (null: removes) an annotation of a Manybot by a merge patch, as the API does. */
    private static void annotate(String namespace, String bot, String key, String value) {
        mergePatch(namespace, bot, "{\"metadata\":{\"annotations\":{\"" + key + "\":" + (value == null ? "null" : "\"" + value + "\"") + "}}}");
    }

    /**
     * A JSON merge patch of a Manybot, as kubectl and the API make them: unlike an edit, it carries no
     * resourceVersion, so it cannot conflict with the operator's status writes.
     */
    private static void mergePatch(String namespace, String bot, String patch) {
        client.resources(ManybotResource.class).inNamespace(namespace).withName(bot).patch(
                io.fabric8.kubernetes.client.dsl.base.PatchContext.of(io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE), patch);
    }

    private static String stopRequested(String namespace, String workCycle) {
        Map<String, String> annotations = client.resources(WorkCycleResource.class).inNamespace(namespace).withName(workCycle).get()
                .getMetadata().getAnnotations();
        return annotations == null ? null : annotations.get(WorkCycleResource.STOP_REQUESTED);
    }

    @Test
    void aBrokenSpecStallsWithItsMessageWhileSuspendAndReconcileRequestsWorkOnAnotherBot() throws Exception {
        String namespace = "broken";
        Path remote = OperatorFixtures.exampleRepository(temp);
        start(ManybotSpec.RunnerMode.JOB);
        List<HasMetadata> resources = OperatorFixtures.exampleResources(temp, remote);
        ManybotResource good = (ManybotResource) resources.stream().filter(ManybotResource.class::isInstance).findFirst().orElseThrow();
        good.getSpec().suspend = true;
        ManybotResource broken = copy(good, "broken-bot");
        broken.getSpec().suspend = null;
        broken.getSpec().executor.command = null;
        resources.add(broken);
        create(namespace, resources);

        ManybotResource stalled = OperatorFixtures.await("broken-bot is stalled", () -> {
            ManybotResource b = bot(namespace, "broken-bot");
            return b.getStatus() != null && Conditions.isTrue(b.getStatus().conditions, Conditions.STALLED) ? b : null;
        });
        String message = Conditions.find(stalled.getStatus().conditions, Conditions.STALLED).getMessage();
        assertTrue(message.contains("Manybot broken/broken-bot") && message.contains("executor"), message);
        assertFalse(Conditions.isTrue(stalled.getStatus().conditions, Conditions.READY));
        assertEquals("Stalled", stalled.getStatus().phase);
        ArgoHealth.Health health = ArgoHealth.assess(stalled);
        assertEquals(ArgoHealth.DEGRADED, health.status());
        assertEquals(message, health.message(), "Argo CD shows the same message");
        // kubectl describe tells why (the Event may follow the status)
        OperatorFixtures.await("an InvalidSpec Warning naming the executor", () -> events(namespace, "broken-bot").stream()
                .filter(e -> "Warning".equals(e.getType()) && "InvalidSpec".equals(e.getReason()) && e.getMessage().contains("executor"))
                .findFirst().orElse(null));
        assertTrue(cycles(namespace, "broken-bot").isEmpty(), "a stalled bot starts no cycle");

        ManybotResource suspended = OperatorFixtures.await("format-bot is suspended", () -> {
            ManybotResource b = bot(namespace, "format-bot");
            return b.getStatus() != null && "Suspended".equals(b.getStatus().phase) ? b : null;
        });
        assertEquals(ArgoHealth.SUSPENDED, ArgoHealth.assess(suspended).status());
        assertTrue(cycles(namespace, "format-bot").isEmpty(), "a suspended bot starts no cycle");
        assertNull(suspended.getStatus().lastHandledReconcileAt);

        String requestedAt = "2026-11-24T18:00:00Z";
        annotate(namespace, "format-bot", ManybotResource.RECONCILE_REQUESTED_AT, requestedAt);
        OperatorFixtures.await("the request is echoed", () -> requestedAt.equals(bot(namespace, "format-bot").getStatus().lastHandledReconcileAt)
                ? true : null);
        assertEquals(1L, bot(namespace, "format-bot").getMetadata().getGeneration(), "the operator never wrote spec");

        mergePatch(namespace, "format-bot", "{\"spec\":{\"suspend\":false}}");
        OperatorFixtures.await("resumed, format-bot starts a cycle", () -> cycles(namespace, "format-bot").isEmpty() ? null : true);

        mergePatch(namespace, "broken-bot", "{\"spec\":{\"executor\":{\"command\":[\"python3\",\"scripts/fix_format.py\"]}}}");
        ManybotResource mended = OperatorFixtures.await("the mended bot is no longer stalled", () -> {
            ManybotResource b = bot(namespace, "broken-bot");
            return b.getStatus() != null && !Conditions.isTrue(b.getStatus().conditions, Conditions.STALLED)
                    && Conditions.isTrue(b.getStatus().conditions, Conditions.READY) ? b : null;
        });
        assertEquals(2L, mended.getStatus().observedGeneration);
    }

    @Test
    void anInvalidCronStallsItsSubscriptionWithTheLocatedMessageAndAnEventWhileItsBotKeepsWorking() throws Exception {
        String namespace = "badcron";
        Path remote = OperatorFixtures.exampleRepository(temp);
        List<HasMetadata> resources = OperatorFixtures.exampleResources(temp, remote);
        SubscriptionResource nightly = resources.stream().filter(SubscriptionResource.class::isInstance).map(SubscriptionResource.class::cast)
                .filter(s -> s.getMetadata().getName().equals("format-bot-nightly")).findFirst().orElseThrow();
        nightly.getSpec().schedule = "61 25 * * *";
        start(ManybotSpec.RunnerMode.IN_PROCESS);
        create(namespace, resources);

        SubscriptionResource stalled = OperatorFixtures.await("the Subscription with the invalid cron is stalled", () -> {
            SubscriptionResource s = client.resources(SubscriptionResource.class).inNamespace(namespace).withName("format-bot-nightly").get();
            return s.getStatus() != null && Conditions.isTrue(s.getStatus().conditions, Conditions.STALLED) ? s : null;
        });
        String message = Conditions.find(stalled.getStatus().conditions, Conditions.STALLED).getMessage();
        assertTrue(message.contains("Subscription badcron/format-bot-nightly") && message.contains("spec.schedule")
                && message.contains("61 25 * * *"), message);
        assertEquals(ArgoHealth.DEGRADED, ArgoHealth.assess(stalled).status());
        OperatorFixtures.await("kubectl describe subscription tells why", () -> events(namespace, "format-bot-nightly").stream()
                .anyMatch(e -> "Warning".equals(e.getType()) && "InvalidSpec".equals(e.getReason()) && e.getMessage().contains("spec.schedule"))
                ? true : null);
        assertTrue(operator.routes().of(namespace, "format-bot").stream().noneMatch(s -> s.name().equals("format-bot-nightly")),
                "the broken route is not registered");

        // Its bot works on: its first cycle lands, and a reconcile request is handled.
        OperatorFixtures.await("format-bot's first cycle finishes", () -> cycles(namespace, "format-bot").stream()
                .anyMatch(c -> c.getStatus() != null && c.getStatus().outcome != null) ? true : null);
        String requestedAt = "2026-12-06T07:00:00Z";
        annotate(namespace, "format-bot", ManybotResource.RECONCILE_REQUESTED_AT, requestedAt);
        ManybotResource bot = OperatorFixtures.await("the bot handles the request", () -> {
            ManybotResource b = bot(namespace, "format-bot");
            return requestedAt.equals(b.getStatus().lastHandledReconcileAt) ? b : null;
        });
        assertFalse(Conditions.isTrue(bot.getStatus().conditions, Conditions.STALLED), "the bot is not stalled by its Subscription");

        // Mended, the Subscription is registered again and shows its next run.
        client.resources(SubscriptionResource.class).inNamespace(namespace).withName("format-bot-nightly").patch(
                io.fabric8.kubernetes.client.dsl.base.PatchContext.of(io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE),
                "{\"spec\":{\"schedule\":\"30 2 * * 1-5\"}}");
        SubscriptionResource mended = OperatorFixtures.await("the mended Subscription is ready", () -> {
            SubscriptionResource s = client.resources(SubscriptionResource.class).inNamespace(namespace).withName("format-bot-nightly").get();
            return s.getStatus() != null && !Conditions.isTrue(s.getStatus().conditions, Conditions.STALLED) && s.getStatus().nextRun != null ? s : null;
        });
        assertNotNull(mended.getStatus().nextRun);
    }

    @Test
    void aPushMatchingASubscriptionStartsACycleOnAForcedReconcileAndIsCountedInItsStatus() throws Exception {
        String namespace = "subs";
        Path remote = OperatorFixtures.exampleRepository(temp);
        start(ManybotSpec.RunnerMode.IN_PROCESS);
        List<HasMetadata> resources = OperatorFixtures.exampleResources(temp, remote);
        SubscriptionResource docs = new SubscriptionResource();
        docs.getMetadata().setName("format-bot-on-docs");
        docs.setSpec(new SubscriptionSpec());
        docs.getSpec().bot = "format-bot";
        docs.getSpec().trigger = SubscriptionSpec.Trigger.PUSH;
        docs.getSpec().paths = List.of("docs/**");
        resources.add(docs);
        create(namespace, resources);

        OperatorFixtures.await("format-bot has landed its first cycle and is idle", () -> {
            ManybotResource b = bot(namespace, "format-bot");
            return b.getStatus() != null && b.getStatus().lastCycle != null && "LANDED".equals(b.getStatus().lastCycle.outcome)
                    && "Idle".equals(b.getStatus().phase) ? b : null;
        });
        SubscriptionResource registered = client.resources(SubscriptionResource.class).inNamespace(namespace).withName("format-bot-on-docs").get();
        assertTrue(Conditions.isTrue(registered.getStatus().conditions, Conditions.READY));
        assertNull(registered.getStatus().triggerCount, "nothing matched it yet");
        assertEquals(ArgoHealth.HEALTHY, ArgoHealth.assess(registered).status());

        pushAsAlice(remote, "docs/guide.md", "# Guide\n");
        String requestedAt = "2026-11-24T19:00:00Z";
        annotate(namespace, "format-bot", ManybotResource.RECONCILE_REQUESTED_AT, requestedAt);

        SubscriptionResource counted = OperatorFixtures.await("the subscription counts the cycle it started", () -> {
            SubscriptionResource s = client.resources(SubscriptionResource.class).inNamespace(namespace).withName("format-bot-on-docs").get();
            return s.getStatus() != null && s.getStatus().triggerCount != null ? s : null;
        });
        assertEquals(1L, counted.getStatus().triggerCount);
        assertNotNull(counted.getStatus().lastTriggered);
        assertTrue(Conditions.isTrue(counted.getStatus().conditions, Conditions.READY), "the reconciler's own fields stay");
        assertTrue(cycles(namespace, "format-bot").stream().anyMatch(c -> c.getSpec().trigger.contains("matched subscription format-bot-on-docs")),
                "the second cycle says why it started");
        assertEquals(requestedAt, bot(namespace, "format-bot").getStatus().lastHandledReconcileAt);

        // The Subscription's own reconciler runs again and keeps the count the Manybot reconciler wrote.
        client.resources(SubscriptionResource.class).inNamespace(namespace).withName("format-bot-on-docs").patch(
                io.fabric8.kubernetes.client.dsl.base.PatchContext.of(io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE),
                "{\"metadata\":{\"annotations\":{\"" + ManybotResource.RECONCILE_REQUESTED_AT + "\":\"" + requestedAt + "\"}}}");
        SubscriptionResource again = OperatorFixtures.await("the subscription handled the request", () -> {
            SubscriptionResource sub = client.resources(SubscriptionResource.class).inNamespace(namespace).withName("format-bot-on-docs").get();
            return requestedAt.equals(sub.getStatus().lastHandledReconcileAt) ? sub : null;
        });
        assertEquals(1L, again.getStatus().triggerCount, "the count survives the other writer");
        assertEquals(counted.getStatus().lastTriggered, again.getStatus().lastTriggered);
    }

    @Test
    void aTriggerFromOutsideStartsACycleOfAnIdleTriggeredBotWithThatReason() throws Exception {
        String namespace = "triggered";
        Path remote = OperatorFixtures.exampleRepository(temp);
        start(ManybotSpec.RunnerMode.IN_PROCESS);
        create(namespace, OperatorFixtures.exampleResources(temp, remote));
        OperatorFixtures.await("format-bot has finished its first cycle and is idle", () -> {
            ManybotResource b = bot(namespace, "format-bot");
            return b.getStatus() != null && b.getStatus().lastCycle != null && b.getStatus().lastCycle.outcome != null
                    && "Idle".equals(b.getStatus().phase) ? b : null;
        });
        assertEquals(1, cycles(namespace, "format-bot").size());

        operator.trigger(namespace, "format-bot", "webhook: push to main");

        WorkCycleResource started = OperatorFixtures.await("a cycle started for the trigger", () -> cycles(namespace, "format-bot").stream()
                .filter(c -> "webhook: push to main".equals(c.getSpec().trigger)).findFirst().orElse(null));
        assertEquals("format-bot", started.getSpec().bot);
        assertTrue(operator.pendingTriggers(namespace, "format-bot").isEmpty(), "the reason was taken");
    }

    @Test
    void aCycleLeftRunningByAnEarlierOperatorIsClosedAsInterrupted() throws Exception {
        String namespace = "orphans";
        Path remote = OperatorFixtures.exampleRepository(temp);
        List<HasMetadata> resources = OperatorFixtures.exampleResources(temp, remote);
        create(namespace, resources);
        ManybotResource bot = bot(namespace, "format-bot");
        // What an operator that died mid-cycle leaves: a WorkCycle with no outcome, run in-process.
        WorkCycleResource orphan = new WorkCycleResource();
        orphan.getMetadata().setName("format-bot-20261124t000000-0001");
        orphan.getMetadata().setLabels(Map.of(WorkCycleResource.BOT_LABEL, "format-bot", WorkCycleResource.CYCLE_LABEL, "20261124t000000-0001"));
        orphan.getMetadata().setOwnerReferences(List.of(new io.fabric8.kubernetes.api.model.OwnerReferenceBuilder()
                .withApiVersion(bot.getApiVersion()).withKind(bot.getKind()).withName("format-bot").withUid(bot.getMetadata().getUid())
                .withController(true).build()));
        orphan.setSpec(new io.manybot.cluster.resource.WorkCycleSpec());
        orphan.getSpec().bot = "format-bot";
        orphan.getSpec().cycleId = "20261124t000000-0001";
        orphan.getSpec().trigger = "start";
        orphan.getSpec().runner = ManybotSpec.RunnerMode.IN_PROCESS;
        WorkCycleResource created = client.resource(orphan).inNamespace(namespace).create();
        created.setStatus(new io.manybot.cluster.resource.WorkCycleStatus());
        created.getStatus().phase = "EXECUTE";
        client.resource(created).updateStatus();

        start(ManybotSpec.RunnerMode.IN_PROCESS);
        WorkCycleResource closed = OperatorFixtures.await("the orphan is closed", () -> {
            WorkCycleResource c = client.resources(WorkCycleResource.class).inNamespace(namespace).withName(orphan.getMetadata().getName()).get();
            return c.getStatus().outcome != null ? c : null;
        });
        assertEquals("INTERRUPTED", closed.getStatus().outcome);
        assertEquals("DONE", closed.getStatus().phase, "a closed cycle shows PHASE DONE like every finished one");
        assertTrue(closed.getStatus().error.contains("stopped"), closed.getStatus().error);
        // the Event is written after the WorkCycle's status: wait for it rather than read once
        OperatorFixtures.await("a CycleInterrupted Event", () -> events(namespace, "format-bot").stream()
                .filter(e -> "CycleInterrupted".equals(e.getReason())).findFirst().orElse(null));
        OperatorFixtures.await("the bot no longer waits for it", () -> {
            ManybotResource b = bot(namespace, "format-bot");
            return b.getStatus() != null && !"Running".equals(b.getStatus().phase) && b.getStatus().phase != null ? b : null;
        });
    }

    @Test
    void withLeaderElectionTheOperatorHoldsItsLeaseBeforeItReconciles() throws Exception {
        String namespace = "leader";
        Path remote = OperatorFixtures.exampleRepository(temp);
        OperatorSettings plain = OperatorFixtures.settings(temp, ManybotSpec.RunnerMode.JOB);
        OperatorSettings settings = new OperatorSettings(plain.namespaces(), true, "manybot-operator", "manybot", plain.runnerMode(),
                plain.runnerImage(), plain.runnerCpu(), plain.runnerMemory(), plain.runnerDeadline(), plain.stateDirectory(), plain.fetchInterval(),
                plain.workers(), plain.serviceAccount(), null, null, null, Map.of(), null, null);
        // JOSDK first asks whether it may use Leases (SelfSubjectRulesReview), which the CRUD mock does not answer:
        // it answers as an API server would for the chart's Role.
        server.expect().post().withPath("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews").andReturn(201,
                new SelfSubjectRulesReviewBuilder().withNewSpec().withNamespace("manybot").endSpec().withNewStatus()
                        .addNewResourceRule().withApiGroups("coordination.k8s.io").withResources("leases")
                        .withVerbs("get", "list", "watch", "create", "update", "patch").endResourceRule()
                        .withIncomplete(false).endStatus().build()).always();
        operator = new ManybotOperator(client, settings, Clock.systemUTC(), false);
        operator.start();
        create(namespace, OperatorFixtures.exampleResources(temp, remote));

        OperatorFixtures.await("format-bot is reconciled by the leader", () -> {
            ManybotResource b = bot(namespace, "format-bot");
            return b != null && b.getStatus() != null && "Running".equals(b.getStatus().phase) ? b : null;
        });
        var lease = client.leases().inNamespace("manybot").withName("manybot-operator").get();
        assertNotNull(lease, "the Lease exists");
        assertNotNull(lease.getSpec().getHolderIdentity(), "and has a holder");
    }

    private void start(ManybotSpec.RunnerMode mode) {
        operator = new ManybotOperator(client, OperatorFixtures.settings(temp, mode), Clock.systemUTC(), false);
        operator.start();
    }

    private static void create(String namespace, List<HasMetadata> resources) {
        for (HasMetadata resource : resources) {
            client.resource(resource).inNamespace(namespace).create();
        }
    }

    private static ManybotResource bot(String namespace, String name) {
        return client.resources(ManybotResource.class).inNamespace(namespace).withName(name).get();
    }

    private static List<WorkCycleResource> cycles(String namespace, String bot) {
        return client.resources(WorkCycleResource.class).inNamespace(namespace).withLabel(WorkCycleResource.BOT_LABEL, bot).list().getItems();
    }

    private static List<Event> events(String namespace, String about) {
        return client.v1().events().inNamespace(namespace).list().getItems().stream()
                .filter(e -> about.equals(e.getInvolvedObject().getName())).toList();
    }

    /** What {@code kubectl annotate manybot NAME manybot.io/reconcile-requested-at=...} does. */
    private static ManybotResource copy(ManybotResource bot, String name) {
        ManybotResource copy = io.fabric8.kubernetes.client.utils.Serialization.clone(bot);
        copy.getMetadata().setName(name);
        return copy;
    }

    /** Someone else's commit, pushed to the remote the bots work on. */
    private void pushAsAlice(Path remote, String path, String content) throws Exception {
        Path clone = temp.resolve("alice");
        try (Git git = Git.cloneRepository().setURI(remote.toUri().toString()).setDirectory(clone.toFile()).call()) {
            GitRepos.write(clone, Map.of(path, content));
            git.add().addFilepattern(".").call();
            PersonIdent alice = new PersonIdent("Alice", "alice@example.com");
            git.commit().setMessage("Add the guide").setAuthor(alice).setCommitter(alice).call();
            git.push().call();
        }
    }
}
