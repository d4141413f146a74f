package io.manybot.core.landing;

import java.io.IOException;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.treewalk.TreeWalk;

/** Tree surgery without a checkout: a tree with some paths taken from another tree. */
public final class TreeOverlay {
    private TreeOverlay() {}

    /**
     * {@code tree} with each of {@code paths} as it is in {@code from} (removed where {@code from} lacks it),
     * written into {@code repository}.
     */
    public static ObjectId overlay(Repository repository, ObjectId tree, ObjectId from, Collection<String> paths) throws IOException {
        Set<String> chosen = new TreeSet<>(paths);
        DirCache index = DirCache.newInCore();
        DirCacheBuilder builder = index.builder();
        try (ObjectInserter inserter = repository.newObjectInserter()) {
            add(repository, tree, builder, path -> !chosen.contains(path));
            add(repository, from, builder, chosen::contains);
            builder.finish();
            ObjectId written = index.writeTree(inserter);
            inserter.flush();
            return written;
        }
    }

    private static void add(Repository repository, ObjectId tree, DirCacheBuilder builder, java.util.function.Predicate<String> keep)
            throws IOException {
        try (TreeWalk walk = new TreeWalk(repository)) {
            walk.setRecursive(true);
            walk.addTree(tree);
            while (walk.next()) {
                String path = walk.getPathString();
                if (keep.test(path)) {
                    DirCacheEntry entry = new DirCacheEntry(path);
                    entry.setFileMode(walk.getFileMode(0));
                    entry.setObjectId(walk.getObjectId(0));
                    builder.add(entry);
                }
            }
        }
    }
}
