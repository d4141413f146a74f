package io.manybot.core.executor.cli;

import io.manybot.core.cycle.Task;
import io.manybot.core.declaration.Bot;
import io.manybot.core.declaration.Goal;
import io.manybot.core.declaration.KeyResult;
import io.manybot.core.executor.ExecutionRequest;
import io.manybot.core.goal.KeyResultEvaluation;
import java.util.Locale;

/**
 * The prompt an agent CLI gets for one task, built from the cycle: the objective, each key result
 * with its gap to target, the task, the focus and priorities from the directives, the paths the bot
 * owns and what it must not touch, and the test command. It never contains a secret: keys reach the
 * CLI through its environment only.
 */
public final class AgentPrompt {
    private AgentPrompt() {}

    public static String build(ExecutionRequest request) {
        Bot bot = request.bot();
        Goal goal = request.goal();
        Task task = request.task();
        StringBuilder text = new StringBuilder();
        text.append("You are ").append(bot.name())
                .append(", an autonomous coding bot working toward a goal in this git repository (the current directory).\n\n");
        if (goal != null) {
            text.append("Objective (goal ").append(goal.name()).append("): ").append(goal.objective().strip()).append('\n');
            for (KeyResult kr : goal.keyResults()) {
                KeyResultEvaluation evaluation = evaluation(request, kr.name());
                Double current = evaluation != null && evaluation.current() != null ? evaluation.current() : kr.current();
                text.append("- key result ").append(kr.name());
                if (kr.description() != null && !kr.description().isBlank()) {
                    text.append(" (").append(kr.description().strip()).append(')');
                }
                text.append(": ").append(kr.direction().name().toLowerCase(Locale.ROOT)).append(" to ").append(number(kr.target()))
                        .append(kr.unit() == null ? "" : " " + kr.unit())
                        .append("; now ").append(current == null ? "unknown" : number(current));
                if (current != null) {
                    text.append(", gap ").append(number(Math.abs(kr.target() - current)));
                }
                if (evaluation != null) {
                    text.append(", ").append(evaluation.state().name().toLowerCase(Locale.ROOT).replace('_', ' '));
                }
                text.append('\n');
            }
            text.append('\n');
        }
        if (task != null) {
            text.append("Your task (").append(task.id()).append("): ").append(task.title().strip()).append('\n');
            if (task.rationale() != null && !task.rationale().isBlank()) {
                text.append("Why: ").append(task.rationale().strip()).append('\n');
            }
        }
        if (request.focus() != null && !request.focus().isBlank()) {
            text.append("Focus and priorities from the directives: ").append(request.focus().strip()).append('\n');
        }
        text.append('\n');
        if (!bot.owns().isEmpty()) {
            text.append("You own these paths and may change them: ").append(String.join(", ", bot.owns())).append('\n');
            text.append("Do not touch anything else: changes outside them go to review or are refused.\n");
        }
        text.append("Never touch .git, never write outside this directory, never create symbolic links, and do not commit:"
                + " Manybot checks, tests and lands your changes.\n");
        if (bot.tests() != null && !bot.tests().command().isEmpty()) {
            text.append("The tests: ").append(String.join(" ", bot.tests().command())).append('\n');
        }
        text.append("Make small, focused changes for this task, then stop with a short summary of what you changed and why.\n");
        return text.toString();
    }

    private static KeyResultEvaluation evaluation(ExecutionRequest request, String name) {
        if (request.evaluation() == null) {
            return null;
        }
        return request.evaluation().keyResults().stream().filter(kr -> kr.name().equals(name)).findFirst().orElse(null);
    }

    static String number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : String.format(Locale.ROOT, "%.4g", value);
    }
}
