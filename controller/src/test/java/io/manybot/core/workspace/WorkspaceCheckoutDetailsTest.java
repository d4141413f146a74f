package io.manybot.core.workspace;

import static io.manybot.core.cycle.ChangedFile.Change.ADDED;
import static io.manybot.core.cycle.ChangedFile.Change.MODIFIED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.manybot.testing.GitRepos;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.lib.TreeFormatter;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an isolated checkout holds beyond plain files, on real repositories: the source's line-ending
 * settings and local ignore/attribute files, submodules and nested repositories, an index whose stats
 * match the files (as after {@code git checkout}), core.fileMode off, and paths it refuses.
 */
class WorkspaceCheckoutDetailsTest {
    @TempDir
    Path dir;

    @Test
    void theSourcesLineEndingSettingsAndLocalExcludesAndAttributesApply() throws Exception {
        Path repo = dir.resolve("repo");
        RevCommit base = Fixtures.workTree(repo);
        Path info = repo.resolve(".git/info");
        Files.createDirectories(info);
        Files.writeString(info.resolve("exclude"), "*.log\n");
        Files.writeString(info.resolve("attributes"), "*.md text eol=crlf\n");
        try (Git git = Git.open(repo.toFile())) {
            StoredConfig config = git.getRepository().getConfig();
            config.setString("core", null, "autocrlf", "input");
            config.setString("core", null, "eol", "lf");
            config.save();
        }
        try (SourceRepository source = SourceRepository.open(repo);
                IsolatedCheckout checkout = IsolatedCheckout.create(source, base, dir.resolve("co"))) {
            Path co = checkout.directory();
            assertEquals("# demo\r\n", Files.readString(co.resolve("README.md")), "info/attributes of the source applies");
            assertEquals("print('app')\n", Files.readString(co.resolve("src/app.py")));
            Fixtures.write(co.resolve("debug.log"), "noise\n");
            Fixtures.write(co.resolve("src/new.py"), "new\n");
            assertEquals(List.of(new FileChange("src/new.py", ADDED)), checkout.changes(), "info/exclude of the source applies");
            StoredConfig copied = checkout.repository().getConfig();
            assertEquals("input", copied.getString("core", null, "autocrlf"));
            assertEquals("lf", copied.getString("core", null, "eol"));
        }
        try (SourceRepository plain = SourceRepository.open(Fixtures.bare(dir.resolve("bare.git")));
                IsolatedCheckout checkout = IsolatedCheckout.create(plain, plain.tip("refs/heads/main").orElseThrow(), dir.resolve("co2"))) {
            assertEquals(null, checkout.repository().getConfig().getString("core", null, "autocrlf"), "nothing set, nothing copied");
            assertEquals("# demo\n", Files.readString(checkout.directory().resolve("README.md")));
        }
    }

    @Test
    void theIndexOfANewCheckoutHoldsTheStatsOfTheFilesWritten() throws Exception {
        Path repo = dir.resolve("repo");
        RevCommit base = Fixtures.workTree(repo);
        try (SourceRepository source = SourceRepository.open(repo);
                IsolatedCheckout checkout = IsolatedCheckout.create(source, base, dir.resolve("co"))) {
            DirCache index = DirCache.read(checkout.repository());
            assertEquals(Fixtures.FILES.size(), index.getEntryCount());
            for (int i = 0; i < index.getEntryCount(); i++) {
                // The length may read 0: JGit marks entries written within the index's timestamp granularity ("racily clean").
                DirCacheEntry entry = index.getEntry(i);
                Path file = checkout.directory().resolve(entry.getPathString());
                assertEquals(Files.getLastModifiedTime(file).toInstant(), entry.getLastModifiedInstant(), entry.getPathString());
                assertTrue(entry.getLength() == 0 || entry.getLength() == Files.size(file), entry.getPathString());
            }
            assertEquals(0, Fixtures.looseObjects(checkout.directory().resolve(".git/objects")));
            assertTrue(Files.isRegularFile(checkout.directory().resolve(".git/" + IsolatedCheckout.MARKER)));
            assertEquals("refs/heads/" + IsolatedCheckout.BRANCH, checkout.repository().exactRef("HEAD").getTarget().getName());
            assertEquals(base, checkout.repository().exactRef("refs/heads/" + IsolatedCheckout.BRANCH).getObjectId());
        }
    }

    @Test
    void changesRefreshTheStatsOfFilesTouchedButNotChanged() throws Exception {
        Path repo = dir.resolve("repo");
        RevCommit base = Fixtures.workTree(repo);
        try (SourceRepository source = SourceRepository.open(repo);
                IsolatedCheckout checkout = IsolatedCheckout.create(source, base, dir.resolve("co"))) {
            Path app = checkout.directory().resolve("src/app.py");
            Files.setLastModifiedTime(app, FileTime.fromMillis(Files.getLastModifiedTime(app).toMillis() - 60_000));
            Files.writeString(checkout.directory().resolve("README.md"), "# changed\n");

            assertEquals(List.of(new FileChange("README.md", MODIFIED)), checkout.changes());

            DirCacheEntry entry = DirCache.read(checkout.repository()).getEntry("src/app.py");
            assertStatsMatch(checkout.directory(), entry);
            assertEquals(Files.getLastModifiedTime(app).toInstant(), entry.getLastModifiedInstant(), "the touched file's new time is kept");

            // With the index locked by someone else, changes are still found and nothing is written.
            Files.setLastModifiedTime(app, FileTime.fromMillis(Files.getLastModifiedTime(app).toMillis() - 60_000));
            Path lock = checkout.directory().resolve(".git/index.lock");
            Files.writeString(lock, "");
            assertEquals(List.of(new FileChange("README.md", MODIFIED)), checkout.changes());
            assertTrue(Files.exists(lock), "someone else's lock is left alone");
            assertFalse(Files.getLastModifiedTime(app).toInstant().equals(DirCache.read(checkout.repository()).getEntry("src/app.py")
                    .getLastModifiedInstant()), "not refreshed while locked");
            Files.delete(lock);
        }
    }

    @Test
    void submodulesAndNestedRepositoriesAreNotChangesAndNotCommitted() throws Exception {
        Path repo = dir.resolve("repo");
        RevCommit plain = Fixtures.workTree(repo);
        ObjectId withSubmodule;
        ObjectId pinned = ObjectId.fromString("0123456789abcdef0123456789abcdef01234567");
        try (SourceRepository source = SourceRepository.open(repo); ObjectInserter inserter = source.repository().newObjectInserter()) {
            TreeFormatter root = new TreeFormatter();
            root.append("README.md", FileMode.REGULAR_FILE, inserter.insert(Constants.OBJ_BLOB, "# demo\n".getBytes(StandardCharsets.UTF_8)));
            root.append("vendor", FileMode.GITLINK, pinned);
            CommitBuilder commit = new CommitBuilder();
            commit.setTreeId(inserter.insert(root));
            commit.setParentId(plain);
            commit.setAuthor(Fixtures.BOT);
            commit.setCommitter(Fixtures.BOT);
            commit.setMessage("vendor as a submodule");
            withSubmodule = inserter.insert(commit);
            inserter.flush();
        }
        try (SourceRepository source = SourceRepository.open(repo);
                IsolatedCheckout checkout = IsolatedCheckout.create(source, withSubmodule, dir.resolve("co"))) {
            Path co = checkout.directory();
            assertTrue(Files.isDirectory(co.resolve("vendor")), "a submodule is an empty directory, as git leaves it");
            assertEquals(List.of(), checkout.changes());

            // A bot clones something into the checkout: a nested repository is no change of this one.
            Path nested = co.resolve("tools/lib");
            GitRepos.write(nested, Map.of("lib.py", "x = 1\n"));
            GitRepos.initAndCommit(nested, "nested");
            Files.writeString(co.resolve("README.md"), "# demo and vendor\n");
            assertEquals(List.of(new FileChange("README.md", MODIFIED)), checkout.changes());

            ObjectId commit = checkout.commit(List.of("README.md", "tools/lib"), "only the readme", Fixtures.BOT);
            assertEquals(List.of("README.md", "vendor"), Fixtures.paths(checkout.repository(), commit), "the submodule stays pinned");
            assertEquals("# demo and vendor\n", Fixtures.read(checkout.repository(), commit, "README.md"));
        }
    }

    @Test
    void withCoreFileModeOffExecutableBitsAreNeitherChangesNorLost() throws Exception {
        Path repo = dir.resolve("repo");
        Fixtures.write(repo.resolve("run.sh"), "#!/bin/sh\necho hi\n");
        Files.setPosixFilePermissions(repo.resolve("run.sh"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Fixtures.write(repo.resolve("notes.txt"), "notes\n");
        RevCommit base = GitRepos.initAndCommit(repo, "script");
        try (SourceRepository source = SourceRepository.open(repo);
                IsolatedCheckout checkout = IsolatedCheckout.create(source, base, dir.resolve("co"))) {
            StoredConfig config = checkout.repository().getConfig();
            config.setBoolean("core", null, "filemode", false); // as on a file system without executable bits
            config.save();
            Path co = checkout.directory();
            Files.setPosixFilePermissions(co.resolve("run.sh"), PosixFilePermissions.fromString("rw-r--r--"));
            Files.setPosixFilePermissions(co.resolve("notes.txt"), PosixFilePermissions.fromString("rwxr-xr-x"));
            assertEquals(List.of(), checkout.changes(), "the executable bit is not read");

            Files.writeString(co.resolve("run.sh"), "#!/bin/sh\necho hello\n");
            Files.writeString(co.resolve("notes.txt"), "more notes\n");
            ObjectId commit = checkout.commit(List.of("run.sh", "notes.txt"), "edit both", Fixtures.BOT);
            try (org.eclipse.jgit.treewalk.TreeWalk walk = org.eclipse.jgit.treewalk.TreeWalk.forPath(checkout.repository(), "run.sh",
                    new org.eclipse.jgit.revwalk.RevWalk(checkout.repository()).parseCommit(commit).getTree())) {
                assertEquals(FileMode.EXECUTABLE_FILE, walk.getFileMode(0), "the base's mode is kept");
            }
            try (org.eclipse.jgit.treewalk.TreeWalk walk = org.eclipse.jgit.treewalk.TreeWalk.forPath(checkout.repository(), "notes.txt",
                    new org.eclipse.jgit.revwalk.RevWalk(checkout.repository()).parseCommit(commit).getTree())) {
                assertEquals(FileMode.REGULAR_FILE, walk.getFileMode(0));
            }
        }
    }

    @Test
    void aSymbolicLinkIsNeverAPathToWriteThrough() throws Exception {
        Path repo = dir.resolve("repo");
        RevCommit plain = Fixtures.workTree(repo);
        Path outside = Files.createDirectories(dir.resolve("outside"));
        ObjectId evil;
        try (SourceRepository source = SourceRepository.open(repo); ObjectInserter inserter = source.repository().newObjectInserter()) {
            // "Link" is a link to a directory outside; "link/owned.txt" would go through it on a case-insensitive file system.
            TreeFormatter sub = new TreeFormatter();
            sub.append("owned.txt", FileMode.REGULAR_FILE, inserter.insert(Constants.OBJ_BLOB, "owned\n".getBytes(StandardCharsets.UTF_8)));
            TreeFormatter root = new TreeFormatter();
            root.append("Link", FileMode.SYMLINK, inserter.insert(Constants.OBJ_BLOB, outside.toString().getBytes(StandardCharsets.UTF_8)));
            root.append("link", FileMode.TREE, inserter.insert(sub));
            CommitBuilder commit = new CommitBuilder();
            commit.setTreeId(inserter.insert(root));
            commit.setParentId(plain);
            commit.setAuthor(Fixtures.BOT);
            commit.setCommitter(Fixtures.BOT);
            commit.setMessage("through a link");
            evil = inserter.insert(commit);
            inserter.flush();
        }
        try (SourceRepository source = SourceRepository.open(repo)) {
            IOException refused = assertThrows(IOException.class, () -> IsolatedCheckout.create(source, evil, dir.resolve("co")));
            assertEquals("refusing to write link/owned.txt through the symbolic link link", refused.getMessage());
            assertFalse(Files.exists(dir.resolve("co")), "nothing is left behind");
            assertFalse(Files.exists(outside.resolve("owned.txt")));
        }
    }

    @Test
    void pathsOutsideTheTreeOrInsideGitInAnyCaseAreRefused() throws Exception {
        Path repo = dir.resolve("repo");
        RevCommit base = Fixtures.workTree(repo);
        try (SourceRepository source = SourceRepository.open(repo);
                IsolatedCheckout checkout = IsolatedCheckout.create(source, base, dir.resolve("co"))) {
            IllegalArgumentException root = assertThrows(IllegalArgumentException.class, () -> checkout.restore(List.of(".")));
            assertEquals("the checkout root is not a file path", root.getMessage());
            IllegalArgumentException git = assertThrows(IllegalArgumentException.class,
                    () -> checkout.commit(List.of("src/.GIT/hooks/post-commit"), "sneaky", Fixtures.BOT));
            assertEquals("paths inside .git are refused: src/.GIT/hooks/post-commit", git.getMessage());
            assertThrows(IllegalArgumentException.class, () -> checkout.commit(null, "nothing", Fixtures.BOT));
        }
    }

    @Test
    void restoreRemovesAFileOrLinkWhereADirectoryOfTheBaseBelongs() throws Exception {
        Path repo = dir.resolve("repo");
        RevCommit base = Fixtures.workTree(repo);
        try (SourceRepository source = SourceRepository.open(repo);
                IsolatedCheckout checkout = IsolatedCheckout.create(source, base, dir.resolve("co"))) {
            Path co = checkout.directory();
            Directories.delete(co.resolve("src"));
            Files.writeString(co.resolve("src"), "a file where a directory was\n");
            Directories.delete(co.resolve("docs"));
            Files.createSymbolicLink(co.resolve("docs"), dir);

            checkout.restore(List.of("src/app.py", "src/util.py", "docs/guide.md"));

            assertEquals(List.of(), checkout.changes());
            assertEquals("print('app')\n", Files.readString(co.resolve("src/app.py")));
            assertTrue(Files.isDirectory(co.resolve("docs"), LinkOption.NOFOLLOW_LINKS), "the link is gone, the directory back");
            assertEquals("guide\n", Files.readString(co.resolve("docs/guide.md")));
            assertFalse(Files.exists(dir.resolve("guide.md")), "nothing written through the link");

            // An added file in a directory that still holds other files: only the file goes.
            Fixtures.write(co.resolve("src/extra.py"), "extra\n");
            checkout.restore(List.of("src/extra.py"));
            assertFalse(Files.exists(co.resolve("src/extra.py")));
            assertTrue(Files.isRegularFile(co.resolve("src/app.py")));
        }
    }

    private static void assertStatsMatch(Path root, DirCacheEntry entry) throws IOException {
        Path file = root.resolve(entry.getPathString());
        assertEquals(Files.size(file), entry.getLength(), entry.getPathString());
        assertEquals(Files.getLastModifiedTime(file).toInstant(), entry.getLastModifiedInstant(), entry.getPathString());
    }
}
