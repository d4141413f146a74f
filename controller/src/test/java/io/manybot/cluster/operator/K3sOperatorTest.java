package io.manybot.cluster.operator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.manybot.cluster.resource.Conditions;
import io.manybot.cluster.resource.GoalResource;
import io.manybot.cluster.resource.ManybotResource;
import io.manybot.cluster.resource.ManybotSpec;
import io.manybot.cluster.resource.WorkCycleResource;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.k3s.K3sContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The operator flow of {@link OperatorEndToEndTest} on a real API server (K3s in a container) with
 * server-side apply on, as in production, plus the checked-in CRDs' validation as a real API server
 * enforces it (OpenAPI schema and CEL rules; the fabric8 mock enforces neither).
 *
 * <p>Needs a Docker engine; without one every test here is skipped (not failed) after a quick probe.
 * The container is started by hand after that probe, never by {@code @Container} injection, so that
 * a machine without Docker skips instead of failing in the extension.
 */
@Tag("k3s")
class K3sOperatorTest {
    static final DockerImageName K3S_IMAGE = DockerImageName.parse("rancher/k3s:v1.31.4-k3s1");
    static final String NO_DOCKER = "K3sOperatorTest needs a Docker engine (none found): the operator flow with server-side apply"
            + " on a real API server runs only where Docker exists";
    static final String NAMESPACE = "shop";

    private static K3sContainer k3s;
    private static KubernetesClient client;

    @TempDir
    Path temp;

    private ManybotOperator operator;

    /**
     * Starts K3s once for the class where a Docker engine answers; elsewhere leaves {@link #client} null so
     * that {@link #needsDocker()} skips each test with {@link #NO_DOCKER} (an assumption failing here, in
     * {@code @BeforeAll}, would abort the class and Surefire would report no test at all, not a skip).
     */
    @BeforeAll
    static void startK3s() throws Exception {
        if (!DockerClientFactory.instance().isDockerAvailable()) {
            return;
        }
        k3s = new K3sContainer(K3S_IMAGE);
        k3s.start();
        client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(k3s.getKubeConfigYaml())).build();
        applyCrds();
        client.namespaces().resource(new NamespaceBuilder().withMetadata(new ObjectMetaBuilder().withName(NAMESPACE).build()).build())
                .serverSideApply();
    }

    @AfterAll
    static void stopK3s() {
        // Without Docker nothing was started.
        if (client != null) {
            client.close();
        }
        if (k3s != null) {
            k3s.stop();
        }
    }

    @BeforeEach
    void needsDocker() {
        Assumptions.assumeTrue(client != null, NO_DOCKER);
    }

    @AfterEach
    void stopOperator() {
        if (operator != null) {
            operator.close();
        }
    }

    /** The checked-in CRDs (repository root, crds/*.yaml) as the chart and Argo CD install them, then Established. */
    private static void applyCrds() throws Exception {
        List<Path> files;
        try (Stream<Path> listing = Files.list(Path.of("..", "crds"))) {
            files = listing.filter(p -> p.getFileName().toString().endsWith(".yaml")).sorted().toList();
        }
        assertEquals(4, files.size(), "the CRD files: " + files);
        List<String> names = new ArrayList<>();
        for (Path file : files) {
            CustomResourceDefinition crd;
            try (InputStream in = Files.newInputStream(file)) {
                crd = client.getKubernetesSerialization().unmarshal(in, CustomResourceDefinition.class);
            }
            try {
                client.resource(crd).serverSideApply();
            } catch (KubernetesClientException e) {
                throw new AssertionError("the API server refused " + file.getFileName() + " (HTTP " + e.getCode() + "): " + e.getMessage(), e);
            }
            names.add(crd.getMetadata().getName());
        }
        for (String name : names) {
            client.apiextensions().v1().customResourceDefinitions().withName(name).waitUntilCondition(crd -> crd != null
                    && crd.getStatus() != null && crd.getStatus().getConditions() != null
                    && crd.getStatus().getConditions().stream().anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus())),
                    60, TimeUnit.SECONDS);
        }
    }

    @Test
    void exampleResourcesBecomeReadyAndAnInProcessCycleLandsWithServerSideApply() throws Exception {
        Path remote = OperatorFixtures.exampleRepository(temp);
        operator = new ManybotOperator(client, OperatorFixtures.settings(temp, ManybotSpec.RunnerMode.IN_PROCESS), Clock.systemUTC(), true);
        operator.start();
        for (HasMetadata resource : OperatorFixtures.exampleResources(temp, remote)) {
            client.resource(resource).inNamespace(NAMESPACE).create();
        }

        ManybotResource format = OperatorFixtures.await("format-bot has landed a cycle", () -> {
            ManybotResource bot = client.resources(ManybotResource.class).inNamespace(NAMESPACE).withName("format-bot").get();
            return bot.getStatus() != null && bot.getStatus().lastCycle != null && "LANDED".equals(bot.getStatus().lastCycle.outcome) ? bot : null;
        });
        assertEquals("Idle", format.getStatus().phase);
        assertTrue(Conditions.isTrue(format.getStatus().conditions, Conditions.READY), format.getStatus().conditions.toString());
        assertTrue(Conditions.isTrue(format.getStatus().conditions, Conditions.REPOSITORY_READY));
        assertEquals("43%", format.getStatus().progress);

        WorkCycleResource cycle = client.resources(WorkCycleResource.class).inNamespace(NAMESPACE).withName(format.getStatus().lastCycle.name).get();
        assertEquals("format-bot", cycle.getMetadata().getOwnerReferences().get(0).getName());
        assertEquals(format.getMetadata().getUid(), cycle.getMetadata().getOwnerReferences().get(0).getUid());
        assertEquals("LANDED", cycle.getStatus().outcome);
        try (Git git = Git.open(remote.toFile())) {
            String tip = git.getRepository().resolve("refs/heads/main").name();
            assertTrue(tip.startsWith(cycle.getStatus().landedCommit),
                    "the remote's main is the landed commit " + cycle.getStatus().landedCommit + "; error: " + cycle.getStatus().error);
            assertNotNull(git.getRepository().resolve("refs/heads/" + cycle.getStatus().proposalBranch), "the proposal branch was pushed");
        }

        GoalResource goal = OperatorFixtures.await("the goal reflects the measurement", () -> {
            GoalResource g = client.resources(GoalResource.class).inNamespace(NAMESPACE).withName("no-format-faults").get();
            return g.getStatus() != null && "43%".equals(g.getStatus().progress) ? g : null;
        });
        assertTrue(Conditions.isTrue(goal.getStatus().conditions, Conditions.READY), goal.getStatus().conditions.toString());
        assertEquals(List.of("format-bot"), goal.getStatus().bots);

        // The operator wrote status only: the spec was never written (a spec write would bump the generation),
        // and the status went in by server-side apply on the status subresource.
        ManybotResource end = client.resources(ManybotResource.class).inNamespace(NAMESPACE).withName("format-bot").get();
        List<ManagedFieldsEntry> managed = end.getMetadata().getManagedFields();
        assertEquals(1L, end.getMetadata().getGeneration(), "the Manybot's generation; managed fields: " + describe(managed));
        assertTrue(managed.stream().anyMatch(m -> "Apply".equals(m.getOperation()) && "status".equals(m.getSubresource())),
                "the status was applied server-side; managed fields: " + describe(managed));
    }

    @Test
    void theApiServerRejectsInvalidManybotsNamingTheField() {
        Map<String, Object> executor = Map.of("type", "command", "command", List.of("true"));

        Map<String, Object> badMode = new LinkedHashMap<>(Map.of("goal", "no-format-faults", "mode", "sometimes", "executor", executor));
        KubernetesClientException mode = rejected("bad-mode", badMode);
        assertTrue(mode.getMessage().contains("spec.mode") && mode.getMessage().contains("sometimes"), mode.getMessage());

        Map<String, Object> noGoal = new LinkedHashMap<>(Map.of("mode", "triggered", "executor", executor));
        KubernetesClientException goal = rejected("no-goal", noGoal);
        assertTrue(goal.getMessage().contains("spec.goal") && goal.getMessage().contains("Required value"), goal.getMessage());

        // A CEL rule (x-kubernetes-validations), which only a real API server evaluates.
        Map<String, Object> noCommand = new LinkedHashMap<>(Map.of("goal", "no-format-faults", "executor", Map.of("type", "command")));
        KubernetesClientException command = rejected("no-command", noCommand);
        assertTrue(command.getMessage().contains("spec.executor")
                && command.getMessage().contains("executor.command is required when executor.type is command"), command.getMessage());
    }

    /**
     * What a user types, with the real kubectl (when installed) against K3s: {@code get/describe/annotate
     * manybot NAME} name one Manybot (the category differs from every kind's names), the category lists
     * all four kinds, and the tables print as the README shows them.
     */
    @Test
    void kubectlNamesOneManybotByItsSingularAndPrintsTheTablesAsTheReadmeShows() throws Exception {
        Assumptions.assumeTrue(kubectl("version", "--client").exitCode() == 0, "kubectl is not installed");
        Path remote = OperatorFixtures.exampleRepository(temp);
        operator = new ManybotOperator(client, OperatorFixtures.settings(temp, ManybotSpec.RunnerMode.IN_PROCESS), Clock.systemUTC(), true);
        operator.start();
        String namespace = "kubectl";
        createNamespace(namespace);
        for (HasMetadata resource : OperatorFixtures.exampleResources(temp, remote)) {
            client.resource(resource).inNamespace(namespace).create();
        }
        OperatorFixtures.await("format-bot has a status", () -> {
            ManybotResource bot = client.resources(ManybotResource.class).inNamespace(namespace).withName("format-bot").get();
            return bot.getStatus() != null && bot.getStatus().phase != null ? bot : null;
        });
        for (List<String> command : List.of(List.of("get", "manybot", "format-bot"), List.of("describe", "manybot", "format-bot"),
                List.of("annotate", "--overwrite", "manybot", "format-bot", ManybotResource.RECONCILE_REQUESTED_AT + "=2026-12-06T08:00:00Z"))) {
            List<String> args = new ArrayList<>(command);
            args.addAll(List.of("-n", namespace));
            Run run = kubectl(args.toArray(String[]::new));
            assertEquals(0, run.exitCode(), "kubectl " + String.join(" ", args) + ": " + run.output());
        }
        Run all = kubectl("get", ManybotResource.CATEGORY, "-n", namespace);
        assertEquals(0, all.exitCode(), all.output());
        assertTrue(all.output().contains("manybot.manybot.io/format-bot") && all.output().contains("goal.manybot.io/no-format-faults"), all.output());
        Run subscriptions = kubectl("get", "subscriptions", "-n", namespace);
        assertTrue(subscriptions.output().contains("[\"src/**/*.py\",\"tests/**/*.py\"]"), subscriptions.output());
    }

    @Test
    void theApiServerRefusesASubscriptionWhoseScheduleIsNoFiveFieldCron() {
        GenericKubernetesResource subscription = new GenericKubernetesResource();
        subscription.setApiVersion(ManybotResource.GROUP + "/" + ManybotResource.VERSION);
        subscription.setKind("Subscription");
        subscription.setMetadata(new ObjectMetaBuilder().withName("bad-cron").withNamespace(NAMESPACE).build());
        subscription.setAdditionalProperty("spec", Map.of("bot", "format-bot", "trigger", "schedule", "schedule", "61 25 * * *"));
        KubernetesClientException e = assertThrows(KubernetesClientException.class, () -> client
                .genericKubernetesResources(ResourceDefinitionContext.fromResourceType(io.manybot.cluster.resource.SubscriptionResource.class))
                .inNamespace(NAMESPACE).resource(subscription).create());
        assertEquals(422, e.getCode(), e.getMessage());
        assertTrue(e.getMessage().contains("spec.schedule"), e.getMessage());
    }

    /** As on the mock ({@link OperatorLeadershipTest}), with the real Lease API and WorkCycle status by server-side apply. */
    @Test
    void closingALeadingOperatorStopsItsCycleAndReleasesItsLeaseAndWorkCycleStatusIsApplied() throws Exception {
        String namespace = "leading";
        createNamespace(namespace);
        createNamespace("manybot");
        Path remote = OperatorFixtures.exampleRepository(temp);
        operator = new ManybotOperator(client, leaderElecting("manybot-k3s"), Clock.systemUTC(), true);
        operator.start();
        for (HasMetadata resource : OperatorFixtures.withWaitingExecutor(OperatorFixtures.exampleResources(temp, remote), temp)) {
            client.resource(resource).inNamespace(namespace).create();
        }
        OperatorFixtures.await("the cycle's executor runs", () -> Files.exists(temp.resolve("started")) ? true : null);
        WorkCycleResource running = client.resources(WorkCycleResource.class).inNamespace(namespace).list().getItems().get(0);
        assertEquals(operator.leadership().identity(), running.getSpec().leader);
        java.util.concurrent.CompletableFuture<Void> closing = java.util.concurrent.CompletableFuture.runAsync(operator::close);
        Files.writeString(temp.resolve("go"), "go");
        closing.get(60, TimeUnit.SECONDS);
        WorkCycleResource closed = client.resources(WorkCycleResource.class).inNamespace(namespace).withName(running.getMetadata().getName()).get();
        assertNotNull(closed.getStatus().outcome);
        assertTrue(closed.getMetadata().getManagedFields().stream().anyMatch(m -> "Apply".equals(m.getOperation())
                && "status".equals(m.getSubresource()) && "manybot".equals(m.getManager())), describe(closed.getMetadata().getManagedFields()));
        assertNull(client.leases().inNamespace("manybot").withName("manybot-k3s").get().getSpec().getHolderIdentity(), "the Lease is released");
    }

    /** A ServiceAccount the API server authenticates but RBAC grants nothing: the SubjectAccessReview says no, the API answers 403. */
    @Test
    void aTokenWithoutTheTriggerVerbGets403() throws Exception {
        String namespace = "rbac";
        createNamespace(namespace);
        client.serviceAccounts().inNamespace(namespace).resource(new io.fabric8.kubernetes.api.model.ServiceAccountBuilder()
                .withNewMetadata().withName("nobody").endMetadata().build()).create();
        String token = client.serviceAccounts().inNamespace(namespace).withName("nobody")
                .tokenRequest(new io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder().withNewSpec().withExpirationSeconds(600L)
                        .endSpec().build()).getStatus().getToken();
        Path remote = OperatorFixtures.exampleRepository(temp);
        for (HasMetadata resource : OperatorFixtures.exampleResources(temp, remote)) {
            client.resource(resource).inNamespace(namespace).create();
        }
        try (io.manybot.cluster.api.ClusterApiServer api = io.manybot.cluster.api.ClusterApiServer.start(client, namespace,
                OperatorFixtures.settings(temp, ManybotSpec.RunnerMode.IN_PROCESS), new io.manybot.cluster.api.ClusterApiSettings(List.of(), null, null))) {
            java.net.http.HttpResponse<String> reply = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(api.url() + "/api/v1/namespaces/" + namespace + "/bots/format-bot/trigger"))
                    .header("Authorization", "Bearer " + token).POST(java.net.http.HttpRequest.BodyPublishers.ofString("{}")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertEquals(403, reply.statusCode(), reply.body());
            assertTrue(reply.body().contains("system:serviceaccount:" + namespace + ":nobody"), reply.body());
        }
    }

    private OperatorSettings leaderElecting(String lease) {
        OperatorSettings plain = OperatorFixtures.settings(temp, ManybotSpec.RunnerMode.IN_PROCESS);
        return new OperatorSettings(plain.namespaces(), true, lease, "manybot", plain.runnerMode(),
                plain.runnerImage(), plain.runnerCpu(), plain.runnerMemory(), plain.runnerDeadline(), plain.stateDirectory(), plain.fetchInterval(),
                plain.workers(), plain.serviceAccount(), null, null, null, Map.of(), null, null);
    }

    private static void createNamespace(String name) {
        client.namespaces().resource(new NamespaceBuilder().withMetadata(new ObjectMetaBuilder().withName(name).build()).build())
                .serverSideApply();
    }

    record Run(int exitCode, String output) {}

    /** The real kubectl with K3s's kubeconfig (exit code 127 when kubectl is not installed). */
    private Run kubectl(String... args) throws Exception {
        Path kubeconfig = temp.resolve("kubeconfig");
        if (!Files.exists(kubeconfig)) {
            Files.writeString(kubeconfig, k3s.getKubeConfigYaml());
        }
        List<String> command = new ArrayList<>(List.of("kubectl", "--kubeconfig", kubeconfig.toString()));
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            return new Run(process.waitFor(), output);
        } catch (java.io.IOException e) {
            return new Run(127, e.getMessage());
        }
    }

    /** Creates a Manybot with this spec as an untyped resource (the typed spec cannot hold invalid values) and expects a 422. */
    private static KubernetesClientException rejected(String name, Map<String, Object> spec) {
        GenericKubernetesResource bot = new GenericKubernetesResource();
        bot.setApiVersion(ManybotResource.GROUP + "/" + ManybotResource.VERSION);
        bot.setKind("Manybot");
        bot.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NAMESPACE).build());
        bot.setAdditionalProperty("spec", spec);
        KubernetesClientException e = assertThrows(KubernetesClientException.class, () -> client
                .genericKubernetesResources(ResourceDefinitionContext.fromResourceType(ManybotResource.class))
                .inNamespace(NAMESPACE).resource(bot).create(), name + " was accepted");
        assertEquals(422, e.getCode(), name + ": " + e.getMessage());
        assertNull(client.resources(ManybotResource.class).inNamespace(NAMESPACE).withName(name).get(), name + " was stored");
        return e;
    }

    private static String describe(List<ManagedFieldsEntry> managed) {
        return managed == null ? "none" : managed.stream()
                .map(m -> m.getManager() + " " + m.getOperation() + (m.getSubresource() == null ? "" : " /" + m.getSubresource())
                        + " " + (m.getFieldsV1() == null ? "" : m.getFieldsV1().getAdditionalProperties().keySet()))
                .toList().toString();
    }
}
