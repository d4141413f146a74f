package io.manybot.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.manybot.core.cycle.ChangedFile;
import io.manybot.core.cycle.CycleOutcome;
import io.manybot.core.cycle.WorkCycle;
import io.manybot.local.state.BotState;
import io.manybot.local.state.StateStore;
import io.manybot.testing.GitDaemon;
import io.manybot.testing.GitRepos;
import io.manybot.testing.SmartHttpGit;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local home on remote repositories served for real on loopback: it mirrors the URL into the state
 * directory, runs the cycle on the mirror and pushes the landing to the server (compare-and-swap); a bot
 * whose repository refuses its credentials gets a status line naming the fix while another bot lands.
 */
class RemoteRepositoryControllerTest {
    private static final String PASSWORD = "pw-for-alice-7f3e";

    @TempDir
    Path temp;

    @Test
    void aCycleOnAnHttpsRemoteWithCredentialsLandsOnTheServersBranch() throws Exception {
        Path served = temp.resolve("served");
        Path bare = TodoRepository.create(temp.resolve("work"), "triggered", "sed -i s/TODO/done/ mine/a.txt");
        Files.createDirectories(served);
        Git.cloneRepository().setBare(true).setURI(bare.toUri().toString()).setDirectory(served.resolve("app.git").toFile()).call().close();
        Path state = temp.resolve("state");
        StringWriter terminal = new StringWriter();
        try (SmartHttpGit server = SmartHttpGit.serve(served, "alice", PASSWORD)) {
            LocalController.Remote remote = new LocalController.Remote(server.url("app.git"), "main", Duration.ofMinutes(1), null, null,
                    Map.of("MANYBOT_GIT_USERNAME", "alice", "MANYBOT_GIT_PASSWORD", PASSWORD));
            List<WorkCycle> ran = new LocalController(LocalController.Options.remote(remote, state, 1, 1, ".manybot", Duration.ofSeconds(20)),
                    new PrintWriter(terminal, true), Clock.systemUTC()).run();

            assertEquals(1, ran.size(), terminal::toString);
            WorkCycle cycle = ran.get(0);
            assertEquals(CycleOutcome.LANDED, cycle.outcome(), terminal::toString);
            assertEquals(cycle.landing().commit(), tip(served.resolve("app.git"), "main"), "the landing is on the server's main");
            assertEquals("done a\n", read(served.resolve("app.git"), "main", "mine/a.txt"));
            assertTrue(terminal.toString().contains("working on a mirror of " + server.url("app.git") + " (branch main)"), terminal::toString);
            assertTrue(terminal.toString().contains("pushed to " + server.url("app.git")), terminal::toString);
        }
        assertFalse(terminal.toString().contains(PASSWORD));
        assertNoSecretUnder(state, PASSWORD);
    }

    @Test
    void aBotWhoseRemoteRefusesItsCredentialsWaitsWithTheFixWhileAnotherBotLands() throws Exception {
        Path served = temp.resolve("served");
        Path work = temp.resolve("work");
        GitRepos.write(work, Map.of("mine/OWNERS", "primary: manybot:fixer\n", "mine/a.txt", "TODO a\n",
                ".manybot/goal.yaml", TodoRepository.GOAL, ".manybot/fixer.yaml", TodoRepository.bot("triggered", "sed -i s/TODO/done/ mine/a.txt")));
        GitRepos.initAndCommit(work, "initial");
        Files.createDirectories(served);
        Git.cloneRepository().setBare(true).setURI(work.toUri().toString()).setDirectory(served.resolve("app.git").toFile()).call().close();
        Git.cloneRepository().setBare(true).setURI(work.toUri().toString()).setDirectory(served.resolve("other.git").toFile()).call().close();
        Path secrets = temp.resolve("git-secrets");
        GitRepos.write(secrets, Map.of("wrong/username", "alice\n", "wrong/password", "not-the-password-91\n"));
        Path state = temp.resolve("state");
        StringWriter terminal = new StringWriter();
        try (GitDaemon daemon = GitDaemon.serve(served); SmartHttpGit https = SmartHttpGit.serve(served, "alice", PASSWORD)) {
            // the other bot's declaration names the https server with the wrong password
            try (Git git = Git.open(work.toFile())) {
                GitRepos.write(work, Map.of(".manybot/other.yaml", TodoRepository.bot("triggered", "sed -i s/TODO/done/ mine/a.txt")
                        .replace("name: fixer", "name: other")
                        + "  repository:\n    url: " + https.url("other.git") + "\n    credentialsSecret: wrong\n"));
                GitRepos.commitAll(work, "the other bot");
                git.push().setRemote(served.resolve("app.git").toUri().toString()).add("main").call();
            }
            LocalController.Remote remote = new LocalController.Remote(daemon.url("app.git"), "main", Duration.ofMinutes(1), null, secrets,
                    Map.of());
            List<WorkCycle> ran = new LocalController(LocalController.Options.remote(remote, state, 1, 2, ".manybot", Duration.ofSeconds(20)),
                    new PrintWriter(terminal, true), Clock.systemUTC()).run();

            assertEquals(List.of("fixer"), ran.stream().map(WorkCycle::bot).toList(), terminal::toString);
            assertEquals(CycleOutcome.LANDED, ran.get(0).outcome(), terminal::toString);
            assertEquals(ran.get(0).landing().commit(), tip(served.resolve("app.git"), "main"), "pushed over the git protocol");
            assertTrue(https.refused() > 0);
            try (StateStore store = StateStore.open(state)) {
                BotState other = store.bot("other").orElseThrow();
                assertTrue(other.message().contains("repository " + https.url("other.git") + ": authentication to " + https.url("other.git")
                        + " failed for user 'alice': check the token or password"), other.message());
            }
        }
        assertFalse(terminal.toString().contains("not-the-password-91"), terminal::toString);
        assertNoSecretUnder(state, "not-the-password-91");
    }

    @Test
    void aPushWebhookFetchesTheMirrorAtOnceAndTheBotWorksOnTheNewCommit() throws Exception {
        // an hour between fetches: only the webhook can bring the new commit in time
        aNewCommitOnTheServerReachesTheBot(Duration.ofHours(1), true);
    }

    @Test
    void theMirrorIsFetchedOnTheIntervalWithoutAWebhook() throws Exception {
        aNewCommitOnTheServerReachesTheBot(Duration.ofSeconds(1), false);
    }

    private void aNewCommitOnTheServerReachesTheBot(Duration fetchInterval, boolean webhook) throws Exception {
        Path served = temp.resolve("served");
        Path bare = TodoRepository.create(temp.resolve("work"), "triggered", "sed -i s/TODO/done/ mine/*.txt");
        Files.createDirectories(served);
        Git.cloneRepository().setBare(true).setURI(bare.toUri().toString()).setDirectory(served.resolve("app.git").toFile()).call().close();
        Path state = temp.resolve("state");
        StringWriter terminal = new StringWriter();
        String secret = "webhook-secret-for-the-test";
        try (GitDaemon daemon = GitDaemon.serve(served)) {
            String url = daemon.url("app.git");
            LocalController.Remote remote = new LocalController.Remote(url, "main", fetchInterval, null, null, Map.of());
            LocalController controller = new LocalController(LocalController.Options.remote(remote, state, null, 1, ".manybot",
                    Duration.ofSeconds(20)), new PrintWriter(terminal, true), Clock.systemUTC());
            java.util.concurrent.atomic.AtomicReference<Throwable> failure = new java.util.concurrent.atomic.AtomicReference<>();
            Thread running = new Thread(() -> {
                try {
                    controller.run();
                } catch (Throwable e) {
                    failure.set(e);
                }
            });
            running.start();
            try (io.manybot.local.api.ApiServer server = io.manybot.local.api.ApiServer.start(io.manybot.local.api.ApiSettings.of(
                    "127.0.0.1:0", null, null, Map.of(io.manybot.local.api.ApiSettings.WEBHOOK_SECRET_ENV, secret)), controller.view())) {
                WorkCycle first = awaitCycle(state, "fixer", 1, terminal, failure);
                assertEquals(CycleOutcome.LANDED, first.outcome(), terminal::toString);
                awaitTip(served.resolve("app.git"), first.landing().commit(), terminal);

                // someone else adds a TODO on the server; a push webhook names the repository
                Path clone = temp.resolve("human");
                String theirs;
                try (Git git = Git.cloneRepository().setURI(served.resolve("app.git").toUri().toString()).setDirectory(clone.toFile()).call()) {
                    GitRepos.write(clone, Map.of("mine/b.txt", "TODO b\n"));
                    theirs = GitRepos.commitAll(clone, "a new TODO").name();
                    git.push().add("main").call();
                }
                byte[] payload = ("{\"ref\":\"refs/heads/main\",\"before\":\"" + first.landing().commit() + "\",\"after\":\"" + theirs
                        + "\",\"repository\":{\"full_name\":\"app\",\"clone_url\":\"" + url + "\"},"
                        + "\"pusher\":{\"name\":\"human\"},\"sender\":{\"login\":\"human\"},"
                        + "\"commits\":[{\"id\":\"" + theirs + "\",\"added\":[\"mine/b.txt\"],\"modified\":[],\"removed\":[],"
                        + "\"author\":{\"username\":\"human\"}}]}").getBytes(StandardCharsets.UTF_8);
                io.manybot.testing.ApiCalls calls = new io.manybot.testing.ApiCalls("http://127.0.0.1:" + server.port());
                if (webhook) {
                    var answer = calls.post("/webhooks/github", payload, Map.of("X-GitHub-Event", "push", "X-GitHub-Delivery", "d-1",
                        "Content-Type", "application/json", "X-Hub-Signature-256", io.manybot.core.event.WebhookVerifier.sign(secret, payload)));
                    assertEquals(202, answer.statusCode(), answer.body());
                }

                WorkCycle second = awaitCycle(state, "fixer", 2, terminal, failure);
                assertEquals(theirs, second.baseCommit(), () -> "the cycle starts from the commit the webhook announced; " + second.trigger() + "\n" + terminal);
                assertEquals(CycleOutcome.LANDED, second.outcome(), terminal::toString);
                awaitTip(served.resolve("app.git"), second.landing().commit(), terminal);
                assertEquals("done b\n", read(served.resolve("app.git"), "main", "mine/b.txt"));
            } finally {
                controller.stop();
                running.join(60_000);
            }
            assertFalse(running.isAlive());
            if (failure.get() != null) {
                throw new AssertionError(failure.get());
            }
        }
    }

    @Test
    void whenTheRemoteMovesBetweenTheCyclesBaseAndItsPushTheChangeIsRebasedOntoTheRemotesTipAndPushed() throws Exception {
        Path served = temp.resolve("served");
        Path work = temp.resolve("work");
        Path started = temp.resolve("started");
        Path go = temp.resolve("go");
        GitRepos.write(work, Map.of("OWNERS", "primary: human:olivia\n", "mine/OWNERS", "primary: manybot:fixer\n", "mine/a.txt", "TODO a\n",
                "theirs/OWNERS", "primary: human:tom\ndelegates:\n  - principal: manybot:fixer\n    level: contributor\n",
                "theirs/x.txt", "x\n", ".manybot/goal.yaml", TodoRepository.GOAL,
                ".manybot/fixer.yaml", TodoRepository.bot("triggered", "touch " + started + "; while [ ! -f " + go + " ]; do sleep 0.05; done;"
                        + " sed -i s/TODO/done/ mine/a.txt; echo proposed > theirs/x.txt")));
        GitRepos.initAndCommit(work, "initial");
        Files.createDirectories(served);
        Path app = served.resolve("app.git");
        Git.cloneRepository().setBare(true).setURI(work.toUri().toString()).setDirectory(app.toFile()).call().close();
        Path state = temp.resolve("state");
        StringWriter terminal = new StringWriter();
        try (SmartHttpGit server = SmartHttpGit.serve(served, "alice", PASSWORD)) {
            // an hour between fetches: the mirror learns that the remote moved only from the refused push
            LocalController.Remote remote = new LocalController.Remote(server.url("app.git"), "main", Duration.ofHours(1), null, null,
                    Map.of("MANYBOT_GIT_USERNAME", "alice", "MANYBOT_GIT_PASSWORD", PASSWORD));
            LocalController controller = new LocalController(LocalController.Options.remote(remote, state, 1, 1, ".manybot",
                    Duration.ofSeconds(20)), new PrintWriter(terminal, true), Clock.systemUTC());
            java.util.concurrent.atomic.AtomicReference<List<WorkCycle>> ran = new java.util.concurrent.atomic.AtomicReference<>();
            java.util.concurrent.atomic.AtomicReference<Throwable> failure = new java.util.concurrent.atomic.AtomicReference<>();
            Thread running = new Thread(() -> {
                try {
                    ran.set(controller.run());
                } catch (Throwable e) {
                    failure.set(e);
                }
            });
            running.start();
            String theirs;
            try {
                for (int i = 0; i < 1200 && !Files.exists(started) && failure.get() == null; i++) {
                    Thread.sleep(100);
                }
                assertTrue(Files.exists(started), () -> terminal + "\n" + failure.get());
                // a human pushes to the server while the cycle executes
                Path clone = temp.resolve("human");
                try (Git git = Git.cloneRepository().setURI(app.toUri().toString()).setDirectory(clone.toFile()).call()) {
                    GitRepos.write(clone, Map.of("docs/theirs.md", "a human's commit\n"));
                    theirs = GitRepos.commitAll(clone, "a human's commit").name();
                    git.push().add("main").call();
                }
                Files.writeString(go, "go");
                running.join(120_000);
            } finally {
                controller.stop();
                running.join(60_000);
            }
            if (failure.get() != null) {
                throw new AssertionError(failure.get());
            }
            WorkCycle cycle = ran.get().get(0);
            assertEquals(CycleOutcome.LANDED, cycle.outcome(), terminal::toString);
            assertEquals(1, cycle.landing().rebasedOver(), terminal::toString);
            assertEquals(cycle.landing().commit(), tip(app, "main"), "the rebased change is on the server's main");
            try (Repository repository = Git.open(app.toFile()).getRepository(); RevWalk walk = new RevWalk(repository)) {
                assertEquals(theirs, walk.parseCommit(repository.resolve("refs/heads/main")).getParent(0).name(),
                        "on top of the human's commit, which is kept");
            }
            assertEquals("done a\n", read(app, "main", "mine/a.txt"));
            assertEquals("a human's commit\n", read(app, "main", "docs/theirs.md"));
            assertEquals("proposed\n", read(app, cycle.landing().proposalBranch().replaceFirst("^refs/heads/", ""), "theirs/x.txt"),
                    "the proposal branch is pushed");
            assertTrue(terminal.toString().contains("moved since the mirror's last fetch"), terminal::toString);
        }
        assertFalse(terminal.toString().contains(PASSWORD));
    }

    @Test
    void aPushTheServerRefusesTurnsTheLandingIntoAProposalPushedBesideItAndPutsTheMirrorBack() throws Exception {
        Path served = temp.resolve("served");
        Path bare = TodoRepository.create(temp.resolve("work"), "triggered", "sed -i s/TODO/done/ mine/a.txt");
        Files.createDirectories(served);
        Path app = served.resolve("app.git");
        Git.cloneRepository().setBare(true).setURI(bare.toUri().toString()).setDirectory(app.toFile()).call().close();
        String before = tip(app, "main");
        Path hook = app.resolve("hooks/pre-receive");
        Files.createDirectories(hook.getParent());
        // A protected main, as a branch protection refuses it: other branches (proposals) are taken.
        Files.writeString(hook, "#!/bin/sh\nwhile read old new ref; do\n  if [ \"$ref\" = refs/heads/main ]; then"
                + " echo 'main is protected: open a pull request' >&2; exit 1; fi\ndone\nexit 0\n");
        hook.toFile().setExecutable(true);
        Path state = temp.resolve("state");
        StringWriter terminal = new StringWriter();
        try (GitDaemon daemon = GitDaemon.serve(served)) {
            LocalController.Remote remote = new LocalController.Remote(daemon.url("app.git"), "main", Duration.ofHours(1), null, null, Map.of());
            List<WorkCycle> ran = new LocalController(LocalController.Options.remote(remote, state, 1, 1, ".manybot", Duration.ofSeconds(20)),
                    new PrintWriter(terminal, true), Clock.systemUTC()).run();
            WorkCycle cycle = ran.get(0);
            assertEquals(CycleOutcome.PROPOSED, cycle.outcome(), terminal::toString);
            ChangedFile file = cycle.changes().stream().filter(c -> c.path().equals("mine/a.txt")).findFirst().orElseThrow();
            assertEquals(ChangedFile.Disposition.PROPOSED, file.disposition(), file::toString);
            assertTrue(file.reason().contains("pre-receive hook declined"), file.reason());
            assertEquals(before, tip(app, "main"), "the server's branch is untouched");
            String proposal = cycle.landing().proposalBranch();
            assertEquals("done a\n", read(app, proposal, "mine/a.txt"), "the proposal branch " + proposal + " is on the server");
            try (Stream<Path> mirrors = Files.list(state.resolve("mirrors"))) {
                Path mirror = mirrors.filter(p -> !p.getFileName().toString().startsWith(".")).findFirst().orElseThrow();
                assertEquals(before, tip(mirror, "main"), "the mirror keeps no landing its remote does not have");
            }
        }
    }

    /** The {@code count}-th finished cycle of {@code bot}. */
    static WorkCycle awaitCycle(Path state, String bot, int count, StringWriter terminal,
            java.util.concurrent.atomic.AtomicReference<Throwable> failure) throws Exception {
        for (int i = 0; i < 1200; i++) {
            if (failure.get() != null) {
                throw new AssertionError("the controller failed", failure.get());
            }
            if (Files.exists(state.resolve(StateStore.FILE_NAME))) {
                try (StateStore store = StateStore.open(state)) {
                    List<WorkCycle> done = store.cycles(bot, 20).stream().filter(c -> c.outcome() != null).toList();
                    if (done.size() >= count) {
                        return done.get(done.size() - count);
                    }
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no cycle " + count + " of " + bot + " within 120 s; terminal:\n" + terminal);
    }

    /** Waits until the server's main is {@code commit} (pushed after the cycle is recorded). */
    static void awaitTip(Path bare, String commit, StringWriter terminal) throws Exception {
        for (int i = 0; i < 600; i++) {
            if (commit.equals(tip(bare, "main"))) {
                return;
            }
            Thread.sleep(100);
        }
        assertEquals(commit, tip(bare, "main"), terminal::toString);
    }

    static String tip(Path bare, String branch) throws Exception {
        try (Repository repository = Git.open(bare.toFile()).getRepository()) {
            return repository.resolve("refs/heads/" + branch).name();
        }
    }

    static String read(Path bare, String branch, String path) throws Exception {
        try (Repository repository = Git.open(bare.toFile()).getRepository(); RevWalk walk = new RevWalk(repository)) {
            var commit = walk.parseCommit(repository.resolve("refs/heads/" + branch));
            try (TreeWalk tree = TreeWalk.forPath(repository, path, commit.getTree())) {
                return new String(repository.open(tree.getObjectId(0)).getBytes(), StandardCharsets.UTF_8);
            }
        }
    }

    /** No file of the state directory (database, audit log, mirrors' config) holds {@code secret}. */
    static void assertNoSecretUnder(Path state, String secret) throws Exception {
        try (Stream<Path> files = Files.walk(state)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                byte[] content = Files.readAllBytes(file);
                assertFalse(new String(content, StandardCharsets.ISO_8859_1).contains(secret), file::toString);
            }
        }
    }
}
