package io.manybot.core.landing;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.merge.MergeStrategy;
import org.eclipse.jgit.merge.ResolveMerger;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.TreeFilter;

/**
 * Moves a cycle's commit onto a newer tip of its target without a checkout: a three-way merge in core (JGit's
 * {@link ResolveMerger}, recursive strategy, {@code inCore}) of the new tip and the cycle's commit, with the cycle's
 * base as the merge base — what {@code git cherry-pick} does.
 *
 * <p>The rule: a path only one side changed takes that side's version; a path both sides changed is merged line by
 * line, and is accepted when git merges it cleanly (such a path counts as {@link Rebased#overlap}); a path whose
 * changes git cannot merge (overlapping hunks, modify/delete, file/directory) is a conflict, and then nothing is
 * written. The rebased commit has the new tip as its only parent and the cycle's message (with its
 * {@code Manybot-Cycle} trailer, which keeps landing at most once), author and committer unchanged: the same inputs
 * give the same commit id.
 */
public final class InCoreRebase {
    private InCoreRebase() {}

    /**
     * Rebases {@code commit} (made on {@code base}) onto {@code onto}. Every object must be readable in
     * {@code repository}; the merged trees and the new commit are written there.
     */
    public static Rebased rebase(Repository repository, ObjectId commit, ObjectId base, ObjectId onto) throws IOException {
        try (RevWalk walk = new RevWalk(repository)) {
            RevCommit cycle = walk.parseCommit(commit);
            RevCommit from = walk.parseCommit(base);
            RevCommit tip = walk.parseCommit(onto);
            List<String> changed = changedPaths(repository, from, cycle);
            Set<String> moved = new TreeSet<>(changedPaths(repository, from, tip));
            List<String> overlap = changed.stream().filter(moved::contains).toList();
            int over = count(repository, from, tip);
            if (tip.equals(from)) {
                return new Rebased(cycle.copy(), tip.copy(), 0, changed, List.of(), List.of());
            }
            ResolveMerger merger = (ResolveMerger) MergeStrategy.RECURSIVE.newMerger(repository, true);
            merger.setCommitNames(new String[] {"base " + from.abbreviate(7).name(), "target " + tip.abbreviate(7).name(),
                "cycle " + cycle.abbreviate(7).name()});
            merger.setBase(from.getTree());
            if (!merger.merge(tip, cycle)) {
                Set<String> conflicts = new TreeSet<>(merger.getUnmergedPaths());
                if (merger.getFailingPaths() != null) {
                    conflicts.addAll(merger.getFailingPaths().keySet());
                }
                return new Rebased(null, tip.copy(), over, changed, overlap, new ArrayList<>(conflicts));
            }
            CommitBuilder rebased = new CommitBuilder();
            rebased.setTreeId(merger.getResultTreeId());
            rebased.setParentId(tip);
            rebased.setAuthor(cycle.getAuthorIdent());
            rebased.setCommitter(cycle.getCommitterIdent());
            rebased.setEncoding(cycle.getEncoding());
            rebased.setMessage(cycle.getFullMessage());
            ObjectId id;
            try (ObjectInserter inserter = repository.newObjectInserter()) {
                id = inserter.insert(rebased);
                inserter.flush();
            }
            return new Rebased(id, tip.copy(), over, changed, overlap, List.of());
        }
    }

    /** Commits reachable from {@code to} and not from {@code from}. */
    static int count(Repository repository, RevCommit from, RevCommit to) throws IOException {
        try (RevWalk walk = new RevWalk(repository)) {
            walk.markStart(walk.parseCommit(to));
            walk.markUninteresting(walk.parseCommit(from));
            int n = 0;
            while (walk.next() != null) {
                n++;
            }
            return n;
        }
    }

    /** The paths whose entries differ between the trees of two commits, sorted. */
    public static List<String> changedPaths(Repository repository, RevCommit from, RevCommit to) throws IOException {
        List<String> paths = new ArrayList<>();
        try (TreeWalk walk = new TreeWalk(repository)) {
            walk.setRecursive(true);
            walk.setFilter(TreeFilter.ANY_DIFF);
            walk.addTree(from.getTree());
            walk.addTree(to.getTree());
            while (walk.next()) {
                paths.add(walk.getPathString());
            }
        }
        return paths;
    }
}
