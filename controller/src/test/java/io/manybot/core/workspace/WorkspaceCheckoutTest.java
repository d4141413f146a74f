package io.manybot.core.workspace;

import static io.manybot.core.cycle.ChangedFile.Change.ADDED;
import static io.manybot.core.cycle.ChangedFile.Change.DELETED;
import static io.manybot.core.cycle.ChangedFile.Change.MODIFIED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.manybot.core.repo.PathRefusedException;
import io.manybot.testing.GitRepos;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.Status;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.TreeFormatter;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkspaceCheckoutTest {
    @TempDir
    Path dir;

    @Test
    void aFullCycleLeavesTheSourceWorkingTreeIndexAndStatusUntouched() throws Exception {
        Path repo = dir.resolve("repo");
        RevCommit initial = Fixtures.workTree(repo);
        // The user's own unfinished work: an unstaged edit, a staged edit, an untracked file.
        Files.writeString(repo.resolve("README.md"), "# demo, edited by the user\n");
        Files.writeString(repo.resolve("docs/guide.md"), "staged by the user\n");
        try (Git git = Git.open(repo.toFile())) {
            git.add().addFilepattern("docs/guide.md").call();
        }
        Files.writeString(repo.resolve("notes.txt"), "untracked\n");
        Map<String, String> before = Fixtures.snapshot(repo);
        Status statusBefore = status(repo);

        try (SourceRepository source = SourceRepository.open(repo)) {
            LandingTarget target = source.target("main");
            assertEquals(new LandingTarget("main", "refs/heads/manybot/main", true), target);
            ObjectId base = source.base(target);
            assertEquals(initial, base);
            ObjectId landed;
            try (IsolatedCheckout checkout = IsolatedCheckout.create(source, base, dir.resolve("co"))) {
                Path co = checkout.directory();
                assertEquals("# demo\n", Files.readString(co.resolve("README.md")), "the committed version, not the user's edit");
                assertFalse(Files.exists(co.resolve("notes.txt")));
                Files.writeString(co.resolve("src/app.py"), "print('better app')\n");
                Files.writeString(co.resolve("README.md"), "# demo, by the bot\n");
                Files.writeString(co.resolve("src/new.py"), "new = True\n");
                Files.delete(co.resolve("src/util.py"));
                List<FileChange> changes = checkout.changes();
                assertEquals(List.of(new FileChange("README.md", MODIFIED), new FileChange("src/app.py", MODIFIED),
                        new FileChange("src/new.py", ADDED), new FileChange("src/util.py", DELETED)), changes);
                ObjectId commit = checkout.commit(changes.stream().map(FileChange::path).toList(),
                        CommitMessages.compose("Improve app", null, Map.of("Manybot-Cycle", "c1")), Fixtures.BOT);
                LandResult result = new Lander().land(source, checkout, commit, target.ref(), source.tip(target.ref()).orElse(null), "c1");
                assertEquals(LandResult.Status.LANDED, result.status(), result.detail());
                landed = commit;
            }
            assertEquals(landed, source.tip("refs/heads/manybot/main").orElseThrow());
            assertEquals(initial, source.tip("refs/heads/main").orElseThrow(), "the user's branch did not move");
            assertEquals("refs/heads/main", source.repository().exactRef("HEAD").getTarget().getName());
            assertEquals("# demo, by the bot\n", Fixtures.read(source.repository(), landed, "README.md"));
        }

        assertEquals(before, Fixtures.snapshot(repo), "working tree, index and HEAD are byte-identical");
        Status statusAfter = status(repo);
        assertEquals(statusBefore.getModified(), statusAfter.getModified());
        assertEquals(statusBefore.getChanged(), statusAfter.getChanged());
        assertEquals(statusBefore.getUntracked(), statusAfter.getUntracked());
        assertEquals(statusBefore.getAdded(), statusAfter.getAdded());
        assertEquals(statusBefore.getRemoved(), statusAfter.getRemoved());
        assertEquals(statusBefore.getMissing(), statusAfter.getMissing());
        assertEquals(Set.of("README.md"), statusAfter.getModified());
        assertEquals(Set.of("docs/guide.md"), statusAfter.getChanged());
        assertEquals(Set.of("notes.txt"), statusAfter.getUntracked());
        assertFalse(Files.exists(dir.resolve("co")));
    }

    @Test
    void changesHonourGitignoreAndSeeModeChanges() throws Exception {
        Path repo = dir.resolve("repo");
        RevCommit base = Fixtures.workTree(repo);
        try (SourceRepository source = SourceRepository.open(repo);
                IsolatedCheckout checkout = IsolatedCheckout.create(source, base, dir.resolve("co"))) {
            Path co = checkout.directory();
            assertEquals(List.of(), checkout.changes());
            Fixtures.write(co.resolve("src/__pycache__/app.cpython-312.pyc"), "bytecode");
            Fixtures.write(co.resolve("src/x.pyc"), "bytecode");
            Fixtures.write(co.resolve("build/lib/out.txt"), "built");
            assertEquals(List.of(), checkout.changes(), "ignored files are not changes");

            Files.setPosixFilePermissions(co.resolve("docs/guide.md"), PosixFilePermissions.fromString("rwxr-xr-x"));
            Fixtures.write(co.resolve("docs/new/deep/file.md"), "deep\n");
            assertEquals(List.of(new FileChange("docs/guide.md", MODIFIED), new FileChange("docs/new/deep/file.md", ADDED)),
                    checkout.changes());
        }
    }

    @Test
    void sameSizeEditsRightAfterCheckoutOrAStatRefreshAreSeen() throws Exception {
        Path repo = dir.resolve("repo");
        RevCommit base = Fixtures.workTree(repo);
        try (SourceRepository source = SourceRepository.open(repo);
                IsolatedCheckout checkout = IsolatedCheckout.create(source, base, dir.resolve("co"))) {
            Path co = checkout.directory();
            Files.writeString(co.resolve("src/app.py"), "print('APP')\n");
            assertEquals(List.of(new FileChange("src/app.py", MODIFIED)), checkout.changes());
            Files.writeString(co.resolve("README.md"), "# DEMO\n");
            assertEquals(List.of(new FileChange("README.md", MODIFIED), new FileChange("src/app.py", MODIFIED)), checkout.changes());
            Files.writeString(co.resolve("src/app.py"), "print('app')\n");
            Files.writeString(co.resolve("README.md"), "# demo\n");
            assertEquals(List.of(), checkout.changes());
            Files.writeString(co.resolve("docs/guide.md"), "GUIDE\n");
            assertEquals(List.of(new FileChange("docs/guide.md", MODIFIED)), checkout.changes());
        }
    }

    @Test
    void restorePutsPathsBackAsInTheBase() throws Exception {
        Path repo = dir.resolve("repo");
        RevCommit base = Fixtures.workTree(repo);
        try (SourceRepository source = SourceRepository.open(repo);
                IsolatedCheckout checkout = IsolatedCheckout.create(source, base, dir.resolve("co"))) {
            Path co = checkout.directory();
            Files.writeString(co.resolve("src/app.py"), "broken(\n");
            Files.delete(co.resolve("src/util.py"));
            Fixtures.write(co.resolve("extra/dir/new.txt"), "new\n");
            Files.delete(co.resolve("README.md"));
            Files.createDirectories(co.resolve("README.md"));
            Fixtures.write(co.resolve("README.md/inside.txt"), "a directory where a file was\n");
            Fixtures.write(co.resolve("docs/guide.md"), "kept edit\n");

            checkout.restore(List.of("src/app.py", "src/util.py", "extra/dir/new.txt", "README.md", "README.md/inside.txt"));

            assertEquals(List.of(new FileChange("docs/guide.md", MODIFIED)), checkout.changes());
            assertEquals("print('app')\n", Files.readString(co.resolve("src/app.py")));
            assertEquals("def util():\n    return 1\n", Files.readString(co.resolve("src/util.py")));
            assertEquals("# demo\n", Files.readString(co.resolve("README.md")));
            assertFalse(Files.exists(co.resolve("extra")), "emptied directories of added files go too");
            assertThrows(PathRefusedException.class, () -> checkout.restore(List.of("../repo/README.md")));
            assertThrows(IllegalArgumentException.class, () -> checkout.restore(List.of(".git/config")));
        }
    }

    @Test
    void commitTakesOnlyTheGivenPathsAndWritesOnlyNewObjects() throws Exception {
        Path repo = dir.resolve("repo");
        RevCommit base = Fixtures.workTree(repo);
        try (SourceRepository source = SourceRepository.open(repo);
                IsolatedCheckout checkout = IsolatedCheckout.create(source, base, dir.resolve("co"))) {
            Path co = checkout.directory();
            Path objects = co.resolve(".git/objects");
            assertEquals(0, Fixtures.looseObjects(objects), "nothing copied from the source");
            assertFalse(Fixtures.hasPacks(objects));

            Files.writeString(co.resolve("src/app.py"), "print('new app')\n");
            Files.writeString(co.resolve("README.md"), "# not this one\n");
            Files.writeString(co.resolve("docs/guide.md"), "guide\n"); // rewritten, same content
            Files.delete(co.resolve("src/util.py"));
            ObjectId commit = checkout.commit(List.of("src/app.py", "src/util.py", "docs/guide.md"), "Bot change\n", Fixtures.BOT);

            // One new blob, the new src tree, the new root tree, the commit; the unchanged blob and the docs tree are the source's.
            assertEquals(4, Fixtures.looseObjects(objects));
            assertEquals(List.of(".gitignore", "README.md", "docs/guide.md", "src/app.py"), Fixtures.paths(checkout.repository(), commit));
            assertEquals("print('new app')\n", Fixtures.read(checkout.repository(), commit, "src/app.py"));
            assertEquals("# demo\n", Fixtures.read(checkout.repository(), commit, "README.md"), "a path not given keeps its base content");
            assertNull(Fixtures.read(checkout.repository(), commit, "src/util.py"));
            assertFalse(source.repository().getObjectDatabase().has(commit), "nothing written into the source");
            assertEquals(base, source.tip("refs/heads/main").orElseThrow());
            assertEquals(base, checkout.base());

            assertThrows(IllegalArgumentException.class, () -> checkout.commit(List.of(), "empty", Fixtures.BOT));
            Files.delete(co.resolve("src/app.py"));
            Fixtures.write(co.resolve("src/app.py/main.py"), "a directory now\n");
            assertThrows(IllegalArgumentException.class,
                    () -> checkout.commit(List.of("src/app.py/main.py"), "clash", Fixtures.BOT), "needs src/app.py as well");
            ObjectId replaced = checkout.commit(List.of("src/app.py", "src/app.py/main.py"), "file to directory", Fixtures.BOT);
            assertEquals("a directory now\n", Fixtures.read(checkout.repository(), replaced, "src/app.py/main.py"));
        }
    }

    @Test
    void executableBitsAndSymbolicLinksSurviveTheRoundTrip() throws Exception {
        Path repo = dir.resolve("repo");
        Fixtures.write(repo.resolve("bin/run.sh"), "#!/bin/sh\necho hi\n");
        Files.setPosixFilePermissions(repo.resolve("bin/run.sh"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.createSymbolicLink(repo.resolve("link"), Path.of("bin/run.sh"));
        RevCommit base = GitRepos.initAndCommit(repo, "scripts");
        try (SourceRepository source = SourceRepository.open(repo);
                IsolatedCheckout checkout = IsolatedCheckout.create(source, base, dir.resolve("co"))) {
            Path co = checkout.directory();
            assertTrue(Files.isExecutable(co.resolve("bin/run.sh")));
            assertEquals(Path.of("bin/run.sh"), Files.readSymbolicLink(co.resolve("link")));
            Files.writeString(co.resolve("bin/run.sh"), "#!/bin/sh\necho hello\n");
            ObjectId commit = checkout.commit(List.of("bin/run.sh"), "louder", Fixtures.BOT);
            try (IsolatedCheckout second = IsolatedCheckout.create(source, base, dir.resolve("co2"))) {
                assertEquals(List.of(), second.changes());
            }
            Lander.copyMissingObjects(checkout.repository(), source.repository(), commit);
            try (IsolatedCheckout third = IsolatedCheckout.create(source, commit, dir.resolve("co3"))) {
                assertTrue(Files.isExecutable(third.directory().resolve("bin/run.sh")), "mode kept by commit()");
                assertEquals("#!/bin/sh\necho hello\n", Files.readString(third.directory().resolve("bin/run.sh")));
            }
        }
    }

    @Test
    void lineEndingAttributesApplyOnCheckoutAndDoNotShowAsChanges() throws Exception {
        Path repo = dir.resolve("repo");
        GitRepos.write(repo, Map.of(".gitattributes", "*.bat text eol=crlf\n", "run.bat", "echo one\necho two\n"));
        RevCommit base = GitRepos.initAndCommit(repo, "windows script");
        try (SourceRepository source = SourceRepository.open(repo);
                IsolatedCheckout checkout = IsolatedCheckout.create(source, base, dir.resolve("co"))) {
            assertEquals("echo one\r\necho two\r\n", Files.readString(checkout.directory().resolve("run.bat")));
            assertEquals(List.of(), checkout.changes());
            Files.writeString(checkout.directory().resolve("run.bat"), "echo one\r\necho three\r\n");
            ObjectId commit = checkout.commit(List.of("run.bat"), "three", Fixtures.BOT);
            assertEquals("echo one\necho three\n", Fixtures.read(checkout.repository(), commit, "run.bat"), "stored normalised");
        }
    }

    @Test
    void aTreeWithAPathGitRefusesIsNotCheckedOut() throws Exception {
        Path repo = dir.resolve("repo");
        RevCommit base = Fixtures.workTree(repo);
        try (SourceRepository source = SourceRepository.open(repo)) {
            ObjectId evil;
            try (ObjectInserter inserter = source.repository().newObjectInserter()) {
                ObjectId hook = inserter.insert(Constants.OBJ_BLOB, "#!/bin/sh\necho owned\n".getBytes(StandardCharsets.UTF_8));
                TreeFormatter hooks = new TreeFormatter();
                hooks.append("post-checkout", FileMode.EXECUTABLE_FILE, hook);
                TreeFormatter dotGit = new TreeFormatter();
                dotGit.append("hooks", FileMode.TREE, inserter.insert(hooks));
                TreeFormatter root = new TreeFormatter();
                root.append(".git", FileMode.TREE, inserter.insert(dotGit));
                CommitBuilder commit = new CommitBuilder();
                commit.setTreeId(inserter.insert(root));
                commit.setParentId(base);
                commit.setAuthor(Fixtures.BOT);
                commit.setCommitter(Fixtures.BOT);
                commit.setMessage("evil");
                evil = inserter.insert(commit);
                inserter.flush();
            }
            IOException refused = assertThrows(IOException.class, () -> IsolatedCheckout.create(source, evil, dir.resolve("co")));
            assertTrue(refused.getMessage().contains("refusing to check out"), refused.getMessage());
            assertFalse(Files.exists(dir.resolve("co")));
        }
    }

    @Test
    void closeRemovesEverythingEvenReadOnlyAndLeftoversAreRemovedOnlyWhenTheyAreCheckouts() throws Exception {
        Path repo = dir.resolve("repo");
        RevCommit base = Fixtures.workTree(repo);
        try (SourceRepository source = SourceRepository.open(repo)) {
            Path co = dir.resolve("co");
            IsolatedCheckout checkout = IsolatedCheckout.create(source, base, co);
            Fixtures.write(co.resolve("locked/file.txt"), "read only\n");
            Files.setPosixFilePermissions(co.resolve("locked/file.txt"), PosixFilePermissions.fromString("r--r--r--"));
            Files.setPosixFilePermissions(co.resolve("locked"), PosixFilePermissions.fromString("r-xr-xr-x"));
            Files.createSymbolicLink(co.resolve("escape"), repo);
            checkout.close();
            assertFalse(Files.exists(co));
            assertTrue(Files.exists(repo.resolve("README.md")), "a symbolic link is deleted, not followed");
            checkout.close(); // a second close is harmless

            Path crashed = dir.resolve("crashed");
            IsolatedCheckout.create(source, base, crashed); // never closed, as after a crash
            IsolatedCheckout.removeLeftover(crashed);
            assertFalse(Files.exists(crashed));
            IsolatedCheckout.removeLeftover(dir.resolve("never-existed"));

            assertThrows(IllegalArgumentException.class, () -> IsolatedCheckout.removeLeftover(repo));
            assertTrue(Files.exists(repo.resolve(".git")), "a repository that is not a checkout is refused");
        }
    }

    @Test
    void createRefusesANonEmptyDirectoryAndAnUnknownCommit() throws Exception {
        Path repo = dir.resolve("repo");
        RevCommit base = Fixtures.workTree(repo);
        Path busy = dir.resolve("busy");
        Fixtures.write(busy.resolve("keep.txt"), "mine\n");
        try (SourceRepository source = SourceRepository.open(repo)) {
            assertThrows(IOException.class, () -> IsolatedCheckout.create(source, base, busy));
            assertEquals("mine\n", Files.readString(busy.resolve("keep.txt")));
            ObjectId unknown = ObjectId.fromString("0123456789012345678901234567890123456789");
            IOException missing = assertThrows(IOException.class, () -> IsolatedCheckout.create(source, unknown, dir.resolve("co")));
            assertTrue(missing.getMessage().contains("not a commit of"), missing.getMessage());
            assertFalse(Files.exists(dir.resolve("co")));
            Files.createDirectories(dir.resolve("empty"));
            try (IsolatedCheckout checkout = IsolatedCheckout.create(source, base, dir.resolve("empty"))) {
                assertTrue(Files.exists(checkout.directory().resolve("src/app.py")));
            }
        }
    }

    private static Status status(Path repo) throws Exception {
        try (Git git = Git.open(repo.toFile())) {
            return git.status().call();
        }
    }
}
