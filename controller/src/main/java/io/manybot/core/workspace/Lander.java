package io.manybot.core.workspace;

import io.manybot.core.workspace.LandResult.Status;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectDatabase;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.CanonicalTreeParser;

/**
 * Lands a checkout's commit on a ref of the source: fast-forward only, compare-and-swap on the ref's
 * old value, at most once per cycle. Only the objects the source lacks are copied, as loose objects.
 */
public final class Lander {
    /** How far back {@link #land} looks for a commit of the same cycle. */
    public static final int CYCLE_SEARCH_DEPTH = 200;

    private final Runnable beforeSwap;

    public Lander() {
        this(() -> { });
    }

    /**
     * A lander that runs {@code beforeSwap} after its checks and the object copy, just before the
     * compare-and-swap on the ref: the moment another writer may move the ref. For tests of that race.
     */
    Lander(Runnable beforeSwap) {
        this.beforeSwap = beforeSwap;
    }

    /**
     * Lands {@code commit} (made in {@code checkout}) on {@code ref} if the ref is still at
     * {@code expectedOld} (null: the ref must not exist yet) and the commit descends from it. A ref
     * checked out in the source's working tree is never moved (REJECTED; see {@link SourceRepository#target}).
     */
    public LandResult land(SourceRepository source, IsolatedCheckout checkout, ObjectId commit, String ref,
            ObjectId expectedOld, String cycleId) throws IOException {
        if (ref == null || !ref.startsWith(Constants.R_REFS) || !Repository.isValidRefName(ref)) {
            throw new IllegalArgumentException("not a valid ref name: " + ref);
        }
        if (cycleId == null || cycleId.isBlank()) {
            throw new IllegalArgumentException("a cycle id is needed to land idempotently");
        }
        Optional<ObjectId> landed = source.findCycleCommit(ref, cycleId, CYCLE_SEARCH_DEPTH);
        if (landed.isPresent()) {
            return new LandResult(Status.ALREADY_LANDED, ref, landed.get().name(), "cycle " + cycleId + " already landed on " + ref);
        }
        if (source.isCheckedOut(ref)) {
            return rejected(ref, "refusing to move " + ref + ": it is checked out in the source's working tree");
        }
        Optional<ObjectId> current = source.tip(ref);
        if (!current.equals(Optional.ofNullable(expectedOld))) {
            return rejected(ref, moved(ref, expectedOld, current.orElse(null)));
        }
        if (expectedOld != null && !descends(checkout.repository(), commit, expectedOld)) {
            return rejected(ref, commit.name() + " does not descend from " + ref + " at " + expectedOld.name());
        }
        copyMissingObjects(checkout.repository(), source.repository(), commit);

        Repository repository = source.repository();
        try (RevWalk walk = new RevWalk(repository)) {
            RefUpdate update = repository.updateRef(ref);
            update.setExpectedOldObjectId(expectedOld == null ? ObjectId.zeroId() : expectedOld);
            update.setNewObjectId(commit);
            update.setRefLogMessage("manybot: cycle " + cycleId, false);
            beforeSwap.run();
            RefUpdate.Result result = update.update(walk);
            switch (result) {
                case NEW, FAST_FORWARD:
                    return new LandResult(Status.LANDED, ref, commit.name(), "landed " + commit.name() + " on " + ref);
                case LOCK_FAILURE:
                    // The ref is no longer at expectedOld (or is locked): someone else moved it after the checks.
                    landed = source.findCycleCommit(ref, cycleId, CYCLE_SEARCH_DEPTH);
                    if (landed.isPresent()) {
                        return new LandResult(Status.ALREADY_LANDED, ref, landed.get().name(),
                                "cycle " + cycleId + " landed on " + ref + " concurrently");
                    }
                    return rejected(ref, moved(ref, expectedOld, source.tip(ref).orElse(null)));
                default:
                    return rejected(ref, "could not update " + ref + ": " + result);
            }
        }
    }

    /** Checked in the checkout (it sees the source's objects too) before anything is copied. */
    private static boolean descends(Repository checkout, ObjectId commit, ObjectId ancestor) throws IOException {
        try (RevWalk walk = new RevWalk(checkout)) {
            return walk.isMergedInto(walk.parseCommit(ancestor), walk.parseCommit(commit));
        }
    }

    private static LandResult rejected(String ref, String detail) {
        return new LandResult(Status.REJECTED, ref, null, detail);
    }

    private static String moved(String ref, ObjectId expected, ObjectId found) {
        return ref + " is at " + name(found) + ", not at " + name(expected) + " where the cycle started";
    }

    private static String name(ObjectId id) {
        return id == null ? "(no ref)" : id.name();
    }

    /**
     * Copies {@code commit} and the trees and blobs under it that {@code to} lacks, children first
     * (a tree the target has is assumed complete, as git does). Parents must already be there.
     */
    static void copyMissingObjects(Repository from, Repository to, ObjectId commit) throws IOException {
        ObjectDatabase target = to.getObjectDatabase();
        if (target.has(commit)) {
            return;
        }
        try (ObjectReader reader = from.newObjectReader(); ObjectInserter inserter = to.newObjectInserter();
                RevWalk walk = new RevWalk(reader)) {
            RevCommit parsed = walk.parseCommit(commit);
            for (RevCommit parent : parsed.getParents()) {
                if (!target.has(parent)) {
                    throw new IOException("the source lacks " + parent.name() + ", the parent of " + commit.name());
                }
            }
            copyTree(reader, inserter, target, parsed.getTree());
            copy(reader, inserter, commit, Constants.OBJ_COMMIT);
            inserter.flush();
        }
    }

    private static void copyTree(ObjectReader reader, ObjectInserter inserter, ObjectDatabase target, ObjectId tree)
            throws IOException {
        if (target.has(tree)) {
            return;
        }
        CanonicalTreeParser entries = new CanonicalTreeParser(null, reader, tree);
        for (; !entries.eof(); entries.next()) {
            FileMode mode = entries.getEntryFileMode();
            ObjectId id = entries.getEntryObjectId();
            if (mode == FileMode.TREE) {
                copyTree(reader, inserter, target, id);
            } else if (mode != FileMode.GITLINK && !target.has(id)) {
                copy(reader, inserter, id, Constants.OBJ_BLOB);
            }
        }
        copy(reader, inserter, tree, Constants.OBJ_TREE);
    }

    /** Copies one object, re-hashing it on the way in: a corrupt object in the checkout is refused. */
    private static void copy(ObjectReader reader, ObjectInserter inserter, ObjectId id, int type) throws IOException {
        ObjectLoader loader = reader.open(id, type);
        ObjectId written;
        if (loader.isLarge()) {
            try (InputStream in = loader.openStream()) {
                written = inserter.insert(type, loader.getSize(), in);
            }
        } else {
            written = inserter.insert(type, loader.getCachedBytes());
        }
        if (!written.equals(id)) {
            throw new IOException("object " + id.name() + " in the checkout is corrupt (its content hashes to " + written.name() + ")");
        }
    }
}
