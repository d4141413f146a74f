package io.manybot.core.team;

import io.manybot.core.cycle.Task;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A task as a team passes it around: queued for a bot, routed to the child that owns its paths, retried after a judge
 * rejected its change, handed back up.
 *
 * @param id unique in the team and stable while the task is the same ({@code lead/3f2a9c0b41de}: the bot that planned it and a
 *     hash of its title and paths), so that a task planned again is known as the one already queued or in flight
 * @param paths the repository paths the task is about (routing follows their owners); possibly none
 * @param origin who put it in the queue
 * @param from the bot that planned it (or {@code directives}, {@code webhook})
 * @param attempts how often a judge already rejected its change
 * @param enqueuedAt when it entered the queue it waits in (aging counts from here)
 */
public record TeamTask(String id, String title, String rationale, List<String> paths, Priority priority, Origin origin, String from,
        int attempts, Instant enqueuedAt) {

    public TeamTask {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(title, "title");
        paths = paths == null ? List.of() : List.copyOf(paths);
        priority = priority == null ? Priority.NORMAL : priority;
    }

    /** Where a queued task came from. */
    public enum Origin {
        /** Planned by the bot's parent and routed here. */
        PARENT,
        /** Handed up by a child whose paths the child may not change. */
        ESCALATED,
        /** A {@code PRIORITY} of the directives file. */
        DIRECTIVES,
        /** Others changed paths the bot owns (a push or a webhook): look at it. */
        REVIEW,
        /** Its own change was rejected by the judge: try again. */
        RETRY,
        /** An action item of a meeting it attended. */
        MEETING
    }

    public TeamTask queuedAt(Instant now) {
        return new TeamTask(id, title, rationale, paths, priority, origin, from, attempts, now);
    }

    public TeamTask retried(Instant now) {
        return new TeamTask(id, title, rationale, paths, priority, Origin.RETRY, from, attempts + 1, now);
    }

    public TeamTask from(Origin newOrigin, String by) {
        return new TeamTask(id, title, rationale, paths, priority, newOrigin, by, attempts, enqueuedAt);
    }

    /** The cycle task it becomes in the bot that runs it (planned, with the same id and paths). */
    public Task asCycleTask() {
        String why = (rationale == null || rationale.isBlank() ? "" : rationale + " ") + "(" + priority.label() + ", "
                + origin.name().toLowerCase(java.util.Locale.ROOT) + " from " + from + (attempts > 0 ? ", attempt " + (attempts + 1) : "") + ")";
        return new Task(id, origin == Origin.REVIEW ? Task.Kind.REVIEW : Task.Kind.WORK, title, why.strip(), Task.State.PLANNED, null, paths);
    }

    /** A cycle task a bot planned, as the team passes it on. */
    public static TeamTask of(Task task, String id, Priority priority, Origin origin, String from, Instant now) {
        return new TeamTask(id, task.title(), task.rationale(), task.paths(), priority, origin, from, 0, now);
    }
}
