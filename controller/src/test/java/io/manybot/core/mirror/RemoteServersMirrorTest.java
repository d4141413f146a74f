package io.manybot.core.mirror;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.manybot.core.mirror.PushResult.RefPush;
import io.manybot.testing.GitDaemon;
import io.manybot.testing.GitRepos;
import io.manybot.testing.SmartHttpGit;
import io.manybot.testing.SshGitServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Repository mirrors against real git servers on loopback: git's smart HTTP ({@code git http-backend})
 * behind Basic authentication, {@code git daemon} (the git protocol), and an SSH server running the real
 * {@code git-upload-pack} / {@code git-receive-pack}, with the host key checked against known_hosts.
 */
class RemoteServersMirrorTest {
    @TempDir
    Path dir;

    private Path served;
    private Path remote;
    private RepositoryMirrors mirrors;

    @BeforeEach
    void setUp() throws Exception {
        Path work = dir.resolve("work");
        GitRepos.write(work, Map.of("README.md", "# app\n"));
        GitRepos.initAndCommit(work, "initial");
        served = dir.resolve("served");
        remote = served.resolve("app.git");
        Git.cloneRepository().setURI(work.toUri().toString()).setDirectory(remote.toFile()).setBare(true).call().close();
        mirrors = new RepositoryMirrors(dir.resolve("mirrors"), Duration.ofMinutes(5), Clock.systemUTC());
    }

    @AfterEach
    void tearDown() {
        mirrors.close();
    }

    @Test
    void smartHttpWithBasicAuthentication() throws Exception {
        try (SmartHttpGit server = SmartHttpGit.serve(served, "alice", "s3cret-token-x")) {
            roundTrip(server.url("app.git"), new GitCredentials("alice", "s3cret-token-x"));

            MirrorException refused = assertThrows(MirrorException.class,
                    () -> mirrors.sync(server.url("app.git"), "release", new GitCredentials("alice", "wrong-pw-123"), true));
            assertTrue(refused.getMessage().contains("authentication to " + server.url("app.git") + " failed for user 'alice'"),
                    refused.getMessage());
            assertTrue(refused.getMessage().contains("check the token or password"), refused.getMessage());
            assertNoSecret(refused, "wrong-pw-123");
            MirrorException none = assertThrows(MirrorException.class, () -> mirrors.sync(server.url("app.git"), "release", null, true));
            assertTrue(none.getMessage().contains("no username and password or token given"), none.getMessage());
        }
    }

    @Test
    void gitDaemonWithReceivePack() throws Exception {
        try (GitDaemon daemon = GitDaemon.serve(served)) {
            roundTrip(daemon.url("app.git"), null);
        }
    }

    @Test
    void sshWithAKeyAndKnownHosts() throws Exception {
        KeyPair client = SshGitServer.newKeyPair();
        try (SshGitServer server = SshGitServer.serve(served, client.getPublic())) {
            String key = SshGitServer.privateKeyText(client);
            roundTrip(server.url("app.git"), GitCredentials.ssh(new SshKey(key, server.knownHostsLine())));
        }
    }

    @Test
    void sshRefusesAnUnknownHostKeyAndAKeyTheServerDoesNotAccept() throws Exception {
        KeyPair client = SshGitServer.newKeyPair();
        try (SshGitServer server = SshGitServer.serve(served, client.getPublic());
                SshGitServer impostor = SshGitServer.serve(served, client.getPublic())) {
            String key = SshGitServer.privateKeyText(client);
            // known_hosts names the other server's key for this address: the key does not match
            String wrongLine = impostor.knownHostsLine().replace(":" + impostor.port() + " ", ":" + server.port() + " ");
            MirrorException unknown = assertThrows(MirrorException.class,
                    () -> mirrors.sync(server.url("app.git"), "main", GitCredentials.ssh(new SshKey(key, wrongLine)), true));
            assertTrue(unknown.getMessage().contains("the ssh host key of 127.0.0.1:" + server.port() + " is not in the known_hosts"),
                    unknown.getMessage());
            assertTrue(unknown.getMessage().contains("ssh-keyscan -p " + server.port() + " 127.0.0.1"), unknown.getMessage());
            MirrorException empty = assertThrows(MirrorException.class,
                    () -> mirrors.sync(server.url("app.git"), "main", GitCredentials.ssh(new SshKey(key, "")), true));
            assertTrue(empty.getMessage().contains("is not in the known_hosts"), empty.getMessage());
            assertFalse(Files.exists(dir.resolve("mirrors").resolve(".ssh").resolve("known_hosts")));

            String otherKey = SshGitServer.privateKeyText(SshGitServer.newKeyPair());
            MirrorException refused = assertThrows(MirrorException.class,
                    () -> mirrors.sync(server.url("app.git"), "main", GitCredentials.ssh(new SshKey(otherKey, server.knownHostsLine())), true));
            assertTrue(refused.getMessage().contains("the server refused the private key given"), refused.getMessage());
            assertNoSecret(refused, otherKey.lines().skip(1).findFirst().orElseThrow());
        }
    }

    /** Clone, land and push (compare-and-swap), a refused push when the remote moved, a fetch that sees it. */
    private void roundTrip(String url, GitCredentials credentials) throws Exception {
        Mirror mirror = mirrors.sync(url, "main", credentials, false);
        assertTrue(mirror.fetched());
        assertEquals(remoteTip("main").name(), mirror.commit());

        ObjectId landed = landOnMirror(mirror, "main", "src/app.py", "print('one')\n");
        ObjectId proposal = landOnMirror(mirror, "manybot/proposals/bot/c1", "docs/guide.md", "proposed\n");
        PushResult pushed = mirrors.push(mirror, List.of("main", "manybot/proposals/bot/c1"), credentials);
        assertTrue(pushed.allOk(), pushed.toString());
        assertEquals(landed, remoteTip("main"));
        assertEquals(proposal, remoteTip("manybot/proposals/bot/c1"));

        ObjectId mine = landOnMirror(mirror, "main", "src/app.py", "print('two')\n");
        ObjectId theirs = commitOnServer("docs/theirs.md");
        PushResult refused = mirrors.push(mirror, List.of("main"), credentials);
        assertEquals(RefPush.REJECTED_REMOTE_CHANGED, refused.refs().get(0).status(), refused.toString());
        assertEquals(theirs, remoteTip("main"), "someone else's commit is never overwritten");

        Mirror fetched = mirrors.sync(url, "main", credentials, false);
        assertTrue(fetched.fetched(), "a refused push makes the next sync fetch");
        assertEquals(mine.name(), fetched.commit(), "the unpushed commit is kept");
        assertEquals(List.of("main"), fetched.unpushed());
    }

    /** Commits {@code path} on {@code branch} of the mirror, as a landing does (through a clone of the mirror). */
    private ObjectId landOnMirror(Mirror mirror, String branch, String path, String content) throws Exception {
        Path clone = Files.createTempDirectory(dir, "land-");
        try (Git git = Git.cloneRepository().setURI(mirror.directory().toUri().toString()).setDirectory(clone.toFile()).call()) {
            GitRepos.write(clone, Map.of(path, content));
            RevCommit commit = GitRepos.commitAll(clone, "bot: " + path);
            git.push().add(commit.name() + ":refs/heads/" + branch).call();
            return commit;
        }
    }

    /** Someone else's commit on the served repository's main. */
    private ObjectId commitOnServer(String path) throws Exception {
        Path clone = Files.createTempDirectory(dir, "other-");
        try (Git git = Git.cloneRepository().setURI(remote.toUri().toString()).setDirectory(clone.toFile()).call()) {
            GitRepos.write(clone, Map.of(path, "theirs\n"));
            RevCommit commit = GitRepos.commitAll(clone, "other: " + path);
            git.push().add(commit.name() + ":refs/heads/main").call();
            return commit;
        }
    }

    private ObjectId remoteTip(String branch) throws Exception {
        try (Git git = Git.open(remote.toFile())) {
            Ref ref = git.getRepository().exactRef("refs/heads/" + branch);
            return ref == null ? null : ref.getObjectId();
        }
    }

    private static void assertNoSecret(Throwable thrown, String secret) {
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            assertFalse(String.valueOf(t.getMessage()).contains(secret), t.getMessage());
        }
    }
}
