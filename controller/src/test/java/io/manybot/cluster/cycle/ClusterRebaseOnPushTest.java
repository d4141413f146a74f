package io.manybot.cluster.cycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.manybot.cluster.operator.OperatorFixtures;
import io.manybot.cluster.resource.GoalResource;
import io.manybot.cluster.resource.ManybotResource;
import io.manybot.cluster.resource.ManybotSpec;
import io.manybot.cluster.resource.WorkCycleResource;
import io.manybot.cluster.resource.WorkCycleStatus;
import io.manybot.core.agents.BotAgentsFactory;
import io.manybot.core.cycle.CycleFixture;
import io.manybot.core.cycle.CycleRunner;
import io.manybot.core.cycle.WorkCycle;
import io.manybot.core.executor.cli.Confinement;
import io.manybot.core.mirror.RepositoryMirrors;
import io.manybot.core.process.ProcessRunner;
import io.manybot.core.secret.SecretRedactor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cluster home lands through the same path as the local home when its remote moves between a cycle's base and
 * its push ("many bots, one branch"), on the fabric8 mock API server with a real {@code file://} bare repository as
 * the remote. The bot's executor itself pushes a person's commit to the remote before it edits its file, so the
 * remote has always moved by the time the cycle pushes: the push's compare-and-swap is refused, the mirror fetches,
 * and the change is rebased onto the remote's new tip, retested there and pushed again — or, on a real conflict,
 * nothing is pushed, the cycle is SUPERSEDED naming the path, and the mirror is back on the remote's tip so that the
 * next cycle lands.
 */
@EnableKubernetesMockClient(crud = true)
class ClusterRebaseOnPushTest {
    private static final String NS = "shop";

    static KubernetesClient client;

    @TempDir
    Path temp;

    @BeforeEach
    void forgetTheLastTestsResources() {
        client.resources(WorkCycleResource.class).inNamespace(NS).delete();
        client.resources(ManybotResource.class).inNamespace(NS).delete();
    }

    @Test
    void aRemoteThatMovedOnOtherPathsGetsTheChangeRebasedRetestedAndPushedWithoutRunningTheExecutorAgain() throws Exception {
        Path bare = CycleFixture.bareSource(temp);
        Path runs = temp.resolve("executor-runs");
        Path tested = temp.resolve("tested");
        // Moves the remote once (a person's commit on a path the bot does not touch), then does the bot's work.
        String executor = "echo run >> '" + runs + "'; " + pushOnce(bare, "docs/notes.txt", "written by a person\n") + FIX_MINE;
        String tests = "cat docs/notes.txt >> '" + tested + "' 2>/dev/null; echo tests-ran >> '" + tested + "'";
        createBot(bare, executor, tests);

        WorkCycle cycle = runCycle("fixer-c1", "c1");

        WorkCycleStatus status = status("fixer-c1");
        assertEquals("LANDED", status.outcome, () -> Serialization.asYaml(status));
        assertEquals("rebased", status.landedHow, () -> Serialization.asYaml(status));
        assertEquals(1, status.rebasedOver, "the remote gained one commit between the cycle's base and its push");
        assertEquals(Boolean.TRUE, status.retested);
        assertNull(status.conflicts);
        assertEquals(1, Files.readAllLines(runs).size(), "the executor ran once: a clean rebase never runs it again");
        String testRuns = Files.readString(tested);
        assertTrue(testRuns.contains("written by a person"), "the retest ran on the rebased tree, which has the person's file: " + testRuns);

        try (Repository remote = Git.open(bare.toFile()).getRepository(); RevWalk walk = new RevWalk(remote)) {
            RevCommit tip = walk.parseCommit(remote.resolve("refs/heads/main"));
            assertEquals(cycle.landing().commit(), tip.name(), "the rebased commit is the remote's tip");
            assertEquals("done a\n", read(remote, tip, "mine/a.txt"));
            assertEquals("written by a person\n", read(remote, tip, "docs/notes.txt"), "the person's commit is kept");
            assertEquals("a person", walk.parseCommit(tip.getParent(0)).getShortMessage(), "the bot's commit sits on the person's");
            assertTrue(tip.getFullMessage().contains("Manybot-Cycle: c1"), tip.getFullMessage());
        }
        assertMirrorIsOnTheRemote(bare);
    }

    @Test
    void aConflictOnTheRemotePushesNothingSupersedesTheCycleNamingThePathAndTheNextCycleLands() throws Exception {
        Path bare = CycleFixture.bareSource(temp);
        String executor = pushOnce(bare, "mine/a.txt", "TODO a, reworded by a person\n") + FIX_MINE;
        createBot(bare, executor, null);
        ObjectId before;

        runCycle("fixer-c1", "c1");

        WorkCycleStatus first = status("fixer-c1");
        assertEquals("SUPERSEDED", first.outcome, () -> Serialization.asYaml(first));
        assertEquals("conflict", first.landedHow);
        assertEquals(List.of("mine/a.txt"), first.conflicts);
        try (Repository remote = Git.open(bare.toFile()).getRepository(); RevWalk walk = new RevWalk(remote)) {
            RevCommit tip = walk.parseCommit(remote.resolve("refs/heads/main"));
            before = tip.copy();
            assertEquals("a person", tip.getShortMessage(), "nothing of the bot's reached the remote");
        }
        assertMirrorIsOnTheRemote(bare);

        // The next cycle plans on the person's text, and lands directly: the mirror kept nothing the remote lacks.
        runCycle("fixer-c2", "c2");

        WorkCycleStatus second = status("fixer-c2");
        assertEquals("LANDED", second.outcome, () -> Serialization.asYaml(second));
        assertEquals("direct", second.landedHow);
        try (Repository remote = Git.open(bare.toFile()).getRepository(); RevWalk walk = new RevWalk(remote)) {
            RevCommit tip = walk.parseCommit(remote.resolve("refs/heads/main"));
            assertEquals(before, tip.getParent(0));
            assertEquals("done a, reworded by a person\n", read(remote, tip, "mine/a.txt"));
        }
    }

    @Test
    void aFenceThatRefusesPushesNothingAndPutsTheMirrorBack() throws Exception {
        Path bare = CycleFixture.bareSource(temp);
        createBot(bare, FIX_MINE, null);
        ObjectId before;
        try (Repository remote = Git.open(bare.toFile()).getRepository()) {
            before = remote.resolve("refs/heads/main");
        }

        runCycle("fixer-c1", "c1", () -> Optional.of("the leader Lease moved to operator-b"));

        WorkCycleStatus status = status("fixer-c1");
        assertEquals("INTERRUPTED", status.outcome, () -> Serialization.asYaml(status));
        assertTrue(status.error.startsWith("not pushed: the leader Lease moved to operator-b"), status.error);
        try (Repository remote = Git.open(bare.toFile()).getRepository()) {
            assertEquals(before, remote.resolve("refs/heads/main"), "nothing was pushed");
        }
        assertMirrorIsOnTheRemote(bare);
    }

    private static final String FIX_MINE = "sed -i 's/TODO/done/' mine/a.txt";

    /** A shell snippet: the first time only, a person clones the remote, writes {@code path}, commits and pushes. */
    private String pushOnce(Path bare, String path, String content) throws Exception {
        Path marker = temp.resolve("pushed-once");
        Path script = temp.resolve("person-pushes.sh");
        Files.writeString(script, """
                set -e
                [ -f '%1$s' ] && exit 0
                touch '%1$s'
                work=$(mktemp -d)
                git clone -q '%2$s' "$work/w"
                cd "$work/w"
                mkdir -p "$(dirname '%3$s')"
                printf '%%s' '%4$s' > '%3$s'
                git add -A
                git -c user.name='A Person' -c user.email=person@example.com commit -qm 'a person'
                git push -q origin HEAD:main
                """.formatted(marker, bare, path, content), StandardCharsets.UTF_8);
        return "sh '" + script + "'; ";
    }

    private void createBot(Path bare, String executor, String tests) {
        client.resource(Serialization.unmarshal(CycleFixture.GOAL_RESOURCE, GoalResource.class)).createOrReplace();
        List<String> lines = new ArrayList<>(List.of(
                "apiVersion: manybot.io/v1alpha1",
                "kind: Manybot",
                "metadata: {name: fixer, namespace: shop}",
                "spec:",
                "  goal: no-todos",
                "  owns: [\"mine/**\"]",
                "  repository: {url: \"" + bare.toUri() + "\", branch: main}",
                "  executor: {type: command, command: [sh, -c, " + quoted(executor) + "]}",
                "  landing: {onTargetMoved: rebase, retest: always}"));
        if (tests != null) {
            lines.add("  tests: {command: [sh, -c, " + quoted(tests) + "]}");
        }
        client.resource(Serialization.unmarshal(String.join("\n", lines) + "\n", ManybotResource.class)).createOrReplace();
    }

    private static String quoted(String shell) {
        return "\"" + shell.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private WorkCycle runCycle(String name, String cycleId) throws Exception {
        return runCycle(name, cycleId, Optional::empty);
    }

    private WorkCycle runCycle(String name, String cycleId, LandingFence fence) throws Exception {
        client.resource(Serialization.unmarshal("""
                apiVersion: manybot.io/v1alpha1
                kind: WorkCycle
                metadata: {name: %s, namespace: shop}
                spec: {bot: fixer, cycleId: %s, goal: no-todos, trigger: test}
                """.formatted(name, cycleId), WorkCycleResource.class)).create();
        SecretRedactor redactor = new SecretRedactor();
        ProcessRunner processes = new ProcessRunner();
        Map<String, String> environment = Map.of("PATH", System.getenv("PATH"));
        try (RepositoryMirrors mirrors = new RepositoryMirrors(temp.resolve("mirrors"), Duration.ofMinutes(1), Clock.systemUTC())) {
            ClusterCycle cycles = new ClusterCycle(client, mirrors, new CycleRunner(processes, environment, Clock.systemUTC(), false, redactor),
                    new BotAgentsFactory(processes, environment, environment, redactor, Confinement.none("the test")), redactor,
                    OperatorFixtures.settings(temp, ManybotSpec.RunnerMode.IN_PROCESS), Clock.systemUTC(), false);
            return cycles.run(NS, name, () -> false, fence);
        }
    }

    private WorkCycleStatus status(String name) {
        return client.resources(WorkCycleResource.class).inNamespace(NS).withName(name).get().getStatus();
    }

    /** The mirror's main is the remote's: it keeps nothing the remote does not have. */
    private void assertMirrorIsOnTheRemote(Path bare) throws Exception {
        try (Repository remote = Git.open(bare.toFile()).getRepository();
                java.util.stream.Stream<Path> mirrors = Files.list(temp.resolve("mirrors"))) {
            Path mirror = mirrors.filter(Files::isDirectory).filter(dir -> !dir.getFileName().toString().startsWith(".")).findFirst().orElseThrow();
            try (Repository local = Git.open(mirror.toFile()).getRepository()) {
                assertEquals(remote.resolve("refs/heads/main"), local.resolve("refs/heads/main"), "the mirror's main");
            }
        }
    }

    private static String read(Repository repository, RevCommit commit, String path) throws Exception {
        try (TreeWalk walk = TreeWalk.forPath(repository, path, commit.getTree())) {
            return new String(repository.open(walk.getObjectId(0)).getBytes(), StandardCharsets.UTF_8);
        }
    }
}
