package io.manybot.cluster.operator;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.manybot.cluster.resource.GoalResource;
import io.manybot.cluster.resource.ManybotResource;
import io.manybot.cluster.resource.ManybotSpec;
import io.manybot.cluster.resource.SubscriptionResource;
import io.manybot.testing.GitRepos;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;

/** The example repository and its custom resources, shared by the operator tests and the operator benchmark. */
public final class OperatorFixtures {
    private OperatorFixtures() {}

    /** Settings for a test operator: all namespaces, no leader election, state under {@code temp}. */
    public static OperatorSettings settings(Path temp, ManybotSpec.RunnerMode mode) {
        return new OperatorSettings(List.of(), false, "manybot", null, mode, "manybot:test", "1", "1Gi",
                Duration.ofHours(1), temp.resolve("state"), Duration.ofMinutes(1), 2, "manybot", null, null, null,
                Map.of("OPENAI_API_KEY", new OperatorSettings.SecretKey("manybot-openai", "api-key")), null, null);
    }

    /** {@code settings} following the live directives in ConfigMap {@code namespace/configMap}. */
    public static OperatorSettings withDirectives(OperatorSettings s, String namespace, String configMap) {
        return new OperatorSettings(s.namespaces(), s.leaderElection(), s.leaseName(), s.leaseNamespace(), s.runnerMode(), s.runnerImage(),
                s.runnerCpu(), s.runnerMemory(), s.runnerDeadline(), s.stateDirectory(), s.fetchInterval(), s.workers(), s.serviceAccount(),
                s.runnerCpuRequest(), s.runnerMemoryRequest(), s.gitCredentialsSecret(), s.runnerSecretEnv(), configMap, namespace);
    }

    /** The example repository as a real git repository of its own (the remote the bots push to). */
    public static Path exampleRepository(Path temp) throws Exception {
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
    public static List<HasMetadata> exampleResources(Path temp, Path remote) throws IOException {
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

    /**
     * {@code resources} with each Manybot's executor first writing the file {@code temp/started} and then
     * waiting for {@code temp/go} before it does its work: the test decides when the cycle in flight goes on.
     */
    public static List<HasMetadata> withWaitingExecutor(List<HasMetadata> resources, Path temp) {
        for (HasMetadata resource : resources) {
            if (resource instanceof ManybotResource bot) {
                bot.getSpec().executor.command = List.of("/bin/sh", "-c", "touch '" + temp.resolve("started") + "'; while [ ! -f '"
                        + temp.resolve("go") + "' ]; do sleep 0.1; done; exec python3 scripts/fix_format.py src tests");
            }
        }
        return resources;
    }

    public static <T extends HasMetadata> List<T> load(Path file, Class<T> type) throws IOException {
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

    public static <T> T await(String what, Supplier<T> check) throws InterruptedException {
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
