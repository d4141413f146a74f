package io.manybot.core.ownership;

import io.manybot.core.repo.GitCommitTree;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;

/** Ownership indexes of recent commits of one repository, loaded once per commit. */
public final class OwnershipCache {
    private static final int KEEP = 8;
    private final Repository repository;
    private final OwnershipFiles files;
    private final Map<ObjectId, OwnershipIndex> recent = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<ObjectId, OwnershipIndex> eldest) {
            return size() > KEEP;
        }
    };

    public OwnershipCache(Repository repository) {
        this(repository, OwnershipFiles.DEFAULT);
    }

    /** @param files the home's ownership files (its declarations directory): every index of this cache treats them so */
    public OwnershipCache(Repository repository, OwnershipFiles files) {
        this.repository = repository;
        this.files = files;
    }

    /** Keeps an index already read at {@code commit} (e.g. while validating it), so it is not read again. */
    public synchronized void put(ObjectId commit, OwnershipIndex index) {
        recent.put(commit.copy(), index.withOwnershipFiles(files));
    }

    public synchronized OwnershipIndex at(ObjectId commit) throws IOException {
        OwnershipIndex known = recent.get(commit);
        if (known == null) {
            try (GitCommitTree tree = GitCommitTree.at(repository, commit.name())) {
                known = OwnershipIndex.load(tree).withOwnershipFiles(files);
            }
            recent.put(commit.copy(), known);
        }
        return known;
    }
}
