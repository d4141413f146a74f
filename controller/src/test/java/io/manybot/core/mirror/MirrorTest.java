package io.manybot.core.mirror;

import io.manybot.testing.SettableClock;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.manybot.core.mirror.PushResult.RefPush;
import io.manybot.core.workspace.CommitMessages;
import io.manybot.core.workspace.IsolatedCheckout;
import io.manybot.core.workspace.LandResult;
import io.manybot.core.workspace.Lander;
import io.manybot.core.workspace.SourceRepository;
import io.manybot.testing.GitRepos;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MirrorTest {
    private static final PersonIdent BOT = new PersonIdent("manybot:fixer", "fixer@bots.manybot.io");

    @TempDir
    Path dir;

    private Path remote;
    private String url;
    private Path root;
    private final SettableClock clock = new SettableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private RepositoryMirrors mirrors;
    private int clones;

    @BeforeEach
    void setUp() throws Exception {
        Path work = dir.resolve("work");
        GitRepos.write(work, Map.of("README.md", "# app\n"));
        GitRepos.initAndCommit(work, "initial");
        remote = dir.resolve("remote.git");
        Git.cloneRepository().setURI(work.toUri().toString()).setDirectory(remote.toFile()).setBare(true).call().close();
        url = "file://" + remote.toAbsolutePath();
        root = dir.resolve("mirrors");
        mirrors = new RepositoryMirrors(root, Duration.ofMinutes(5), clock);
    }

    @AfterEach
    void tearDown() {
        mirrors.close();
    }

    @Test
    void clonesOnceThenFetchesWhenDueOrForced() throws Exception {
        Mirror first = mirrors.sync(url, "main", null, false);
        assertTrue(first.fetched());
        assertEquals(remoteTip("main").name(), first.commit());
        assertEquals(clock.instant(), first.fetchedAt());
        assertEquals(List.of(), first.unpushed());
        assertTrue(first.directory().startsWith(root));
        assertTrue(first.directory().getFileName().toString().matches("tmp-junit-[0-9]+-remote-[0-9a-f]{12}"), first.directory().toString());
        try (SourceRepository source = SourceRepository.open(first.directory())) {
            assertTrue(source.repository().isBare());
            assertEquals(first.commit(), source.base(source.target("main")).name());
        }

        ObjectId newer = commitToRemote("main", "docs/a.md", "a\n");
        clock.advance(Duration.ofMinutes(4));
        Mirror cached = mirrors.sync(url, "main", null, false);
        assertFalse(cached.fetched(), "within the interval");
        assertEquals(first.commit(), cached.commit());
        assertEquals(first.fetchedAt(), cached.fetchedAt());

        Mirror forced = mirrors.sync(url, "main", null, true);
        assertTrue(forced.fetched());
        assertEquals(newer.name(), forced.commit());

        ObjectId newest = commitToRemote("main", "docs/b.md", "b\n");
        clock.advance(Duration.ofMinutes(4));
        assertFalse(mirrors.sync(url, "main", null, false).fetched());
        clock.advance(Duration.ofMinutes(1));
        Mirror due = mirrors.sync(url, "main", GitCredentials.token("ignored-for-file-urls"), false);
        assertTrue(due.fetched(), "the interval has passed");
        assertEquals(newest.name(), due.commit());
        assertEquals(clock.instant(), due.fetchedAt());
        assertEquals(first.directory(), due.directory());
        assertEquals(1, entries(root).size());

        // A new instance (a restarted operator) reuses the directory and fetches once.
        try (RepositoryMirrors again = new RepositoryMirrors(root, Duration.ofMinutes(5), clock)) {
            Mirror reused = again.sync(url, "main", null, false);
            assertTrue(reused.fetched());
            assertEquals(first.directory(), reused.directory());
            assertEquals(newest.name(), reused.commit());
        }
    }

    @Test
    void concurrentSyncsOfOneRepositoryShareOneClone() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Mirror>> futures = Stream.<Future<Mirror>>generate(() -> pool.submit(() -> {
                start.await();
                return mirrors.sync(url, "main", null, false);
            })).limit(4).toList();
            start.countDown();
            List<Mirror> results = futures.stream().map(f -> {
                try {
                    return f.get(60, TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            }).toList();
            assertEquals(1, results.stream().map(Mirror::directory).distinct().count());
            assertEquals(1, results.stream().map(Mirror::commit).distinct().count());
            assertEquals(1, results.stream().filter(Mirror::fetched).count(), "one clone, the others waited for it");
            assertEquals(List.of(results.get(0).directory()), entries(root), "no leftover temporary directories");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void differentBranchesGetDifferentMirrors() throws Exception {
        commitToRemote("release", "docs/r.md", "r\n");
        Mirror main = mirrors.sync(url, "main", null, false);
        Mirror release = mirrors.sync(url, "release", null, false);
        assertNotEquals(main.directory(), release.directory());
        assertEquals(remoteTip("release").name(), release.commit());
    }

    @Test
    void aLandedCommitIsPushedWithCompareAndSwapAndNeverThrownAwayByAFetch() throws Exception {
        Mirror mirror = mirrors.sync(url, "main", null, false);
        ObjectId base = ObjectId.fromString(mirror.commit());
        ObjectId landed = land(mirror, "refs/heads/main", base, "src/app.py", "print('one')\n", "c1");

        Mirror afterLanding = mirrors.sync(url, "main", null, true);
        assertEquals(landed.name(), afterLanding.commit(), "a fetch keeps the landed commit");
        assertEquals(List.of("main"), afterLanding.unpushed());
        assertEquals(base, remoteTip("main"));

        PushResult pushed = mirrors.push(afterLanding, List.of("main"), null);
        assertTrue(pushed.allOk(), pushed.toString());
        assertEquals(List.of(new RefPush("refs/heads/main", RefPush.OK, pushed.refs().get(0).message())), pushed.refs());
        assertEquals(landed, remoteTip("main"));
        assertEquals(List.of(), mirrors.sync(url, "main", null, true).unpushed());
        assertEquals(RefPush.UP_TO_DATE, mirrors.push(afterLanding, List.of("main"), null).refs().get(0).status());

        // The remote moves while another cycle lands on the mirror: the push is refused, nothing is lost.
        ObjectId second = land(mirror, "refs/heads/main", landed, "src/app.py", "print('two')\n", "c2");
        ObjectId theirs = commitToRemote("main", "docs/theirs.md", "theirs\n");
        PushResult refused = mirrors.push(mirror, List.of("refs/heads/main"), null);
        assertFalse(refused.allOk());
        assertEquals(RefPush.REJECTED_REMOTE_CHANGED, refused.refs().get(0).status());
        assertTrue(refused.refs().get(0).message().contains(landed.name()), refused.refs().get(0).message());
        assertEquals(theirs, remoteTip("main"), "the remote is untouched");

        Mirror after = mirrors.sync(url, "main", null, false);
        assertTrue(after.fetched(), "a refused push makes the next sync fetch");
        assertEquals(second.name(), after.commit(), "the unpushed commit is kept");
        assertEquals(List.of("main"), after.unpushed());
        assertEquals(theirs, mirrorRef(after, "refs/remotes/origin/main"), "what the remote has is recorded");
        // Not a fast-forward of what the remote has now: the remote moved past the landing, which the landing path
        // rebases (a fetch between a landing and its push leaves exactly this), not a refusal to propose around.
        RefPush notFastForward = mirrors.push(after, List.of("main"), null).refs().get(0);
        assertEquals(RefPush.REJECTED_REMOTE_CHANGED, notFastForward.status());
        assertTrue(notFastForward.message().contains("has commits the landing does not"), notFastForward.message());
        assertEquals(theirs, remoteTip("main"));
    }

    @Test
    void aProposalBranchIsPushedAsANewBranchAndFollowsTheRemote() throws Exception {
        Mirror mirror = mirrors.sync(url, "main", null, false);
        String proposal = "refs/heads/manybot/proposals/bot/c1";
        ObjectId commit = land(mirror, proposal, null, "docs/guide.md", "proposed\n", "c1");
        Mirror synced = mirrors.sync(url, "main", null, true);
        assertEquals(List.of("manybot/proposals/bot/c1"), synced.unpushed());
        assertEquals(mirror.commit(), synced.commit());

        PushResult pushed = mirrors.push(synced, List.of("manybot/proposals/bot/c1"), null);
        assertEquals(RefPush.OK, pushed.refs().get(0).status(), pushed.toString());
        assertEquals(proposal, pushed.refs().get(0).ref());
        assertEquals(commit, remoteTip("manybot/proposals/bot/c1"));
        assertEquals(List.of(), mirrors.sync(url, "main", null, true).unpushed());

        // Someone else pushes the same new branch first: must-not-exist fails.
        commitToRemote("manybot/proposals/bot/c2", "docs/x.md", "x\n");
        land(mirror, "refs/heads/manybot/proposals/bot/c2", null, "docs/guide.md", "mine\n", "c2");
        PushResult taken = mirrors.push(synced, List.of("manybot/proposals/bot/c2"), null);
        assertEquals(RefPush.REJECTED_REMOTE_CHANGED, taken.refs().get(0).status(), taken.toString());

        // The remote deletes a merged proposal: the mirror drops it too, since nothing on it is unpushed.
        try (Git git = Git.open(remote.toFile())) {
            git.branchDelete().setBranchNames(proposal).setForce(true).call();
        }
        mirrors.sync(url, "main", null, true);
        assertNull(mirrorRef(synced, proposal));
        assertNull(mirrorRef(synced, "refs/remotes/origin/manybot/proposals/bot/c1"));

        assertThrows(IllegalArgumentException.class, () -> mirrors.push(synced, List.of("other"), null));
        assertEquals(RefPush.REJECTED_OTHER, mirrors.push(synced, List.of("manybot/none"), null).refs().get(0).status());
    }

    @Test
    void errorsAreClearAndNeverShowAPassword() throws Exception {
        MirrorException missingBranch = assertThrows(MirrorException.class, () -> mirrors.sync(url, "nope", null, false));
        assertTrue(missingBranch.getMessage().contains("branch 'nope' does not exist"), missingBranch.getMessage());
        assertEquals(List.of(), entries(root), "a failed clone leaves nothing behind");

        MirrorException missingRepository = assertThrows(MirrorException.class,
                () -> mirrors.sync("file://" + dir.resolve("absent.git"), "main", null, false));
        assertTrue(missingRepository.getMessage().contains("not found"), missingRepository.getMessage());

        MirrorException unreachable = assertThrows(MirrorException.class,
                () -> mirrors.sync("http://alice:s3cr3t-pw@127.0.0.1:1/acme/app.git", "main", null, false));
        assertTrue(unreachable.getMessage().contains("http://alice:***@127.0.0.1:1/acme/app.git"), unreachable.getMessage());
        assertNoSecret(unreachable, "s3cr3t-pw");

        MirrorException withCredentials = assertThrows(MirrorException.class,
                () -> mirrors.sync("https://127.0.0.1:1/acme/app.git", "main", new GitCredentials("bob", "hunter2-pw"), true));
        assertNoSecret(withCredentials, "hunter2-pw");
        assertFalse(new GitCredentials("bob", "hunter2-pw").toString().contains("hunter2-pw"));
        assertFalse(GitCredentials.token("tok-123").toString().contains("tok-123"));

        for (String forbidden : List.of("ext::sh -c evil", "ext::sh", "-uhack", "--upload-pack=touch /tmp/x", "relative/path",
                "ftp://host/repo.git", "https://", "file://relative", "git@host:-oProxyCommand=x", "fd::17")) {
            MirrorException refused = assertThrows(MirrorException.class, () -> mirrors.sync(forbidden, "main", null, false), forbidden);
            assertTrue(refused.getMessage().startsWith("refusing repository url"), refused.getMessage());
        }
        MirrorException badBranch = assertThrows(MirrorException.class, () -> mirrors.sync(url, "-f", null, false));
        assertTrue(badBranch.getMessage().contains("not a branch"), badBranch.getMessage());
        assertThrows(MirrorException.class, () -> mirrors.sync(url, "manybot/x", null, false));
        assertEquals(List.of(), entries(root));

        // A directory that mirrors something else is never fetched into.
        Mirror mirror = mirrors.sync(url, "main", null, false);
        try (Git git = Git.open(mirror.directory().toFile())) {
            git.getRepository().getConfig().setString("manybot", "mirror", "url", "https://elsewhere/x.git");
            git.getRepository().getConfig().save();
        }
        MirrorException other = assertThrows(MirrorException.class, () -> mirrors.sync(url, "main", null, true));
        assertTrue(other.getMessage().contains("is not the mirror of"), other.getMessage());
    }

    @Test
    void acceptedUrlForms() throws Exception {
        for (String accepted : List.of("https://github.com/acme/app.git", "http://git.local:8080/app", "ssh://git@host/acme/app.git",
                "git@github.com:acme/app.git", "file:///srv/git/app.git", "/srv/git/app.git")) {
            MirrorUrls.validate(accepted);
        }
        assertEquals("https://bob:***@host/x and ssh://git@h/y", MirrorUrls.redact("https://bob:pw@host/x and ssh://git@h/y"));
        assertEquals("https://host/x", MirrorUrls.withoutUserInfo("https://bob:pw@host/x"));
        assertEquals(MirrorUrls.directoryName(MirrorUrls.validate("https://a:1@github.com/acme/app.git"), "https://a:1@github.com/acme/app.git", "main"),
                MirrorUrls.directoryName(MirrorUrls.validate("https://github.com/acme/app.git"), "https://github.com/acme/app.git", "main"),
                "credentials in the URL do not make another mirror");
        assertTrue(MirrorUrls.directoryName(MirrorUrls.validate("https://github.com/acme/app.git"), "https://github.com/acme/app.git", "main")
                .matches("github.com-acme-app-[0-9a-f]{12}"));
    }

    @Test
    void idleMirrorsAreRemoved() throws Exception {
        Mirror mirror = mirrors.sync(url, "main", null, false);
        clock.advance(Duration.ofHours(1));
        assertEquals(List.of(), mirrors.removeIdle(Duration.ofHours(2)));
        clock.advance(Duration.ofHours(2));
        assertEquals(List.of(mirror.directory()), mirrors.removeIdle(Duration.ofHours(2)));
        assertFalse(Files.exists(mirror.directory()));
        assertTrue(mirrors.sync(url, "main", null, false).fetched(), "cloned again on the next use");
    }

    /** Lands a one-file commit on the mirror the way a cycle does. */
    private ObjectId land(Mirror mirror, String ref, ObjectId expectedOld, String path, String content, String cycle)
            throws IOException {
        try (SourceRepository source = SourceRepository.open(mirror.directory())) {
            ObjectId base = expectedOld != null ? expectedOld : ObjectId.fromString(mirror.commit());
            try (IsolatedCheckout checkout = IsolatedCheckout.create(source, base, dir.resolve("checkout-" + cycle))) {
                Path file = checkout.directory().resolve(path);
                Files.createDirectories(file.getParent());
                Files.writeString(file, content);
                ObjectId commit = checkout.commit(List.of(path), CommitMessages.compose("Cycle " + cycle, "Edits " + path + ".",
                        Map.of("Manybot-Cycle", cycle)), BOT);
                LandResult result = new Lander().land(source, checkout, commit, ref, expectedOld, cycle);
                assertEquals(LandResult.Status.LANDED, result.status(), result.detail());
                return commit;
            }
        }
    }

    /** Commits on {@code branch} of the remote from a fresh clone, as someone else would. */
    private ObjectId commitToRemote(String branch, String path, String content) throws Exception {
        Path clone = Files.createTempDirectory(dir, "other-");
        try (Git git = Git.cloneRepository().setURI(url).setDirectory(clone.toFile()).call()) {
            GitRepos.write(clone, Map.of(path, content));
            RevCommit commit = GitRepos.commitAll(clone, "other: " + path);
            git.push().add(commit.name() + ":refs/heads/" + branch).call();
            return commit;
        }
    }

    private ObjectId remoteTip(String branch) throws IOException {
        try (Git git = Git.open(remote.toFile())) {
            Ref ref = git.getRepository().exactRef("refs/heads/" + branch);
            return ref == null ? null : ref.getObjectId();
        }
    }

    private static ObjectId mirrorRef(Mirror mirror, String ref) throws IOException {
        try (SourceRepository source = SourceRepository.open(mirror.directory())) {
            return source.tip(ref).orElse(null);
        }
    }

    private static List<Path> entries(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(directory)) {
            return list.sorted().toList();
        }
    }

    private static void assertNoSecret(Throwable thrown, String secret) {
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            assertFalse(String.valueOf(t.getMessage()).contains(secret), t.getMessage());
            assertFalse(t.toString().contains(secret), t.toString());
        }
    }

}
