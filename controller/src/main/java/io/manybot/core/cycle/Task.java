package io.manybot.core.cycle;

/**
 * A planned unit of work in a cycle.
 *
 * @param rationale why the planner chose it
 * @param result what came of it, once completed or failed
 */
public record Task(String id, Kind kind, String title, String rationale, State state, String result) {

    public enum Kind {
        /** Move the goal: run the executor. */
        WORK,
        /** Someone else changed owned paths since the last cycle: look at it. */
        REVIEW
    }

    /** created → planned → in progress → completed / failed → archived. */
    public enum State { CREATED, PLANNED, IN_PROGRESS, COMPLETED, FAILED, ARCHIVED }

    public Task with(State newState, String newResult) {
        return new Task(id, kind, title, rationale, newState, newResult);
    }
}
