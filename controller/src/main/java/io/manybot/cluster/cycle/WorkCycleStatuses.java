package io.manybot.cluster.cycle;

import io.manybot.cluster.resource.ManybotStatus;
import io.manybot.cluster.resource.WorkCycleStatus;
import io.manybot.core.cycle.ChangedFile;
import io.manybot.core.cycle.Task;
import io.manybot.core.cycle.WorkCycle;
import io.manybot.core.measure.MeasuredValue;
import java.time.Instant;
import java.util.List;

/** The core's record of a cycle, as the WorkCycle resource's status shows it. */
public final class WorkCycleStatuses {
    /** Test output kept in status: the last this many characters. */
    static final int OUTPUT_LIMIT = 2000;

    private WorkCycleStatuses() {}

    public static WorkCycleStatus from(WorkCycle cycle, WorkCycleStatus previous) {
        WorkCycleStatus status = new WorkCycleStatus();
        if (previous != null) {
            status.conditions = previous.conditions;
            status.job = previous.job;
            status.observedGeneration = previous.observedGeneration;
            status.handoffs = previous.handoffs;
            status.handoffsRead = previous.handoffsRead;
            status.routed = previous.routed;
        }
        status.phase = cycle.outcome() != null ? "DONE" : cycle.phase().name();
        status.outcome = cycle.outcome() == null ? null : cycle.outcome().name();
        status.startedAt = text(cycle.startedAt());
        status.finishedAt = text(cycle.finishedAt());
        status.baseCommit = cycle.baseCommit();
        status.directivesVersion = cycle.directivesVersion();
        status.error = cycle.error();
        status.taskCount = cycle.tasks().size();
        if (cycle.landing() != null) {
            status.landedCommit = shortId(cycle.landing().commit());
            status.targetRef = cycle.landing().targetRef();
            status.proposalBranch = cycle.landing().proposalBranch();
            status.reviewers = cycle.landing().reviewers().isEmpty() ? null : cycle.landing().reviewers();
            status.landedHow = cycle.landing().how();
            status.rebasedOver = cycle.landing().rebasedOver() == 0 ? null : cycle.landing().rebasedOver();
            status.retested = cycle.landing().rebasedOver() == 0 ? null : cycle.landing().retested();
            status.conflicts = cycle.landing().conflicts().isEmpty() ? null : cycle.landing().conflicts();
            if (cycle.landing().pullRequest() != null) {
                io.manybot.core.cycle.PullRequestLink link = cycle.landing().pullRequest();
                WorkCycleStatus.PullRequest pr = new WorkCycleStatus.PullRequest();
                pr.host = link.host();
                pr.number = link.number();
                pr.url = link.url();
                pr.state = link.state();
                pr.reason = link.reason();
                status.pullRequest = pr;
            }
        }
        status.progressBefore = cycle.before() == null ? null : cycle.before().progress();
        status.progressAfter = cycle.after() == null ? null : cycle.after().progress();
        status.keyResultsBefore = values(cycle.measurementsBefore());
        status.keyResultsAfter = values(cycle.measurementsAfter());
        status.tasks = cycle.tasks().stream().map(WorkCycleStatuses::task).toList();
        status.changes = cycle.changes().stream().map(WorkCycleStatuses::change).toList();
        if (cycle.tests() != null) {
            WorkCycleStatus.Tests tests = new WorkCycleStatus.Tests();
            tests.passed = cycle.tests().passed();
            tests.timedOut = cycle.tests().timedOut();
            tests.exitCode = cycle.tests().exitCode();
            tests.millis = cycle.tests().millis();
            String output = cycle.tests().output();
            tests.output = output == null || output.length() <= OUTPUT_LIMIT ? output : "…" + output.substring(output.length() - OUTPUT_LIMIT);
            status.tests = tests;
        }
        if (cycle.reflection() != null) {
            WorkCycleStatus.Reflection reflection = new WorkCycleStatus.Reflection();
            reflection.outcomes = cycle.reflection().outcomes();
            reflection.lessons = cycle.reflection().lessons();
            reflection.nextFocus = cycle.reflection().nextFocus();
            status.reflection = reflection;
        }
        if (cycle.tokens() != null && cycle.tokens().total() > 0) {
            WorkCycleStatus.Tokens tokens = new WorkCycleStatus.Tokens();
            tokens.input = cycle.tokens().input();
            tokens.output = cycle.tokens().output();
            status.tokens = tokens;
        }
        return status;
    }

    /** Measurements as status values (null for none). */
    public static List<ManybotStatus.KeyResultValue> values(List<MeasuredValue> measured) {
        if (measured.isEmpty()) {
            return null;
        }
        return measured.stream().map(m -> {
            ManybotStatus.KeyResultValue value = new ManybotStatus.KeyResultValue();
            value.name = m.keyResult();
            value.value = m.value();
            value.failure = m.failure();
            value.measuredAt = text(m.measuredAt());
            value.commit = m.commit();
            return value;
        }).toList();
    }

    public static String shortId(String commit) {
        return commit == null ? null : commit.substring(0, Math.min(10, commit.length()));
    }

    private static WorkCycleStatus.TaskState task(Task task) {
        WorkCycleStatus.TaskState state = new WorkCycleStatus.TaskState();
        state.id = task.id();
        state.kind = task.kind().name();
        state.title = task.title();
        state.rationale = task.rationale();
        state.state = task.state().name();
        state.result = task.result();
        return state;
    }

    private static WorkCycleStatus.Change change(ChangedFile file) {
        WorkCycleStatus.Change change = new WorkCycleStatus.Change();
        change.path = file.path();
        change.change = file.change().name();
        change.decision = file.decision() == null ? null : file.decision().name();
        change.reason = file.reason();
        change.disposition = file.disposition() == null ? null : file.disposition().name();
        change.reviewers = file.reviewers() == null || file.reviewers().isEmpty() ? null : file.reviewers();
        return change;
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
