package io.manybot.local;

import io.manybot.core.cycle.ChangedFile;
import io.manybot.core.cycle.ChangedFile.Disposition;
import io.manybot.core.cycle.WorkCycle;
import io.manybot.core.goal.GoalEvaluation;
import io.manybot.core.goal.KeyResultEvaluation;
import io.manybot.core.measure.MeasuredValue;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;

/** The summary `manybot run` prints at the end: per cycle, goal progress before and after and where changes went. */
public final class RunSummary {
    private final PrintWriter out;
    private final String program;

    /** @param program how the user runs the command line ({@code ./manybot}, {@code manybot}), for the commands suggested */
    public RunSummary(PrintWriter out, String program) {
        this.out = out;
        this.program = program;
    }

    public void print(List<WorkCycle> cycles, String repository, Path state) {
        out.println();
        out.println("Summary: " + cycles.size() + " cycle(s)");
        for (WorkCycle cycle : cycles) {
            out.printf("%-12s cycle %s  %s%s%n", cycle.bot(), cycle.id(), cycle.outcome(), cycle.error() == null ? "" : " — " + cycle.error());
            out.printf("  goal %s: progress %s → %s%n", cycle.goal(), percent(cycle.before()), percent(cycle.after()));
            if (cycle.before() != null) {
                for (KeyResultEvaluation was : cycle.before().keyResults()) {
                    KeyResultEvaluation now = find(cycle.after(), was.name());
                    out.printf("    %s: %s → %s%n", was.name(), value(was), value(now));
                }
            }
            for (MeasuredValue failed : failedMeasurements(cycle)) {
                out.printf("    %s: measurement failed: %s%n", failed.keyResult(), failed.failure());
            }
            if (cycle.landing() != null && cycle.landing().commit() != null) {
                out.printf("  landed %s on %s: %d file(s)%s%n", cycle.landing().commit().substring(0, 10), cycle.landing().targetRef(),
                        count(cycle, Disposition.LANDED), cycle.landing().alreadyLanded() ? " (already there)" : "");
            }
            if (cycle.landing() != null && cycle.landing().proposalBranch() != null) {
                out.printf("  proposal branch %s: %d file(s), review by %s%n", cycle.landing().proposalBranch(),
                        count(cycle, Disposition.PROPOSED), String.join(", ", cycle.landing().reviewers()));
            }
            for (ChangedFile file : cycle.changes()) {
                if (file.disposition() == Disposition.DROPPED || file.disposition() == Disposition.ROLLED_BACK) {
                    out.printf("  %s %s: %s%n", file.disposition() == Disposition.DROPPED ? "dropped" : "rolled back", file.path(), file.reason());
                }
            }
        }
        String where = "--state-dir " + state;
        out.println();
        out.println("More: " + program + " status " + where + " | " + program + " result CYCLE_ID " + where + " | "
                + program + " logs BOT " + where);
    }

    /** The key results whose measurement failed in the cycle (the last failure of each, after before). */
    private static List<MeasuredValue> failedMeasurements(WorkCycle cycle) {
        Map<String, MeasuredValue> failed = new LinkedHashMap<>();
        for (List<MeasuredValue> round : List.of(cycle.measurementsBefore(), cycle.measurementsAfter())) {
            for (MeasuredValue value : round) {
                if (value.failure() != null) {
                    failed.put(value.keyResult(), value);
                }
            }
        }
        return List.copyOf(failed.values());
    }

    private static KeyResultEvaluation find(GoalEvaluation evaluation, String name) {
        return evaluation == null ? null : evaluation.keyResults().stream().filter(kr -> kr.name().equals(name)).findFirst().orElse(null);
    }

    private static String percent(GoalEvaluation evaluation) {
        return evaluation == null || evaluation.progress() == null ? "unknown" : String.format(Locale.ROOT, "%.0f%%", evaluation.progress());
    }

    private static String value(KeyResultEvaluation kr) {
        if (kr == null || kr.current() == null) {
            return "unknown";
        }
        double v = kr.current();
        String number = v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
        return String.format(Locale.ROOT, "%s (%.0f%%)", number, kr.progress());
    }

    private static long count(WorkCycle cycle, Disposition disposition) {
        return cycle.changes().stream().filter(file -> file.disposition() == disposition).count();
    }
}
