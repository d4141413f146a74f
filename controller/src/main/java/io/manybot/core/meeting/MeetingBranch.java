package io.manybot.core.meeting;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEditor;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * Commits a meeting's OWNERS changes on its proposal branch ({@code manybot/meetings/<meeting>/<minutes>}) without a
 * checkout: the base commit's tree with the files replaced, one commit on top of the base.
 */
public final class MeetingBranch {
    public static final String PREFIX = "manybot/meetings/";

    private MeetingBranch() {}

    public static String name(String meeting, String minutesId) {
        return PREFIX + meeting + "/" + minutesId;
    }

    /** Writes the commit and points {@code refs/heads/<branch>} at it; returns the commit. */
    public static ObjectId commit(Repository repository, ObjectId base, String branch, Map<String, String> files, String meeting,
            String message, Instant at) throws IOException {
        try (ObjectInserter inserter = repository.newObjectInserter(); ObjectReader reader = repository.newObjectReader();
                RevWalk walk = new RevWalk(reader)) {
            DirCache index = DirCache.newInCore();
            DirCacheBuilder builder = index.builder();
            builder.addTree(new byte[0], DirCacheEntry.STAGE_0, reader, walk.parseCommit(base).getTree());
            builder.finish();
            DirCacheEditor editor = index.editor();
            for (Map.Entry<String, String> file : files.entrySet()) {
                ObjectId blob = inserter.insert(Constants.OBJ_BLOB, file.getValue().getBytes(StandardCharsets.UTF_8));
                editor.add(new DirCacheEditor.PathEdit(file.getKey()) {
                    @Override
                    public void apply(DirCacheEntry entry) {
                        entry.setFileMode(FileMode.REGULAR_FILE);
                        entry.setObjectId(blob);
                    }
                });
            }
            editor.finish();
            ObjectId tree = index.writeTree(inserter);
            PersonIdent who = new PersonIdent("meeting " + meeting + " (manybot)", meeting + "@meetings.manybot.io", at, ZoneOffset.UTC);
            CommitBuilder commit = new CommitBuilder();
            commit.setTreeId(tree);
            commit.setParentId(base);
            commit.setAuthor(who);
            commit.setCommitter(who);
            commit.setMessage(message);
            ObjectId id = inserter.insert(commit);
            inserter.flush();
            RefUpdate update = repository.updateRef(Constants.R_HEADS + branch);
            update.setNewObjectId(id);
            update.setRefLogMessage("meeting " + meeting, false);
            RefUpdate.Result result = update.forceUpdate();
            if (result != RefUpdate.Result.NEW && result != RefUpdate.Result.FORCED && result != RefUpdate.Result.NO_CHANGE) {
                throw new IOException("could not create branch " + branch + ": " + result);
            }
            return id;
        }
    }
}
