package io.manybot.cluster.operator;

import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.manybot.cluster.declaration.ResourceDeclarations;
import io.manybot.cluster.resource.Conditions;
import io.manybot.cluster.resource.GoalResource;
import io.manybot.cluster.resource.GoalStatus;
import io.manybot.cluster.resource.ManybotResource;
import io.manybot.cluster.resource.ManybotStatus;
import io.manybot.core.declaration.Goal;
import io.manybot.core.goal.GoalEvaluation;
import io.manybot.core.goal.GoalEvaluator;
import io.manybot.core.goal.KeyResultEvaluation;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Reconciles a Goal: reads it through the core and evaluates its key results from the latest
 * measurements its bots reported (newest wins per key result; the declared {@code current} value
 * until one exists): progress, on track, at risk.
 */
@ControllerConfiguration(name = "goal", generationAwareEventProcessing = false,
        informer = @Informer(onUpdateFilter = SpecOrRequestChanged.class))
public final class GoalReconciler implements Reconciler<GoalResource> {
    /** On-track depends on the time elapsed: look again now and then even when nothing changes. */
    static final Duration REEVALUATE = Duration.ofMinutes(10);

    private final KubeEvents events;
    private final Clock clock;
    private final ResourceDeclarations declarations = new ResourceDeclarations();
    private final GoalEvaluator evaluator = new GoalEvaluator();
    private final OperatorMetrics metrics;
    private final io.manybot.cluster.leader.Leadership leadership;

    public GoalReconciler(KubeEvents events, Clock clock, OperatorMetrics metrics, io.manybot.cluster.leader.Leadership leadership) {
        this.leadership = leadership;
        this.events = events;
        this.clock = clock;
        this.metrics = metrics;
    }

    @Override
    public List<EventSource<?, GoalResource>> prepareEventSources(EventSourceContext<GoalResource> context) {
        return List.of(new InformerEventSource<>(InformerEventSourceConfiguration.from(ManybotResource.class, GoalResource.class)
                .withSecondaryToPrimaryMapper(bot -> bot.getSpec() == null || bot.getSpec().goal == null ? Set.of()
                        : Set.of(new ResourceID(bot.getSpec().goal, bot.getMetadata().getNamespace())))
                // A Goal reads its bots' goal reference and measurements, nothing else of them.
                .withOnUpdateFilter((now, before) -> !Objects.equals(goalOf(now), goalOf(before))
                        || !Objects.equals(measured(now), measured(before)))
                .build(), context));
    }

    private static String goalOf(ManybotResource bot) {
        return bot.getSpec() == null ? null : bot.getSpec().goal;
    }

    private static String measured(ManybotResource bot) {
        return bot.getStatus() == null || bot.getStatus().keyResults == null ? null
                : bot.getStatus().keyResults.stream().map(v -> v.name + "=" + v.value + "@" + v.measuredAt).toList().toString();
    }

    @Override
    public UpdateControl<GoalResource> reconcile(GoalResource resource, Context<GoalResource> context) {
        if (!leadership.leading()) {
            return UpdateControl.<GoalResource>noUpdate().rescheduleAfter(ManybotReconciler.NOT_LEADING);
        }
        String before = StatusPatches.snapshot(resource, "evaluatedAt");
        return StatusPatches.unlessUnchanged(evaluate(resource, context), before, "evaluatedAt");
    }

    private UpdateControl<GoalResource> evaluate(GoalResource resource, Context<GoalResource> context) {
        Instant now = clock.instant();
        GoalStatus status = resource.getStatus() == null ? new GoalStatus() : resource.getStatus();
        resource.setStatus(status);
        Long generation = resource.getMetadata().getGeneration();
        status.observedGeneration = generation;
        status.lastHandledReconcileAt = resource.getMetadata().getAnnotations() == null ? null
                : resource.getMetadata().getAnnotations().get(ManybotResource.RECONCILE_REQUESTED_AT);
        ResourceDeclarations.Read<Goal> read = declarations.goal(resource);
        if (!read.ok()) {
            boolean was = Conditions.isTrue(status.conditions, Conditions.STALLED);
            status.conditions = Conditions.stalled(status.conditions, "InvalidSpec", read.describe(), generation, now);
            if (!was) {
                events.warning(resource, "InvalidSpec", read.describe());
            }
            return StatusPatches.patchStatus(resource);
        }
        Goal goal = read.declaration().value();
        List<ManybotResource> bots = context.getSecondaryResourcesAsStream(ManybotResource.class)
                .filter(bot -> bot.getSpec() != null && goal.name().equals(bot.getSpec().goal))
                .sorted(Comparator.comparing(bot -> bot.getMetadata().getName())).toList();
        Map<String, Double> measured = new HashMap<>();
        Map<String, String> source = new HashMap<>();
        Map<String, String> when = new HashMap<>();
        for (ManybotResource bot : bots) {
            if (bot.getStatus() == null || bot.getStatus().keyResults == null) {
                continue;
            }
            for (ManybotStatus.KeyResultValue value : bot.getStatus().keyResults) {
                String at = value.measuredAt == null ? "" : value.measuredAt;
                if (value.value != null && at.compareTo(when.getOrDefault(value.name, "")) >= 0) {
                    measured.put(value.name, value.value);
                    source.put(value.name, bot.getMetadata().getName());
                    when.put(value.name, at);
                }
            }
        }
        GoalEvaluation evaluation = evaluator.evaluate(goal, measured, now);
        status.progressPercent = evaluation.progress();
        status.progress = evaluation.progress() == null ? "unknown" : Math.round(evaluation.progress()) + "%";
        status.onTrack = evaluation.onTrack();
        status.atRisk = evaluation.atRisk();
        status.evaluatedAt = now.toString();
        status.bots = bots.stream().map(bot -> bot.getMetadata().getName()).toList();
        status.keyResults = evaluation.keyResults().stream().map(kr -> state(kr, source.getOrDefault(kr.name(), "declared"))).toList();
        metrics.goalAtRisk(resource.getMetadata().getNamespace(), goal.name(), evaluation.atRisk());
        evaluation.keyResults().forEach(kr -> metrics.keyResultProgress(resource.getMetadata().getNamespace(), goal.name(), kr.name(), kr.progress()));
        boolean wasOnTrack = Conditions.isTrue(status.conditions, Conditions.GOAL_ON_TRACK);
        boolean onTrack = Boolean.TRUE.equals(evaluation.onTrack());
        status.conditions = Conditions.set(status.conditions, Conditions.GOAL_ON_TRACK, onTrack,
                evaluation.onTrack() == null ? "Unknown" : onTrack ? "OnTrack" : "AtRisk", status.progress
                        + " of the way" + (evaluation.atRisk() ? "; a key result is off track or overdue" : ""), generation, now);
        if (wasOnTrack && !onTrack && evaluation.onTrack() != null) {
            events.warning(resource, "AtRisk", "goal " + goal.name() + " is at risk: " + status.progress);
        }
        status.conditions = Conditions.set(status.conditions, Conditions.STALLED, false, "Evaluated", "", generation, now);
        status.conditions = Conditions.set(status.conditions, Conditions.RECONCILING, false, "Evaluated", "", generation, now);
        status.conditions = Conditions.set(status.conditions, Conditions.READY, true, "Evaluated",
                "progress " + status.progress + " from " + (measured.isEmpty() ? "the declared values" : "measurements by " + String.join(", ",
                        source.values().stream().distinct().sorted().toList())), generation, now);
        return StatusPatches.patchStatus(resource).rescheduleAfter(REEVALUATE);
    }

    private static GoalStatus.KeyResultState state(KeyResultEvaluation kr, String source) {
        GoalStatus.KeyResultState state = new GoalStatus.KeyResultState();
        state.name = kr.name();
        state.current = kr.current();
        state.progress = kr.progress();
        state.expected = kr.expected();
        state.state = kr.state().name();
        state.source = kr.current() == null ? null : source;
        return state;
    }
}
