package io.manybot.core.cycle;

import io.manybot.core.goal.GoalEvaluation;
import io.manybot.core.measure.MeasuredValue;
import io.manybot.core.secret.SecretRedactor;
import io.manybot.core.workspace.IsolatedCheckout;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/** The cycle being built, phase by phase; each phase boundary hands a snapshot to the listener. */
final class CycleProgress {
    private final CycleRequest request;
    private final CycleListener listener;
    private final Clock clock;
    private final SecretRedactor redactor;
    private final Instant startedAt;
    private CyclePhase phase = CyclePhase.SENSE;
    private Instant phaseStartedAt;
    final List<PhaseTiming> timings = new ArrayList<>();
    final List<ExecutedStep> steps = new ArrayList<>();
    List<MeasuredValue> measurementsBefore = List.of();
    List<MeasuredValue> measurementsAfter = List.of();
    List<Task> tasks = List.of();
    List<ChangedFile> changes = List.of();
    GoalEvaluation before;
    GoalEvaluation after;
    String baseCommit;
    TestRun tests;
    Landing landing;
    Reflection reflection;
    CycleOutcome outcome;
    String error;
    TokenUsage tokens = TokenUsage.NONE;
    /** The cycle's isolated checkout once made; removed when the cycle ends. */
    IsolatedCheckout checkout;

    CycleProgress(CycleRequest request, CycleListener listener, Clock clock, SecretRedactor redactor) {
        this.request = request;
        this.redactor = redactor;
        this.listener = listener;
        this.clock = clock;
        this.startedAt = clock.instant();
        this.phaseStartedAt = startedAt;
    }

    Instant startedAt() {
        return startedAt;
    }

    CyclePhase phase() {
        return phase;
    }

    /** Closes the current phase's timing and announces the next one. */
    void enter(CyclePhase next) {
        Instant now = clock.instant();
        if (next != phase) {
            timings.add(new PhaseTiming(phase, Duration.between(phaseStartedAt, now).toMillis()));
        }
        phase = next;
        phaseStartedAt = now;
        listener.phase(snapshot());
    }

    /** Registered secret values and token shapes masked: what the cycle keeps is safe to store and show. */
    String mask(String text) {
        return redactor.redact(text);
    }

    void event(String level, String message) {
        listener.event(snapshot(), level, mask(message));
    }

    void updateTasks(UnaryOperator<Task> change) {
        tasks = tasks.stream().map(change).toList();
    }

    void updateChanges(UnaryOperator<ChangedFile> change) {
        changes = changes.stream().map(change).toList();
    }

    WorkCycle snapshot() {
        Instant finishedAt = phase == CyclePhase.DONE ? phaseStartedAt : null;
        return new WorkCycle(request.cycleId(), request.bot().name(), request.goal().name(), request.trigger(), phase, outcome,
                startedAt, finishedAt, baseCommit, request.directivesVersion(), before, after, measurementsBefore, measurementsAfter,
                tasks.stream().map(this::mask).toList(), steps, changes, mask(tests), landing, mask(reflection), timings, mask(error),
                tokens);
    }

    /** A planner (a model) may echo a key into a task's words: masked like every other text the cycle keeps. */
    private Task mask(Task task) {
        return new Task(task.id(), task.kind(), mask(task.title()), mask(task.rationale()), task.state(), mask(task.result()), task.paths());
    }

    private TestRun mask(TestRun run) {
        return run == null ? null : new TestRun(run.command().stream().map(this::mask).toList(), run.exitCode(), run.passed(),
                run.timedOut(), mask(run.output()), run.millis());
    }

    private Reflection mask(Reflection reflection) {
        return reflection == null ? null : new Reflection(reflection.outcomes().stream().map(this::mask).toList(),
                reflection.lessons().stream().map(this::mask).toList(), mask(reflection.nextFocus()));
    }
}
