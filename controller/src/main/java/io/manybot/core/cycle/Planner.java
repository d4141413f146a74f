package io.manybot.core.cycle;

import java.util.List;

/** Chooses a cycle's work tasks, each with a rationale, in state {@link Task.State#PLANNED}. */
public interface Planner {

    List<Task> plan(PlanningContext context) throws InterruptedException;
}
