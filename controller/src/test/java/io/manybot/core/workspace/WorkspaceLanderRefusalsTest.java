package io.manybot.core.workspace;

import static io.manybot.core.workspace.LandResult.Status.LANDED;
import static io.manybot.core.workspace.LandResult.Status.REJECTED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.DeflaterOutputStream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.TreeFormatter;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the lander refuses, and what it copies, on real bare and working-tree repositories. */
class WorkspaceLanderRefusalsTest {
    private final Lander lander = new Lander();

    @TempDir
    Path dir;

    @Test
    void aRefThatIsNotAFullRefNameOrALandingWithoutACycleIdIsRefused() throws Exception {
        Path bare = Fixtures.bare(dir.resolve("bare.git"));
        try (SourceRepository source = SourceRepository.open(bare)) {
            ObjectId base = source.tip("refs/heads/main").orElseThrow();
            try (IsolatedCheckout checkout = IsolatedCheckout.create(source, base, dir.resolve("co"))) {
                ObjectId commit = edit(checkout, "README.md", "# new\n", "c1");
                for (String ref : new String[] {null, "main", "heads/main"}) {
                    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                            () -> lander.land(source, checkout, commit, ref, base, "c1"));
                    assertEquals("not a valid ref name: " + ref, refused.getMessage());
                }
                for (String cycle : new String[] {null, "", "  "}) {
                    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                            () -> lander.land(source, checkout, commit, "refs/heads/main", base, cycle));
                    assertEquals("a cycle id is needed to land idempotently", refused.getMessage());
                }
                assertEquals(base, source.tip("refs/heads/main").orElseThrow());
            }
        }
    }

    @Test
    void aRefLockedBySomeoneElseRejectsTheLandingAndMovesNothing() throws Exception {
        Path bare = Fixtures.bare(dir.resolve("bare.git"));
        try (SourceRepository source = SourceRepository.open(bare)) {
            ObjectId base = source.tip("refs/heads/main").orElseThrow();
            try (IsolatedCheckout checkout = IsolatedCheckout.create(source, base, dir.resolve("co"))) {
                ObjectId commit = edit(checkout, "README.md", "# locked out\n", "c1");
                Path lock = bare.resolve("refs/heads/main.lock");
                Files.writeString(lock, base.name() + "\n"); // another git process is updating main

                LandResult result = lander.land(source, checkout, commit, "refs/heads/main", base, "c1");

                assertEquals(REJECTED, result.status(), result.detail());
                assertEquals("refs/heads/main is at " + base.name() + ", not at " + base.name() + " where the cycle started", result.detail());
                assertEquals(base, source.tip("refs/heads/main").orElseThrow());
                Files.delete(lock);
                assertEquals(LANDED, lander.land(source, checkout, commit, "refs/heads/main", base, "c1").status(), "once the lock is gone");
            }
        }
    }

    @Test
    void aCommitWhoseParentTheSourceLacksIsRefusedBeforeAnyRefMoves() throws Exception {
        Path bare = Fixtures.bare(dir.resolve("bare.git"));
        try (SourceRepository source = SourceRepository.open(bare)) {
            ObjectId base = source.tip("refs/heads/main").orElseThrow();
            try (IsolatedCheckout checkout = IsolatedCheckout.create(source, base, dir.resolve("co"))) {
                ObjectId first = edit(checkout, "README.md", "# first\n", "c1");
                ObjectId second;
                try (ObjectInserter inserter = checkout.repository().newObjectInserter()) {
                    CommitBuilder commit = new CommitBuilder();
                    commit.setTreeId(new org.eclipse.jgit.revwalk.RevWalk(checkout.repository()).parseCommit(first).getTree());
                    commit.setParentId(first);
                    commit.setAuthor(Fixtures.BOT);
                    commit.setCommitter(Fixtures.BOT);
                    commit.setMessage("on top of an unlanded commit\n\nManybot-Cycle: c2\n");
                    second = inserter.insert(commit);
                    inserter.flush();
                }

                IOException refused = assertThrows(IOException.class,
                        () -> lander.land(source, checkout, second, "refs/heads/main", base, "c2"));

                assertEquals("the source lacks " + first.name() + ", the parent of " + second.name(), refused.getMessage());
                assertEquals(base, source.tip("refs/heads/main").orElseThrow());
                assertFalse(source.repository().getObjectDatabase().has(second));
            }
        }
    }

    @Test
    void aCorruptObjectInTheCheckoutIsNeverCopied() throws Exception {
        Path bare = Fixtures.bare(dir.resolve("bare.git"));
        try (SourceRepository source = SourceRepository.open(bare)) {
            ObjectId base = source.tip("refs/heads/main").orElseThrow();
            try (IsolatedCheckout checkout = IsolatedCheckout.create(source, base, dir.resolve("co"))) {
                ObjectId commit = edit(checkout, "README.md", "# honest\n", "c1");
                ObjectId blob = new ObjectInserter.Formatter().idFor(Constants.OBJ_BLOB, "# honest\n".getBytes(StandardCharsets.UTF_8));
                String name = blob.name();
                Path loose = checkout.directory().resolve(".git/objects").resolve(name.substring(0, 2)).resolve(name.substring(2));
                assertTrue(Files.isRegularFile(loose));
                Files.delete(loose);
                try (OutputStream out = new DeflaterOutputStream(Files.newOutputStream(loose))) {
                    out.write("blob 9\0# forged\n".getBytes(StandardCharsets.UTF_8)); // same size, other content
                }

                IOException refused = assertThrows(IOException.class, () -> lander.land(source, checkout, commit, "refs/heads/main", base, "c1"));

                assertTrue(refused.getMessage().startsWith("object " + name + " in the checkout is corrupt (its content hashes to "),
                        refused.getMessage());
                assertEquals(base, source.tip("refs/heads/main").orElseThrow());
                assertFalse(source.repository().getObjectDatabase().has(commit), "the commit is not copied either");
            }
        }
    }

    @Test
    void aCommitWithASubmoduleLandsWithoutTheSubmodulesObjects() throws Exception {
        Path repo = dir.resolve("repo");
        RevCommit plain = Fixtures.workTree(repo);
        ObjectId pinned = ObjectId.fromString("0123456789abcdef0123456789abcdef01234567");
        ObjectId withSubmodule;
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
        try (SourceRepository source = SourceRepository.open(repo)) {
            try (IsolatedCheckout checkout = IsolatedCheckout.create(source, withSubmodule, dir.resolve("co"))) {
                ObjectId commit = edit(checkout, "README.md", "# with vendor\n", "c1");
                LandResult result = lander.land(source, checkout, commit, "refs/heads/topic", null, "c1");
                assertEquals(LANDED, result.status(), result.detail());
            }
            assertEquals("# with vendor\n", Fixtures.read(source.repository(), source.tip("refs/heads/topic").orElseThrow(), "README.md"));
            assertEquals(List.of("README.md", "vendor"), Fixtures.paths(source.repository(), source.tip("refs/heads/topic").orElseThrow()));
        }
    }

    @Test
    void aDetachedHeadLeavesEveryBranchLandable() throws Exception {
        Path repo = dir.resolve("repo");
        RevCommit initial = Fixtures.workTree(repo);
        try (Git git = Git.open(repo.toFile())) {
            git.checkout().setName(initial.name()).call();
        }
        try (SourceRepository source = SourceRepository.open(repo)) {
            assertEquals(new LandingTarget("main", "refs/heads/main", false), source.target("main"));
            try (IsolatedCheckout checkout = IsolatedCheckout.create(source, initial, dir.resolve("co"))) {
                ObjectId commit = edit(checkout, "README.md", "# detached\n", "c1");
                assertEquals(LANDED, lander.land(source, checkout, commit, "refs/heads/main", initial, "c1").status());
            }
        }
    }

    private static ObjectId edit(IsolatedCheckout checkout, String path, String content, String cycle) throws Exception {
        Files.writeString(checkout.directory().resolve(path), content);
        return checkout.commit(List.of(path), CommitMessages.compose("Cycle " + cycle, null, Map.of("Manybot-Cycle", cycle)), Fixtures.BOT);
    }
}
