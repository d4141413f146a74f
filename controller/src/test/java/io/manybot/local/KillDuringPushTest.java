package io.manybot.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.manybot.core.cycle.CycleOutcome;
import io.manybot.core.cycle.WorkCycle;
import io.manybot.core.workspace.CommitMessages;
import io.manybot.local.state.StateStore;
import io.manybot.testing.GitDaemon;
import io.manybot.testing.GitRepos;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `manybot run git://…` (the real command line in a child JVM) killed with SIGKILL while its landing is being pushed:
 * the cycle had landed on the mirror in the state directory, the remote (a real {@code git daemon}) never took it. The
 * server holds the push in a real pre-receive hook, which writes a marker (the positive witness for the kill) and,
 * once released after the kill, refuses it. Started again, the run lands the change exactly once: it pushes the
 * interrupted landing when the remote is where it was, and when a person pushed meanwhile it puts the mirror back on
 * their commit and the bot does the work again on top of it.
 */
class KillDuringPushTest {
    @TempDir
    Path temp;

    @Test
    void theInterruptedPushIsFinishedAtTheRestartWhenTheRemoteDidNotMove() throws Exception {
        Killed killed = killDuringPush();
        StringWriter terminal = new StringWriter();
        List<WorkCycle> ran = restart(killed, terminal);

        assertTrue(terminal.toString().contains("pushed " + killed.landed.abbreviate(7).name()
                + ", which had landed on the mirror before its push was interrupted"), terminal::toString);
        assertEquals(killed.landed.name(), RemoteRepositoryControllerTest.tip(killed.app, "main"), "the interrupted landing is on the server");
        WorkCycle interrupted = history(killed.state).get(1);
        assertEquals(CycleOutcome.INTERRUPTED, interrupted.outcome());
        assertTrue(interrupted.error().contains("had landed before"), interrupted.error());
        assertEquals(killed.landed.name(), interrupted.landing().commit());
        assertEquals(CycleOutcome.NO_CHANGE, ran.get(0).outcome(), () -> "nothing is left to do: " + terminal);
        assertEquals(1, landingsOfFixer(killed.app), "the change landed exactly once");
        assertEquals("done a\n", RemoteRepositoryControllerTest.read(killed.app, "main", "mine/a.txt"));
    }

    @Test
    void whenAPersonPushedMeanwhileTheMirrorFollowsThemAndTheChangeLandsOnceOnTop() throws Exception {
        Killed killed = killDuringPush();
        Path clone = temp.resolve("human");
        String theirs;
        try (Git git = Git.cloneRepository().setURI(killed.app.toUri().toString()).setDirectory(clone.toFile()).call()) {
            GitRepos.write(clone, Map.of("docs/theirs.md", "a person's commit\n"));
            theirs = GitRepos.commitAll(clone, "a person's commit").name();
            git.push().add("main").call();
        }
        StringWriter terminal = new StringWriter();
        List<WorkCycle> ran = restart(killed, terminal);

        assertTrue(terminal.toString().contains("did not push " + killed.landed.abbreviate(7).name()), terminal::toString);
        WorkCycle interrupted = history(killed.state).get(1);
        assertEquals(CycleOutcome.INTERRUPTED, interrupted.outcome());
        assertFalse(interrupted.error().contains("had landed before"), "its commit is not on the remote: " + interrupted.error());
        WorkCycle again = ran.get(0);
        assertEquals(CycleOutcome.LANDED, again.outcome(), terminal::toString);
        assertEquals(theirs, again.baseCommit(), "the work is done again on top of the person's commit");
        RemoteRepositoryControllerTest.awaitTip(killed.app, again.landing().commit(), terminal);
        assertEquals(1, landingsOfFixer(killed.app), "the change landed exactly once");
        assertEquals("done a\n", RemoteRepositoryControllerTest.read(killed.app, "main", "mine/a.txt"));
        assertEquals("a person's commit\n", RemoteRepositoryControllerTest.read(killed.app, "main", "docs/theirs.md"));
    }

    private record Killed(Path app, Path state, Path hold, GitDaemon daemon, ObjectId landed) {}

    /** Runs one cycle in a child JVM and kills it while the server holds its push; the server then refuses that push. */
    private Killed killDuringPush() throws Exception {
        Path bare = TodoRepository.create(temp.resolve("work"), "triggered", "sed -i s/TODO/done/ mine/a.txt");
        Path served = temp.resolve("served");
        Files.createDirectories(served);
        Path app = served.resolve("app.git");
        Git.cloneRepository().setBare(true).setURI(bare.toUri().toString()).setDirectory(app.toFile()).call().close();
        Path hold = temp.resolve("hold");
        Files.createDirectories(hold);
        Path hook = app.resolve("hooks/pre-receive");
        Files.createDirectories(hook.getParent());
        // Held until released; refused while "refuse" exists; a push after the release and without it is taken.
        Files.writeString(hook, "#!/bin/sh\ntouch " + hold.resolve("pushing") + "\nwhile [ ! -f " + hold.resolve("release")
                + " ]; do sleep 0.05; done\nif [ -f " + hold.resolve("refuse") + " ]; then touch " + hold.resolve("refused")
                + "; echo 'refused after the kill' >&2; exit 1; fi\nexit 0\n");
        assertTrue(hook.toFile().setExecutable(true));
        Files.writeString(hold.resolve("refuse"), "");
        String before = RemoteRepositoryControllerTest.tip(app, "main");
        GitDaemon daemon = GitDaemon.serve(served);
        Path state = temp.resolve("state");
        Path log = temp.resolve("first-run.log");
        Process first = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "io.manybot.cli.ManybotCommand",
                "run", daemon.url("app.git"), "--once", "--state-dir", state.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            for (int i = 0; i < 1800 && !Files.exists(hold.resolve("pushing")); i++) {
                assertTrue(first.isAlive(), () -> "the run ended before its push: " + read(log));
                Thread.sleep(100);
            }
            assertTrue(Files.exists(hold.resolve("pushing")), () -> "the push never reached the server: " + read(log));
        } finally {
            first.descendants().forEach(ProcessHandle::destroyForcibly);
            first.destroyForcibly();
        }
        assertTrue(first.waitFor(30, TimeUnit.SECONDS));
        Files.writeString(hold.resolve("release"), "");
        // the hook refuses the push it held: the server's branch is never updated by it
        awaitFile(hold.resolve("refused"));
        assertEquals(before, RemoteRepositoryControllerTest.tip(app, "main"), "the server never took the push");
        ObjectId landed;
        try (Git mirror = Git.open(onlyMirror(state).toFile())) {
            landed = mirror.getRepository().resolve("refs/heads/main");
        }
        assertFalse(landed.name().equals(before), "the cycle had landed on the mirror");
        Files.delete(hold.resolve("refuse"));
        return new Killed(app, state, hold, daemon, landed);
    }

    private List<WorkCycle> restart(Killed killed, StringWriter terminal) throws Exception {
        try (GitDaemon daemon = killed.daemon) {
            LocalController.Remote remote = new LocalController.Remote(daemon.url("app.git"), "main", Duration.ofHours(1), null, null, Map.of());
            return new LocalController(LocalController.Options.remote(remote, killed.state, 1, 1, ".manybot", Duration.ofSeconds(20)),
                    new PrintWriter(terminal, true), Clock.systemUTC()).run();
        }
    }

    private static void awaitFile(Path file) throws Exception {
        for (int i = 0; i < 600 && !Files.exists(file); i++) {
            Thread.sleep(100);
        }
        assertTrue(Files.exists(file), file + " never appeared");
    }

    private static Path onlyMirror(Path state) throws Exception {
        try (var mirrors = Files.list(state.resolve("mirrors"))) {
            return mirrors.filter(p -> !p.getFileName().toString().startsWith(".")).findFirst().orElseThrow();
        }
    }

    private static List<WorkCycle> history(Path state) throws Exception {
        try (StateStore store = StateStore.open(state)) {
            return store.cycles("fixer", 10);
        }
    }

    private static long landingsOfFixer(Path app) throws Exception {
        long touching = 0;
        try (Git git = Git.open(app.toFile())) {
            for (RevCommit commit : git.log().add(git.getRepository().resolve("refs/heads/main")).addPath("mine/a.txt").call()) {
                touching += "fixer".equals(CommitMessages.trailers(commit.getFullMessage()).get("Manybot-Bot")) ? 1 : 0;
            }
        }
        return touching;
    }

    private static String read(Path log) {
        try {
            return Files.readString(log);
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }
}
