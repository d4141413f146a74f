package io.manybot.core.llm;

import io.manybot.core.declaration.Goal;
import io.manybot.core.goal.GoalEvaluation;
import io.manybot.core.goal.KeyResultEvaluation;
import io.manybot.core.secret.SecretRedactor;
import java.util.Locale;

/** Texts shared by the agent, planner and reflector prompts, and redacted error descriptions. */
final class LlmText {
    private LlmText() {}

    /** "ClassName: message" for {@code error} and its causes (distinct messages only), cut and redacted. */
    static String describe(Throwable error, SecretRedactor redactor) {
        StringBuilder text = new StringBuilder();
        String last = null;
        int depth = 0;
        for (Throwable t = error; t != null && depth < 4; t = t.getCause(), depth++) {
            String message = t.getMessage();
            if (message == null || message.equals(last) || (last != null && last.contains(message))) {
                continue;
            }
            if (text.length() > 0) {
                text.append(" / ");
            }
            text.append(t.getClass().getSimpleName()).append(": ").append(message);
            last = message;
        }
        if (text.length() == 0) {
            text.append(error.getClass().getSimpleName());
        }
        return WorkspaceTools.cut(redactor.redact(text.toString()), 600);
    }

    /** The goal, its key results and where they stand, in a few lines. */
    static String goal(Goal goal, GoalEvaluation evaluation) {
        StringBuilder text = new StringBuilder();
        if (goal == null) {
            return "(no goal)";
        }
        text.append("Goal ").append(goal.name()).append(": ").append(goal.objective());
        if (goal.rationale() != null && !goal.rationale().isBlank()) {
            text.append("\nWhy: ").append(goal.rationale().strip());
        }
        if (goal.deadline() != null) {
            text.append("\nDeadline: ").append(goal.deadline());
        }
        if (evaluation != null) {
            text.append("\nProgress: ").append(percent(evaluation.progress()))
                    .append(evaluation.atRisk() ? " (at risk)" : "");
            for (KeyResultEvaluation kr : evaluation.keyResults()) {
                text.append("\n- key result ").append(kr.name())
                        .append(": current ").append(kr.current() == null ? "unknown" : number(kr.current()))
                        .append(", progress ").append(percent(kr.progress()))
                        .append(", expected by now ").append(percent(kr.expected()))
                        .append(", ").append(kr.state().name().toLowerCase(Locale.ROOT).replace('_', ' '));
            }
        }
        return text.toString();
    }

    static String percent(Double value) {
        return value == null ? "unknown" : String.format(Locale.ROOT, "%.0f%%", value);
    }

    static String number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15
                ? Long.toString((long) value)
                : String.format(Locale.ROOT, "%.4g", value);
    }
}
