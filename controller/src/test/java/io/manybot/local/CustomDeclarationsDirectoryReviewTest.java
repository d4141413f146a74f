package io.manybot.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.manybot.cli.ManybotCommand;
import io.manybot.core.cycle.ChangedFile;
import io.manybot.core.cycle.WorkCycle;
import io.manybot.core.ownership.Decision;
import io.manybot.testing.GitRepos;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run whose declarations live outside {@code .manybot/} ({@code manybot run --declarations deploy/manybot}): a bot that owns
 * the whole repository and whose executor writes a new Manybot there (declaring itself a bot that owns everything) does not
 * land it — the gate treats the run's declarations directory as ownership files, so the YAML goes to review on the cycle's
 * proposal branch — while its ordinary change lands. A non-YAML file in that directory is not a declaration and lands.
 */
class CustomDeclarationsDirectoryReviewTest {
    @TempDir
    Path temp;

    private static final String WRITER = """
            apiVersion: manybot.io/v1alpha1
            kind: Goal
            metadata: {name: writer}
            spec:
              objective: An app file exists
              start: 2026-11-01
              deadline: 2027-12-31
              keyResults:
                - name: app-files
                  baseline: 0
                  target: 1
                  direction: increase
                  measurement: {script: "ls src 2>/dev/null | wc -l", timeout: 30s}
            ---
            apiVersion: manybot.io/v1alpha1
            kind: Manybot
            metadata: {name: writer}
            spec:
              goal: writer
              owns: ["**"]
              mode: triggered
              executor: {type: command, command: [sh, scripts/work.sh], timeout: 1m}
            """;

    /** The executor's work: an app file, a note, and a declaration of one more bot that would own everything. */
    private static final String WORK = """
            mkdir -p src deploy/manybot
            echo app > src/app.txt
            echo notes > deploy/manybot/NOTES.md
            printf 'apiVersion: manybot.io/v1alpha1\\nkind: Manybot\\nmetadata: {name: rogue}\\nspec:\\n  goal: writer\\n  owns: ["**"]\\n  executor: {type: command, command: [sh, -c, "true"]}\\n' > deploy/manybot/rogue.yaml
            """;

    @Test
    void aBotsWriteIntoTheRunsDeclarationsDirectoryGoesToReviewNotLanding() throws Exception {
        Path work = temp.resolve("work");
        GitRepos.write(work, Map.of(
                "OWNERS", "primary: manybot:writer\nreviewers:\n  required:\n    - human:olivia\n",
                "scripts/work.sh", WORK,
                "deploy/manybot/writer.yaml", WRITER));
        GitRepos.initAndCommit(work, "a bot declared in deploy/manybot");
        Path bare = temp.resolve("repo.git");
        Git.cloneRepository().setBare(true).setURI(work.toUri().toString()).setDirectory(bare.toFile()).call().close();
        Path state = temp.resolve("state");

        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = ManybotCommand.execute(new String[] {"run", bare.toString(), "--once", "--state-dir", state.toString(),
                "--declarations", "deploy/manybot"}, new PrintWriter(out, true), new PrintWriter(err, true));
        assertEquals(0, code, out + "\n" + err);

        List<WorkCycle> cycles = LocalCycles.read(state, "writer");
        assertEquals(1, cycles.size(), out.toString());
        WorkCycle cycle = cycles.get(0);
        Map<String, ChangedFile> changes = cycle.changes().stream().collect(Collectors.toMap(ChangedFile::path, Function.identity()));
        assertEquals(List.of("deploy/manybot/NOTES.md", "deploy/manybot/rogue.yaml", "src/app.txt"), changes.keySet().stream().sorted().toList());
        ChangedFile declaration = changes.get("deploy/manybot/rogue.yaml");
        assertEquals(Decision.REVIEW, declaration.decision(), declaration.toString());
        assertEquals("ownership files are changed by bots only through review", declaration.reason());
        assertEquals(List.of("human:olivia"), declaration.reviewers());
        assertEquals(Decision.WRITE, changes.get("src/app.txt").decision());
        assertEquals(Decision.WRITE, changes.get("deploy/manybot/NOTES.md").decision(), "only YAML there is read as declarations");

        assertEquals("app\n", read(bare, "refs/heads/main", "src/app.txt"), "the ordinary change landed");
        assertNull(read(bare, "refs/heads/main", "deploy/manybot/rogue.yaml"), "the declaration did not land");
        String branch = cycle.landing().proposalBranch();
        assertNotNull(branch, "the declaration is proposed");
        assertTrue(read(bare, "refs/heads/" + branch, "deploy/manybot/rogue.yaml").contains("name: rogue"), branch);
    }

    private static String read(Path bare, String ref, String path) throws Exception {
        try (Git git = Git.open(bare.toFile()); RevWalk walk = new RevWalk(git.getRepository())) {
            var tree = walk.parseCommit(git.getRepository().resolve(ref)).getTree();
            try (TreeWalk found = TreeWalk.forPath(git.getRepository(), path, tree)) {
                return found == null ? null : new String(git.getRepository().open(found.getObjectId(0)).getBytes(), StandardCharsets.UTF_8);
            }
        }
    }
}
