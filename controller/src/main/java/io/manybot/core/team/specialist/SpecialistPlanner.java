package io.manybot.core.team.specialist;

import io.manybot.core.cycle.Planner;
import io.manybot.core.cycle.PlanningContext;
import io.manybot.core.cycle.Task;
import java.util.List;
import java.util.Map;

/**
 * A planner whose plan may propose specialists (the LLM planner), as a plan command's {@code "specialist"} lines do: a bot's
 * team planner asks it for the tasks and, by task id, the specialist each proposing task carries.
 */
public interface SpecialistPlanner extends Planner {

    /** @param specialists the specialists the plan proposes, by the id of the task proposing each */
    record Plan(List<Task> tasks, Map<String, SpecialistProposal> specialists) {
        public Plan {
            tasks = List.copyOf(tasks);
            specialists = Map.copyOf(specialists);
        }
    }

    /** The plan of a bot in a team, its specialists included. */
    Plan planWithSpecialists(PlanningContext context) throws InterruptedException;
}
