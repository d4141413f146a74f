package io.manybot.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.manybot.cli.ManybotCommand;
import io.manybot.core.cycle.ChangedFile;
import io.manybot.core.cycle.CycleOutcome;
import io.manybot.core.cycle.WorkCycle;
import io.manybot.testing.FormatRepository;
import io.manybot.testing.GitRepos;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A command executor given secrets in its {@code env} prints them and writes them into files (issue
 * 12, item 5), on a real repository, real subprocesses and the real SQLite state: nothing the cycle
 * stores (steps, events, the cycle row) nor {@code manybot result --json} holds them, and the files
 * holding them are refused with file:line while the clean change lands.
 */
class ExecutorSecretsTest {
    /** Secret by its variable's name only: no token shape. */
    static final String DEPLOY_TOKEN = "plain-deploy-secret-4a7c91e2";
    /** A token shape under a name that says nothing. */
    static final String GITHUB_SHAPED = "ghp_" + "K1l2M3n4B5v6C7x8Z9a0S1d2F3g4H5j6K7l8";

    @TempDir
    Path temp;

    @Test
    void anExecutorsSecretsAreMaskedBeforeStorageAndAChangeHoldingThemNeverLands() throws Exception {
        String command = "echo deploying with $DEPLOY_TOKEN and x$HELPER_VALUE; "
                + "echo line one > src/format/leak.txt; echo token=$DEPLOY_TOKEN >> src/format/leak.txt; "
                + "echo key_$HELPER_VALUE > src/format/glued.txt; "
                + "sed -i s/TODO/done/ src/format/a.txt";
        Path work = temp.resolve("work");
        GitRepos.write(work, Map.of(
                "OWNERS", "primary: human:root-owner\n",
                "src/format/OWNERS", "primary: manybot:format-bot\n",
                "src/format/a.txt", "TODO a\n",
                ".manybot/goal.yaml", FormatRepository.GOAL,
                ".manybot/format-bot.yaml", FormatRepository.bot(command,
                        Map.of("DEPLOY_TOKEN", DEPLOY_TOKEN, "HELPER_VALUE", GITHUB_SHAPED))));
        GitRepos.initAndCommit(work, "initial");
        Path bare = temp.resolve("repo.git");
        Git.cloneRepository().setBare(true).setURI(work.toUri().toString()).setDirectory(bare.toFile()).call().close();
        Path state = temp.resolve("state");
        StringWriter terminal = new StringWriter();

        List<WorkCycle> cycles = new LocalController(new LocalController.Options(bare, state, 1, 1, ".manybot"),
                new PrintWriter(terminal, true), Clock.systemUTC()).run();

        assertEquals(1, cycles.size(), terminal.toString());
        WorkCycle cycle = cycles.get(0);
        assertEquals(CycleOutcome.LANDED, cycle.outcome(), terminal.toString());
        ChangedFile leak = change(cycle, "src/format/leak.txt");
        assertEquals(ChangedFile.Disposition.DROPPED, leak.disposition());
        assertTrue(leak.reason().contains("src/format/leak.txt:2 holds a configured secret value"), leak.reason());
        ChangedFile glued = change(cycle, "src/format/glued.txt");
        assertEquals(ChangedFile.Disposition.DROPPED, glued.disposition());
        assertTrue(glued.reason().contains("src/format/glued.txt:1 holds a"), glued.reason());
        assertEquals(ChangedFile.Disposition.LANDED, change(cycle, "src/format/a.txt").disposition());
        assertTrue(cycle.steps().get(0).output().contains("deploying with ***"), cycle.steps().get(0).output());

        // The state on disk (database and its write-ahead log), `manybot result --json` and the terminal.
        StringBuilder stored = new StringBuilder();
        try (Stream<Path> files = Files.list(state)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                stored.append(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
            }
        }
        StringWriter result = new StringWriter();
        int exit = ManybotCommand.execute(new String[] {"result", cycle.id(), "--json", "--state-dir", state.toString()},
                new PrintWriter(result, true), new PrintWriter(result, true));
        assertEquals(0, exit, result.toString());
        assertTrue(result.toString().contains("\"steps\""), result.toString());
        String everything = stored + result.toString() + terminal;
        assertFalse(everything.contains(DEPLOY_TOKEN), "the env secret was stored or printed");
        assertFalse(everything.contains(GITHUB_SHAPED.substring(4)), "the token-shaped value was stored or printed");

        // Nothing in the landed history holds either value.
        try (Git git = Git.open(bare.toFile())) {
            Repository repository = git.getRepository();
            for (RevCommit commit : git.log().all().call()) {
                assertFalse(commit.getFullMessage().contains(DEPLOY_TOKEN));
                try (TreeWalk walk = new TreeWalk(repository)) {
                    walk.addTree(commit.getTree());
                    walk.setRecursive(true);
                    while (walk.next()) {
                        if (walk.getPathString().startsWith(".manybot/")) {
                            continue; // the declaration the test wrote holds the values: the bot's change must not
                        }
                        ObjectLoader blob = repository.open(walk.getObjectId(0));
                        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                        blob.copyTo(bytes);
                        String content = bytes.toString(StandardCharsets.UTF_8);
                        assertFalse(content.contains(DEPLOY_TOKEN) || content.contains(GITHUB_SHAPED),
                                walk.getPathString() + " in " + commit.name() + " holds a secret");
                    }
                }
            }
        }
    }

    private static ChangedFile change(WorkCycle cycle, String path) {
        return cycle.changes().stream().filter(c -> c.path().equals(path)).findFirst()
                .orElseThrow(() -> new AssertionError("no change of " + path + " in " + cycle.changes()));
    }
}
