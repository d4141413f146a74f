package io.manybot.local;

import static io.manybot.local.LocalCycles.awaitDone;
import static io.manybot.local.LocalCycles.awaitTrue;
import static io.manybot.local.LocalCycles.read;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.manybot.cli.ManybotCommand;
import io.manybot.core.cycle.ChangedFile;
import io.manybot.core.cycle.CycleOutcome;
import io.manybot.core.cycle.WorkCycle;
import io.manybot.core.workspace.CommitMessages;
import io.manybot.local.state.StateStore;
import io.manybot.testing.GitRepos;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheEditor;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many bots, one branch, in the local home (`manybot run`'s controller on a real bare repository): a bot whose target
 * moved while it worked rebases its change onto the new tip instead of re-planning, and only a real conflict sends it
 * back to planning — with nothing lost. The order is the test's: the fixer's executor waits for a release file.
 */
class ManyBotsOneBranchTest {
    @TempDir
    Path temp;

    private final List<Thread> running = new java.util.ArrayList<>();

    @org.junit.jupiter.api.AfterEach
    void joinControllers() throws InterruptedException {
        for (Thread thread : running) {
            thread.join(60_000);
            org.junit.jupiter.api.Assertions.assertFalse(thread.isAlive(), "the controller stopped");
        }
    }

    @Test
    void twoBotsOnDisjointPathsBothLandAndNeitherIsSuperseded() throws Exception {
        Path release = temp.resolve("release");
        Path bare = twoBots(release);
        Path state = temp.resolve("state");
        StringWriter terminal = new StringWriter();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        LocalController controller = start(bare, state, terminal, failure);
        try {
            WorkCycle helper = awaitDone(state, "helper", 1, terminal, failure);
            assertEquals(CycleOutcome.LANDED, helper.outcome(), terminal::toString);
            assertEquals("direct", helper.landing().how());
            assertTrue(read(state, "fixer").stream().anyMatch(c -> c.outcome() == null), "fixer's cycle is still executing");
            Files.writeString(release, "go");

            WorkCycle fixer = awaitDone(state, "fixer", 1, terminal, failure);
            assertEquals(CycleOutcome.LANDED, fixer.outcome(), terminal::toString);
            assertEquals(1, fixer.landing().rebasedOver(), "rebased over the helper's commit");
            assertEquals("rebased", fixer.landing().how());
            assertEquals(helper.baseCommit(), fixer.baseCommit(), "both started from the same commit");
            try (Git git = Git.open(bare.toFile()); RevWalk walk = new RevWalk(git.getRepository())) {
                RevCommit tip = walk.parseCommit(git.getRepository().resolve("refs/heads/main"));
                assertEquals(fixer.landing().commit(), tip.name());
                assertEquals(helper.landing().commit(), tip.getParent(0).name(), "the fixer's change sits on the helper's");
            }
            assertEquals("done a\n", readAt(bare, "mine/a.txt"));
            assertEquals("done x\n", readAt(bare, "theirs/x.txt"));
            // the loop records each bot's last cycle after the worker has stored the cycle: wait for it before stopping
            awaitTrue(() -> lastCycle(state, "fixer").equals(fixer.id()) && lastCycle(state, "helper").equals(helper.id()), terminal, failure);
        } finally {
            controller.stop();
        }
        List<WorkCycle> all = new java.util.ArrayList<>(read(state, "fixer"));
        all.addAll(read(state, "helper"));
        assertTrue(all.stream().noneMatch(c -> c.outcome() == CycleOutcome.SUPERSEDED), all.toString());

        StringWriter out = new StringWriter();
        assertEquals(0, ManybotCommand.execute(new String[] {"status", "--state-dir", state.toString()}, new PrintWriter(out), new PrintWriter(out)));
        assertTrue(out.toString().contains("LANDED (rebased over 1 commit, not retested)"), out.toString());
        StringWriter json = new StringWriter();
        assertEquals(0, ManybotCommand.execute(new String[] {"status", "--json", "--state-dir", state.toString()}, new PrintWriter(json),
                new PrintWriter(json)));
        assertTrue(json.toString().contains("\"lastLanding\" : \"rebased over 1 commit, not retested\""), json.toString());
        String fixerCycle = read(state, "fixer").get(0).id();
        // What the HTTP API's bots list (and `status --server`) reads for each bot's last cycle, from the real SQLite file.
        try (io.manybot.local.state.StateStore store = io.manybot.local.state.StateStore.open(state)) {
            assertEquals("rebased over 1 commit, not retested", store.lastLandings().get(fixerCycle), store.lastLandings().toString());
        }
        StringWriter result = new StringWriter();
        assertEquals(0, ManybotCommand.execute(new String[] {"result", fixerCycle, "--state-dir", state.toString()}, new PrintWriter(result),
                new PrintWriter(result)));
        assertTrue(result.toString().contains("rebased over 1 commit, not retested"), result.toString());
        StringWriter resultJson = new StringWriter();
        assertEquals(0, ManybotCommand.execute(new String[] {"result", fixerCycle, "--json", "--state-dir", state.toString()},
                new PrintWriter(resultJson), new PrintWriter(resultJson)));
        assertTrue(resultJson.toString().contains("\"rebasedOver\" : 1"), resultJson.toString());
        assertTrue(resultJson.toString().contains("\"retested\" : false"), resultJson.toString());
        assertTrue(resultJson.toString().contains("\"conflicts\" : [ ]"), resultJson.toString());
    }

    @Test
    void anOverlappingEditConflictsTheLoserIsSupersededNamingThePathAndReplansWithNothingLost() throws Exception {
        Path release = temp.resolve("release");
        Path bare = TodoRepository.create(temp.resolve("work"), "triggered",
                "while [ ! -f " + release + " ]; do sleep 0.05; done; sed -i s/TODO/done/ mine/a.txt");
        Path state = temp.resolve("state");
        StringWriter terminal = new StringWriter();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        LocalController controller = start(bare, state, terminal, failure);
        ObjectId human;
        try {
            awaitTrue(() -> read(state, "fixer").stream().anyMatch(c -> c.outcome() == null && c.phase() != null
                    && c.phase().name().equals("EXECUTE")), terminal, failure);
            human = commitOnMain(bare, "mine/a.txt", "TODO a, said a human\n");
            Files.writeString(release, "go");

            WorkCycle lost = awaitDone(state, "fixer", 1, terminal, failure);
            assertEquals(CycleOutcome.SUPERSEDED, lost.outcome(), terminal::toString);
            assertEquals(List.of("mine/a.txt"), lost.landing().conflicts());
            assertNull(lost.landing().commit());
            assertTrue(lost.changes().stream().filter(c -> c.disposition() != ChangedFile.Disposition.DROPPED)
                    .allMatch(c -> c.reason().contains("conflict with refs/heads/main since the cycle's base on mine/a.txt")),
                    lost.changes()::toString);

            WorkCycle replanned = awaitDone(state, "fixer", 2, terminal, failure);
            // Two triggers race for the next cycle and either is right: the re-plan, or the human's commit on an owned path.
            assertTrue(replanned.trigger().equals("re-plan: the target branch moved")
                    || replanned.trigger().equals("commit " + human.abbreviate(7).name() + " changed owned mine/a.txt"), replanned.trigger());
            assertEquals(CycleOutcome.LANDED, replanned.outcome(), terminal::toString);
            assertEquals(human.name(), replanned.baseCommit(), "the re-plan starts from the human's commit");
        } finally {
            controller.stop();
        }
        assertEquals("done a, said a human\n", readAt(bare, "mine/a.txt"), "both the human's words and the bot's fix are there");
        try (Git git = Git.open(bare.toFile())) {
            long fixes = 0;
            boolean humanKept = false;
            for (RevCommit c : git.log().add(git.getRepository().resolve("refs/heads/main")).call()) {
                fixes += "fixer".equals(CommitMessages.trailers(c.getFullMessage()).get("Manybot-Bot")) ? 1 : 0;
                humanKept |= c.equals(human);
            }
            assertEquals(1, fixes, "the fix landed once");
            assertTrue(humanKept, "the human's commit is in main's history");
        }
    }

    // --- helpers -------------------------------------------------------------------------------

    /** fixer owns mine/ (its executor waits for {@code release}), helper owns theirs/; both triggered at start. */
    private Path twoBots(Path release) throws Exception {
        Path work = temp.resolve("work");
        GitRepos.write(work, Map.of(
                "mine/OWNERS", "primary: manybot:fixer\n", "mine/a.txt", "TODO a\n",
                "theirs/OWNERS", "primary: manybot:helper\n", "theirs/x.txt", "TODO x\n",
                ".manybot/goal.yaml", TodoRepository.GOAL,
                ".manybot/fixer.yaml", TodoRepository.bot("triggered",
                        "while [ ! -f " + release + " ]; do sleep 0.05; done; sed -i s/TODO/done/ mine/*.txt"),
                ".manybot/goal-theirs.yaml", TodoRepository.GOAL.replace("name: no-todos", "name: no-todos-theirs").replace("mine", "theirs"),
                ".manybot/helper.yaml", TodoRepository.bot("triggered", "sed -i s/TODO/done/ theirs/*.txt").replace("name: fixer", "name: helper")
                        .replace("goal: no-todos", "goal: no-todos-theirs").replace("mine/**", "theirs/**")));
        GitRepos.initAndCommit(work, "initial");
        Path bare = temp.resolve("repo.git");
        Git.cloneRepository().setBare(true).setURI(work.toUri().toString()).setDirectory(bare.toFile()).call().close();
        return bare;
    }

    private LocalController start(Path bare, Path state, StringWriter terminal, AtomicReference<Throwable> failure) {
        LocalController controller = new LocalController(new LocalController.Options(bare, state, null, 2, ".manybot"),
                new PrintWriter(terminal, true), Clock.systemUTC());
        Thread running = new Thread(() -> {
            try {
                controller.run();
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        running.setDaemon(true);
        running.start();
        this.running.add(running);
        return controller;
    }

    /** A person's commit on main of the bare repository, written without a checkout. */
    static ObjectId commitOnMain(Path bare, String path, String content) throws IOException {
        try (Git git = Git.open(bare.toFile())) {
            Repository repo = git.getRepository();
            ObjectId parent = repo.resolve("refs/heads/main");
            try (RevWalk walk = new RevWalk(repo); ObjectInserter inserter = repo.newObjectInserter()) {
                RevCommit head = walk.parseCommit(parent);
                DirCache index = DirCache.newInCore();
                org.eclipse.jgit.dircache.DirCacheBuilder builder = index.builder();
                builder.addTree(new byte[0], DirCacheEntry.STAGE_0, repo.newObjectReader(), head.getTree());
                builder.finish();
                ObjectId blob = inserter.insert(Constants.OBJ_BLOB, content.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                DirCacheEditor editor = index.editor();
                editor.add(new DirCacheEditor.PathEdit(path) {
                    @Override
                    public void apply(DirCacheEntry entry) {
                        entry.setFileMode(FileMode.REGULAR_FILE);
                        entry.setObjectId(blob);
                    }
                });
                editor.finish();
                CommitBuilder commit = new CommitBuilder();
                commit.setTreeId(index.writeTree(inserter));
                commit.setParentId(parent);
                PersonIdent person = new PersonIdent("Hana", "hana@example.com");
                commit.setAuthor(person);
                commit.setCommitter(person);
                commit.setMessage("a human's edit\n");
                ObjectId id = inserter.insert(commit);
                inserter.flush();
                RefUpdate update = repo.updateRef("refs/heads/main");
                update.setExpectedOldObjectId(parent);
                update.setNewObjectId(id);
                RefUpdate.Result result = update.update(walk);
                assertEquals(RefUpdate.Result.FAST_FORWARD, result);
                return id;
            }
        }
    }

    static String readAt(Path bare, String path) throws Exception {
        try (Git git = Git.open(bare.toFile()); RevWalk walk = new RevWalk(git.getRepository())) {
            var tree = walk.parseCommit(git.getRepository().resolve("refs/heads/main")).getTree();
            try (TreeWalk found = TreeWalk.forPath(git.getRepository(), path, tree)) {
                return found == null ? null : new String(git.getRepository().open(found.getObjectId(0)).getBytes(),
                        java.nio.charset.StandardCharsets.UTF_8);
            }
        }
    }

    private static String lastCycle(Path state, String bot) {
        try (StateStore store = StateStore.open(state)) {
            return store.bots().stream().filter(b -> b.name().equals(bot)).map(b -> String.valueOf(b.lastCycleId())).findFirst().orElse("");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
