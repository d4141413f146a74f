package io.manybot.core.cycle;

import io.manybot.core.cycle.ChangedFile.Disposition;
import io.manybot.core.goal.GoalEvaluation;
import io.manybot.core.goal.KeyResultEvaluation;
import io.manybot.core.measure.MeasuredValue;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The reflector of command bots: a factual summary of the cycle, no model. */
public final class FactualReflector implements Reflector {

    @Override
    public Reflection reflect(WorkCycle cycle) {
        List<String> outcomes = new ArrayList<>();
        Set<String> lessons = new LinkedHashSet<>();
        Landing landing = cycle.landing();
        long landed = count(cycle, Disposition.LANDED);
        long proposed = count(cycle, Disposition.PROPOSED);
        if (landing != null && landing.commit() != null && landed > 0) {
            outcomes.add("Landed " + landed + " file(s) as " + landing.commit().substring(0, 7) + " on " + landing.targetRef());
        }
        if (landing != null && landing.proposalBranch() != null && proposed > 0) {
            outcomes.add("Proposed " + proposed + " file(s) on " + landing.proposalBranch()
                    + (landing.reviewers().isEmpty() ? "" : " for review by " + String.join(", ", landing.reviewers())));
        }
        for (ChangedFile file : cycle.changes()) {
            if (file.disposition() == Disposition.DROPPED) {
                outcomes.add("Dropped " + file.path() + ": " + file.reason());
                if (file.reason() != null && file.reason().startsWith("refused")) {
                    lessons.add("Leave " + file.path() + " alone: " + file.reason().substring("refused: ".length()));
                }
            }
        }
        if (cycle.tests() != null && !cycle.tests().passed()) {
            outcomes.add("Tests failed (" + (cycle.tests().timedOut() ? "timed out" : "exit " + cycle.tests().exitCode()) + ")");
            lessons.add("The test command fails after this change; fix the cause before trying again");
        }
        outcomes.addAll(keyResultMoves(cycle.before(), cycle.after()));
        for (MeasuredValue value : cycle.measurementsAfter().isEmpty() ? cycle.measurementsBefore() : cycle.measurementsAfter()) {
            if (!value.known()) {
                lessons.add("Key result " + value.keyResult() + " could not be measured: " + value.failure());
            }
        }
        if (outcomes.isEmpty()) {
            outcomes.add(cycle.outcome() == CycleOutcome.NO_CHANGE ? "Nothing to change" : "Outcome " + cycle.outcome());
        }
        return new Reflection(outcomes, List.copyOf(lessons), nextFocus(cycle, proposed));
    }

    private static long count(WorkCycle cycle, Disposition disposition) {
        return cycle.changes().stream().filter(file -> file.disposition() == disposition).count();
    }

    private static List<String> keyResultMoves(GoalEvaluation before, GoalEvaluation after) {
        List<String> moves = new ArrayList<>();
        if (before == null || after == null) {
            return moves;
        }
        for (KeyResultEvaluation was : before.keyResults()) {
            after.keyResults().stream().filter(now -> now.name().equals(was.name())).findFirst().ifPresent(now -> {
                if (was.current() != null && now.current() != null && !was.current().equals(now.current())) {
                    moves.add(String.format(Locale.ROOT, "Key result %s: %s → %s (progress %.0f%% → %.0f%%)", was.name(),
                            FactualPlanner.number(was.current()), FactualPlanner.number(now.current()), was.progress(), now.progress()));
                }
            });
        }
        return moves;
    }

    private static String nextFocus(WorkCycle cycle, long proposed) {
        if (cycle.after() != null && cycle.after().keyResults().stream().allMatch(kr -> kr.progress() != null && kr.progress() >= 100)) {
            return "Goal achieved: keep it there";
        }
        if (proposed > 0) {
            return "Remaining gap is in paths others own: follow up on the proposal";
        }
        return "Close the remaining gap of goal " + cycle.goal();
    }
}
