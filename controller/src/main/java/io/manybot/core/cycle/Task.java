package io.manybot.core.cycle;

import java.util.List;

/**
 * A planned unit of work in a cycle.
 *
 * @param rationale why the planner chose it
 * @param result what came of it, once completed or failed
 * @param paths the repository paths the task names (what it is about; a team routes it to their owner), possibly none
 */
public record Task(String id, Kind kind, String title, String rationale, State state, String result, List<String> paths) {

    public Task {
        paths = paths == null ? List.of() : List.copyOf(paths);
    }

    /** A task that names no paths. */
    public Task(String id, Kind kind, String title, String rationale, State state, String result) {
        this(id, kind, title, rationale, state, result, List.of());
    }

    public enum Kind {
        /** Move the goal: run the executor. */
        WORK,
        /** Someone else changed owned paths since the last cycle: look at it. */
        REVIEW
    }

    /** created → planned → in progress → completed / failed → archived. */
    public enum State { CREATED, PLANNED, IN_PROGRESS, COMPLETED, FAILED, ARCHIVED }

    public Task with(State newState, String newResult) {
        return new Task(id, kind, title, rationale, newState, newResult, paths);
    }
}
