package io.manybot.cluster.operator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.manybot.cluster.resource.ManybotResource;
import io.manybot.cluster.resource.ManybotSpec;
import io.manybot.cluster.resource.WorkCycleResource;
import io.manybot.cluster.resource.WorkCycleStatus;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cluster home with a declarations directory of its own ({@code MANYBOT_DECLARATIONS_DIRECTORY}, the chart's
 * {@code git.declarationsDirectory}; on the fabric8 mock API server with a real git remote): format-bot, primary owner of
 * {@code tests/}, writes a Manybot YAML into {@code tests/deploy/} — the operator's declarations directory — along with its
 * formatting fixes. The fixes land; the YAML goes to review on the pushed proposal branch, not to main.
 */
@EnableKubernetesMockClient(crud = true)
class OperatorDeclarationsDirectoryTest {
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
    void aBotsWriteIntoTheOperatorsDeclarationsDirectoryGoesToReview() throws Exception {
        assertEquals("tests/deploy", OperatorSettings.fromEnvironment(Map.of("MANYBOT_DECLARATIONS_DIRECTORY", "tests/deploy/"))
                .declarationsDirectory());
        Path remote = OperatorFixtures.exampleRepository(temp);
        OperatorSettings settings = OperatorFixtures.settings(temp, ManybotSpec.RunnerMode.IN_PROCESS).withDeclarationsDirectory("tests/deploy");
        operator = new ManybotOperator(client, settings, Clock.systemUTC(), false);
        operator.start();
        List<HasMetadata> resources = OperatorFixtures.exampleResources(temp, remote);
        for (HasMetadata resource : resources) {
            if (resource instanceof ManybotResource bot) {
                bot.getSpec().executor.command = List.of("/bin/sh", "-c", "python3 scripts/fix_format.py src tests && mkdir -p tests/deploy"
                        + " && printf 'apiVersion: manybot.io/v1alpha1\\nkind: Manybot\\nmetadata: {name: rogue}\\n' > tests/deploy/rogue.yaml");
            }
            client.resource(resource).inNamespace("shop").create();
        }

        ManybotResource format = OperatorFixtures.await("format-bot has finished a cycle", () -> {
            ManybotResource bot = client.resources(ManybotResource.class).inNamespace("shop").withName("format-bot").get();
            return bot.getStatus() != null && bot.getStatus().lastCycle != null && bot.getStatus().lastCycle.outcome != null ? bot : null;
        });
        WorkCycleResource cycle = client.resources(WorkCycleResource.class).inNamespace("shop").withName(format.getStatus().lastCycle.name).get();
        assertEquals("LANDED", cycle.getStatus().outcome, String.valueOf(cycle.getStatus().error));
        Map<String, WorkCycleStatus.Change> changes = cycle.getStatus().changes.stream()
                .collect(Collectors.toMap(c -> c.path, Function.identity()));
        WorkCycleStatus.Change declaration = changes.get("tests/deploy/rogue.yaml");
        assertNotNull(declaration, changes.keySet().toString());
        assertEquals("REVIEW", declaration.decision);
        assertEquals("ownership files are changed by bots only through review", declaration.reason);
        assertTrue(changes.values().stream().anyMatch(c -> "WRITE".equals(c.decision) && c.path.startsWith("tests/")
                && !c.path.startsWith("tests/deploy/")), "its formatting fixes in tests/ are written: " + changes.keySet());
        try (Git git = Git.open(remote.toFile())) {
            Repository repository = git.getRepository();
            assertTrue(repository.resolve("refs/heads/main").name().startsWith(cycle.getStatus().landedCommit));
            assertNull(read(repository, "refs/heads/main", "tests/deploy/rogue.yaml"), "the declaration did not land");
            assertTrue(read(repository, "refs/heads/" + cycle.getStatus().proposalBranch, "tests/deploy/rogue.yaml").contains("name: rogue"),
                    "the declaration is on the pushed proposal branch");
        }
    }

    private static String read(Repository repository, String ref, String path) throws Exception {
        ObjectId commit = repository.resolve(ref);
        assertNotNull(commit, ref);
        try (RevWalk walk = new RevWalk(repository); TreeWalk found = TreeWalk.forPath(repository, path, walk.parseCommit(commit).getTree())) {
            return found == null ? null : new String(repository.open(found.getObjectId(0)).getBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }
}
