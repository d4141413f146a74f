package io.manybot.core.cycle;

import io.manybot.core.ownership.Decision;
import io.manybot.core.ownership.OwnershipIndex;
import io.manybot.core.ownership.Principal;
import io.manybot.core.workspace.CommitInfo;
import io.manybot.core.workspace.SourceRepository;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.lib.ObjectId;

/**
 * Finds commits by others (people, or other bots) that changed paths a bot owns since its last
 * cycle: each becomes a review task, so the owner looks at what changed under it.
 */
public final class ResponsibilityReview {
    static final int MAX_COMMITS = 200;
    static final int MAX_TASKS = 5;

    public List<Task> tasks(SourceRepository source, String bot, String lastSeenCommit, ObjectId base, OwnershipIndex ownership)
            throws IOException {
        if (lastSeenCommit == null || lastSeenCommit.equals(base.name())) {
            return List.of();
        }
        Principal principal = Principal.bot(bot);
        List<Task> tasks = new ArrayList<>();
        for (CommitInfo commit : source.commitsBetween(ObjectId.fromString(lastSeenCommit), base, MAX_COMMITS)) {
            if (bot.equals(commit.trailers().get("Manybot-Bot"))) {
                continue;
            }
            List<String> owned = commit.changedPaths().stream()
                    .filter(path -> ownership.verdict(path, principal).decision() == Decision.WRITE)
                    .toList();
            if (owned.isEmpty()) {
                continue;
            }
            String shortId = commit.id().substring(0, 7);
            String shown = String.join(", ", owned.subList(0, Math.min(5, owned.size()))) + (owned.size() > 5 ? ", …" : "");
            tasks.add(new Task("r" + (tasks.size() + 1), Task.Kind.REVIEW,
                    "Review " + shortId + " by " + commit.author() + ": " + commit.subject(),
                    "changes " + owned.size() + " path(s) this bot owns: " + shown, Task.State.CREATED, null));
            if (tasks.size() == MAX_TASKS) {
                break;
            }
        }
        return tasks;
    }
}
