package io.manybot.core.team;

import io.manybot.core.cycle.ChangedFile;
import io.manybot.core.cycle.Task;
import io.manybot.core.cycle.WorkCycle;
import io.manybot.core.goal.GoalEvaluation;
import io.manybot.core.goal.KeyResultEvaluation;
import io.manybot.core.measure.MeasuredValue;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Writes the handoff of one task from the cycle that ran it: facts only, from the cycle record. */
public final class Handoffs {
    private Handoffs() {}

    public static Handoff of(WorkCycle cycle, Task task, String to, Instant now) {
        List<String> files = new ArrayList<>();
        List<String> open = new ArrayList<>();
        List<String> concerns = new ArrayList<>();
        for (ChangedFile file : cycle.changes()) {
            switch (file.disposition()) {
                case LANDED -> files.add(file.path() + " landed");
                case PROPOSED -> {
                    files.add(file.path() + " proposed");
                    open.add(file.path() + " awaits review" + (file.reviewers().isEmpty() ? "" : " by " + String.join(", ", file.reviewers())));
                }
                case DROPPED -> concerns.add(file.path() + " dropped: " + file.reason());
                case ROLLED_BACK -> concerns.add(file.path() + " rolled back: " + file.reason());
                default -> files.add(file.path() + " " + file.disposition().name().toLowerCase(Locale.ROOT));
            }
        }
        String tests = cycle.tests() == null ? null : cycle.tests().passed() ? "passed"
                : "failed (" + (cycle.tests().timedOut() ? "timed out" : "exit " + cycle.tests().exitCode()) + ")";
        if (cycle.tests() != null && !cycle.tests().passed()) {
            concerns.add("the tests fail after this change");
        }
        if (task.state() == Task.State.FAILED) {
            concerns.add("the task failed: " + task.result());
        }
        if (cycle.error() != null && !concerns.contains(cycle.error())) {
            concerns.add(cycle.error());
        }
        for (MeasuredValue value : cycle.measurementsAfter().isEmpty() ? cycle.measurementsBefore() : cycle.measurementsAfter()) {
            if (!value.known()) {
                open.add("key result " + value.keyResult() + " could not be measured");
            }
        }
        String done = task.result() != null ? task.result()
                : cycle.outcome() == null ? "not finished" : "cycle " + cycle.outcome().name().toLowerCase(Locale.ROOT);
        return new Handoff(cycle.bot(), to, task.id(), task.title(), cycle.id(), cycle.outcome() == null ? "UNKNOWN" : cycle.outcome().name(),
                done, files, deltas(cycle.goal(), cycle.before(), cycle.after()), tests, open, concerns, now);
    }

    static List<Handoff.KeyResultDelta> deltas(String goal, GoalEvaluation before, GoalEvaluation after) {
        List<Handoff.KeyResultDelta> deltas = new ArrayList<>();
        if (before == null) {
            return deltas;
        }
        for (KeyResultEvaluation was : before.keyResults()) {
            Double now = after == null ? was.current() : after.keyResults().stream().filter(kr -> kr.name().equals(was.name()))
                    .map(KeyResultEvaluation::current).findFirst().orElse(null);
            deltas.add(new Handoff.KeyResultDelta(goal, was.name(), was.current(), now));
        }
        return deltas;
    }
}
