package io.manybot.core.repo;

import java.io.IOException;
import java.util.Map;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * A commit of some files on top of another commit, put on a new branch without a checkout (the working tree and the
 * current branch stay as they are): how {@code manybot create --propose} places a proposal.
 */
public final class BranchCommit {
    private BranchCommit() {}

    /**
     * @param files repository-relative path → content, added to (or replacing in) the parent's tree
     * @param branch the new branch's short name; an existing branch of that name is refused
     * @return the new commit
     * @throws IOException when the branch exists already or the ref cannot be written
     */
    public static ObjectId create(Repository repository, RevCommit parent, Map<String, byte[]> files, String branch, String message,
            PersonIdent author) throws IOException {
        String ref = Constants.R_HEADS + branch;
        if (repository.exactRef(ref) != null) {
            throw new IOException("the branch " + branch + " exists already: delete it, or choose another NAME");
        }
        try (ObjectInserter inserter = repository.newObjectInserter(); org.eclipse.jgit.lib.ObjectReader reader = repository.newObjectReader();
                RevWalk walk = new RevWalk(reader)) {
            DirCache index = DirCache.newInCore();
            DirCacheBuilder builder = index.builder();
            builder.addTree(new byte[0], 0, reader, walk.parseCommit(parent).getTree());
            builder.finish();
            DirCacheBuilder edit = index.builder();
            for (int i = 0; i < index.getEntryCount(); i++) {
                DirCacheEntry entry = index.getEntry(i);
                if (!files.containsKey(entry.getPathString())) {
                    edit.add(entry);
                }
            }
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                DirCacheEntry entry = new DirCacheEntry(RepoPath.normalize(file.getKey()));
                entry.setFileMode(FileMode.REGULAR_FILE);
                entry.setObjectId(inserter.insert(Constants.OBJ_BLOB, file.getValue()));
                edit.add(entry);
            }
            edit.finish();
            ObjectId tree = index.writeTree(inserter);
            CommitBuilder commit = new CommitBuilder();
            commit.setTreeId(tree);
            commit.setParentId(parent);
            commit.setAuthor(author);
            commit.setCommitter(author);
            commit.setMessage(message);
            ObjectId id = inserter.insert(commit);
            inserter.flush();
            RefUpdate update = repository.updateRef(ref);
            update.setNewObjectId(id);
            update.setExpectedOldObjectId(ObjectId.zeroId());
            update.setRefLogMessage("manybot: proposal", false);
            RefUpdate.Result result = update.update(walk);
            if (result != RefUpdate.Result.NEW) {
                throw new IOException("could not create the branch " + branch + ": " + result);
            }
            return id;
        }
    }
}
