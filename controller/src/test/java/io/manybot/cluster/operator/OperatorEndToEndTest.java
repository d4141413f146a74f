package io.manybot.cluster.operator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.manybot.cluster.resource.Conditions;
import io.manybot.cluster.resource.GoalResource;
import io.manybot.cluster.resource.ManybotResource;
import io.manybot.cluster.resource.ManybotSpec;
import io.manybot.cluster.resource.SubscriptionResource;
import io.manybot.cluster.resource.WorkCycleResource;
import io.manybot.testing.GitRepos;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The operator on the fabric8 mock API server (CRUD mode, server-side apply off) with a real git repository. */
@EnableKubernetesMockClient(crud = true)
class OperatorEndToEndTest {
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
    void exampleResourcesBecomeReadyAndAnInProcessCycleLandsOnTheRealRepository() throws Exception {
        Path remote = exampleRepository();
        start(ManybotSpec.RunnerMode.IN_PROCESS);
        for (HasMetadata resource : exampleResources(remote)) {
            client.resource(resource).inNamespace("shop").create();
        }

        ManybotResource format = await("format-bot has landed a cycle", () -> {
            ManybotResource bot = client.resources(ManybotResource.class).inNamespace("shop").withName("format-bot").get();
            return bot.getStatus() != null && bot.getStatus().lastCycle != null && "LANDED".equals(bot.getStatus().lastCycle.outcome) ? bot : null;
        });
        assertEquals("Idle", format.getStatus().phase);
        assertTrue(Conditions.isTrue(format.getStatus().conditions, Conditions.READY), format.getStatus().conditions.toString());
        assertTrue(Conditions.isTrue(format.getStatus().conditions, Conditions.REPOSITORY_READY));
        assertEquals("43%", format.getStatus().progress);

        WorkCycleResource cycle = client.resources(WorkCycleResource.class).inNamespace("shop").withName(format.getStatus().lastCycle.name).get();
        assertEquals("format-bot", cycle.getMetadata().getOwnerReferences().get(0).getName());
        assertEquals("LANDED", cycle.getStatus().outcome);
        try (Git git = Git.open(remote.toFile())) {
            String tip = git.getRepository().resolve("refs/heads/main").name();
            assertTrue(tip.startsWith(cycle.getStatus().landedCommit), "the remote's main is the landed commit " + cycle.getStatus().landedCommit + "; error: " + cycle.getStatus().error);
            assertNotNull(git.getRepository().resolve("refs/heads/" + cycle.getStatus().proposalBranch), "the proposal branch was pushed");
        }

        GoalResource goal = await("the goal reflects the measurement", () -> {
            GoalResource g = client.resources(GoalResource.class).inNamespace("shop").withName("no-format-faults").get();
            return g.getStatus() != null && "43%".equals(g.getStatus().progress) ? g : null;
        });
        assertTrue(Conditions.isTrue(goal.getStatus().conditions, Conditions.READY));
        assertEquals(List.of("format-bot"), goal.getStatus().bots);
    }

    private void start(ManybotSpec.RunnerMode mode) {
        OperatorSettings settings = new OperatorSettings(List.of(), false, "manybot", null, mode, "manybot:test", "1", "1Gi",
                Duration.ofHours(1), temp.resolve("state"), Duration.ofMinutes(1), 2, "manybot");
        operator = new ManybotOperator(client, settings, Clock.systemUTC(), false);
        operator.start();
    }

    /** The example repository as a real git repository of its own (the remote the bots push to). */
    private Path exampleRepository() throws Exception {
        Path example = Path.of("..", "examples", "repo-with-owners").toAbsolutePath().normalize();
        Path remote = temp.resolve("shop");
        try (Stream<Path> files = Files.walk(example)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Path target = remote.resolve(example.relativize(file).toString());
                Files.createDirectories(target.getParent());
                Files.copy(file, target);
            }
        }
        GitRepos.initAndCommit(remote, "the shop");
        // The remote bots push to is bare, like a hosted repository (a checked-out branch refuses pushes).
        Path bare = temp.resolve("shop.git");
        Git.cloneRepository().setBare(true).setURI(remote.toUri().toString()).setDirectory(bare.toFile()).call().close();
        return bare;
    }

    /** The example's Goals and format-bot, as custom resources on the real repository. */
    private List<HasMetadata> exampleResources(Path remote) throws IOException {
        List<HasMetadata> resources = new ArrayList<>();
        Path declarations = temp.resolve("shop/.manybot");
        resources.addAll(load(declarations.resolve("goals.yaml"), GoalResource.class));
        for (ManybotResource bot : load(declarations.resolve("format-bot.yaml"), ManybotResource.class)) {
            bot.getSpec().repository.url = remote.toUri().toString();
            bot.getSpec().repository.credentialsSecret = null;
            resources.add(bot);
        }
        resources.addAll(load(declarations.resolve("subscriptions.yaml"), SubscriptionResource.class).stream()
                .filter(s -> s.getSpec().bot.equals("format-bot")).toList());
        return resources;
    }

    private static <T extends HasMetadata> List<T> load(Path file, Class<T> type) throws IOException {
        List<T> items = new ArrayList<>();
        for (String document : Files.readString(file).split("(?m)^---\\s*$")) {
            if (document.contains("kind:")) {
                try (InputStream in = new java.io.ByteArrayInputStream(document.getBytes(java.nio.charset.StandardCharsets.UTF_8))) {
                    items.add(Serialization.unmarshal(in, type));
                }
            }
        }
        return items;
    }

    private static <T> T await(String what, Supplier<T> check) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < end) {
            T value = check.get();
            if (value != null) {
                return value;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("timed out waiting until " + what);
    }
}
