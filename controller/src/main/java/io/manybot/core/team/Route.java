package io.manybot.core.team;

import java.util.List;

/**
 * Where a task goes, and why.
 *
 * @param to the bot that gets it: the owning child for {@link Kind#CHILD}, the parent for {@link Kind#ESCALATE}, the
 *     planning bot itself for {@link Kind#KEEP}
 * @param owners the directly responsible bots the ownership engine named for the task's paths (with the OWNERS line)
 */
public record Route(Kind kind, String to, List<String> owners, String reason) {

    public Route {
        owners = List.copyOf(owners);
    }

    public enum Kind {
        /** A child (or a bot below it) owns every path the task names: the child gets it. */
        CHILD,
        /** Nobody below owns the paths, or they are contested between children, or the task names none: the planner keeps it. */
        KEEP,
        /** Nobody below owns the paths and the planner may not write them directly either: its parent gets it. */
        ESCALATE
    }
}
