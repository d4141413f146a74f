package io.manybot.core.cycle;

import io.manybot.core.goal.KeyResultEvaluation;
import io.manybot.core.goal.KeyResultState;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The planner of command bots: no model, just facts. One work task (run the bot's command) while
 * the goal is not achieved, with the key results that justify it; review tasks pass through. In a team,
 * the rationale also says what the children handed up since the last plan (at most
 * {@value #HANDOFFS_SHOWN} handoffs).
 */
public final class FactualPlanner implements Planner {
    static final int HANDOFFS_SHOWN = 5;

    @Override
    public List<Task> plan(PlanningContext context) {
        List<Task> tasks = new ArrayList<>();
        List<KeyResultEvaluation> open = context.evaluation().keyResults().stream()
                .filter(kr -> kr.state() != KeyResultState.ACHIEVED)
                .toList();
        if (!open.isEmpty() && context.maxTasks() > 0) {
            String command = String.join(" ", context.bot().executor().command());
            tasks.add(new Task("t1", Task.Kind.WORK, "Run `" + command + "`", rationale(open, context), Task.State.PLANNED, null));
        }
        for (Task review : context.reviewTasks()) {
            tasks.add(review.with(Task.State.PLANNED, null));
        }
        return tasks;
    }

    private static String rationale(List<KeyResultEvaluation> open, PlanningContext context) {
        List<String> parts = new ArrayList<>();
        for (KeyResultEvaluation kr : open) {
            String unit = context.goal().keyResults().stream()
                    .filter(declared -> declared.name().equals(kr.name()))
                    .map(declared -> declared.unit() == null ? "" : " " + declared.unit())
                    .findFirst().orElse("");
            double target = context.goal().keyResults().stream()
                    .filter(declared -> declared.name().equals(kr.name())).findFirst().orElseThrow().target();
            if (kr.current() == null) {
                parts.add(kr.name() + " is unknown (target " + number(target) + unit + ")");
            } else {
                parts.add(String.format(Locale.ROOT, "%s is %s%s, target %s%s (progress %.0f%%, %s)", kr.name(),
                        number(kr.current()), unit, number(target), unit, kr.progress(), kr.state().name().toLowerCase(Locale.ROOT).replace('_', ' ')));
            }
        }
        String text = String.join("; ", parts);
        List<String> handoffs = context.team().handoffs();
        if (!handoffs.isEmpty()) {
            text += "; handed up since the last plan: " + String.join(" | ", handoffs.subList(0, Math.min(HANDOFFS_SHOWN, handoffs.size())))
                    + (handoffs.size() > HANDOFFS_SHOWN ? " (+" + (handoffs.size() - HANDOFFS_SHOWN) + " more)" : "");
        }
        return context.focus() == null ? text : text + "; focus: " + context.focus();
    }

    static String number(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
    }
}
