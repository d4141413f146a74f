package io.manybot.core.cycle;

import io.manybot.core.declaration.Bot;
import io.manybot.core.declaration.Goal;
import io.manybot.core.declaration.KeyResult;
import io.manybot.core.declaration.Measurement;
import io.manybot.core.executor.CommandExecutor;
import io.manybot.core.process.ProcessRunner;
import io.manybot.testing.GitRepos;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A small real repository for cycle tests: {@code fixer} owns {@code mine/}, proposes under
 * {@code theirs/} (owned by a person), and is refused under {@code locked/}. Each directory holds a
 * file with a "TODO" the fixer command removes; the key result counts files with a TODO.
 */
public final class CycleFixture {
    public static final String COUNT = "grep -rl TODO mine theirs locked | wc -l";
    public static final String FIX = "for f in mine/a.txt theirs/b.txt locked/c.txt; do sed -i 's/TODO/done/' $f; done";

    public static void writeRepository(Path root) {
        GitRepos.write(root, Map.of(
                "OWNERS", "primary: human:olivia\n",
                "mine/OWNERS", "primary: manybot:fixer\n",
                "mine/a.txt", "TODO a\n",
                "theirs/OWNERS", "primary: human:tom\ndelegates:\n  - principal: manybot:fixer\n    level: contributor\n",
                "theirs/b.txt", "TODO b\n",
                "locked/OWNERS", "primary: human:lee\npolicies:\n  allow_proposals: false\noptions:\n  no_parent_owners: true\n",
                "locked/c.txt", "TODO c\n",
                ".gitignore", "*.pyc\n"));
    }

    /** The fixture committed in {@code temp/work} and cloned bare to {@code temp/source.git}, the remote a cluster cycle uses. */
    public static Path bareSource(Path temp) throws Exception {
        Path work = temp.resolve("work");
        writeRepository(work);
        GitRepos.initAndCommit(work, "initial");
        Path bare = temp.resolve("source.git");
        org.eclipse.jgit.api.Git.cloneRepository().setBare(true).setURI(work.toUri().toString()).setDirectory(bare.toFile()).call().close();
        return bare;
    }

    /** {@link #goal()} as a Goal custom resource in namespace {@code shop} (YAML). */
    public static final String GOAL_RESOURCE = """
            apiVersion: manybot.io/v1alpha1
            kind: Goal
            metadata: {name: no-todos, namespace: shop}
            spec:
              objective: No TODO left
              start: 2026-11-01
              deadline: 2026-12-31
              keyResults:
                - name: files-with-todo
                  baseline: 3
                  target: 0
                  direction: decrease
                  measurement: {command: [sh, -c, "%s"], timeout: 30s}
            """.formatted(COUNT);

    public static Goal goal() {
        return goal(new Measurement(List.of("sh", "-c", COUNT), null, null, null, Duration.ofSeconds(30)));
    }

    public static Goal goal(Measurement measurement) {
        return new Goal("no-todos", "No TODO left", "tidy", Goal.TimeHorizon.MONTHLY, Instant.parse("2026-11-01T00:00:00Z"),
                Instant.parse("2026-12-31T00:00:00Z"), null, Goal.DEFAULT_ON_TRACK_THRESHOLD,
                List.of(new KeyResult("files-with-todo", "files with a TODO", 3, 0, "files", KeyResult.Direction.DECREASE, null, null, 1.0,
                        measurement)));
    }

    public static Bot bot(String fix, List<String> tests, boolean dryRun) {
        return new Bot("fixer", "no-todos", List.of("mine/**"), new Bot.Repository(null, "main", null), Bot.Mode.CONTINUOUS,
                Bot.Schedule.DEFAULT,
                new Bot.Executor(Bot.ExecutorType.COMMAND, List.of("sh", "-c", fix), false, Map.of(), Duration.ofSeconds(30), null),
                tests == null ? null : new Bot.TestCommand(tests, Duration.ofSeconds(30)), Bot.Limits.DEFAULT, List.of(), false, dryRun,
                true, null);
    }

    public static BotAgents commandAgents(ProcessRunner processes) {
        return new BotAgents(new FactualPlanner(), new CommandExecutor(processes), new FactualReflector());
    }

    public static CycleRunner runner(ProcessRunner processes) {
        return new CycleRunner(processes, Map.of(), Clock.fixed(Instant.parse("2026-11-24T12:00:00Z"), java.time.ZoneOffset.UTC));
    }

    private CycleFixture() {}
}
