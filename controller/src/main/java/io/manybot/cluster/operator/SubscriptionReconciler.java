package io.manybot.cluster.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.manybot.cluster.declaration.ResourceDeclarations;
import io.manybot.cluster.resource.Conditions;
import io.manybot.cluster.resource.ManybotResource;
import io.manybot.cluster.resource.SubscriptionResource;
import io.manybot.cluster.resource.SubscriptionStatus;
import io.manybot.core.declaration.Subscription;
import io.manybot.core.schedule.CronTriggers;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Reconciles a Subscription: reads it through the core, registers its route (or removes it while
 * suspended or invalid) and shows whether its bot exists and, for schedules, the next run.
 */
@ControllerConfiguration(name = "subscription", generationAwareEventProcessing = false,
        informer = @Informer(onUpdateFilter = SpecOrRequestChanged.class))
public final class SubscriptionReconciler implements Reconciler<SubscriptionResource>, Cleaner<SubscriptionResource> {
    private final KubernetesClient client;
    private final SubscriptionRoutes routes;
    private final KubeEvents events;
    private final Clock clock;
    private final boolean serverSideApply;
    private final ResourceDeclarations declarations = new ResourceDeclarations();
    private final io.manybot.cluster.leader.Leadership leadership;

    public SubscriptionReconciler(KubernetesClient client, SubscriptionRoutes routes, KubeEvents events, Clock clock, boolean serverSideApply,
            io.manybot.cluster.leader.Leadership leadership) {
        this.leadership = leadership;
        this.serverSideApply = serverSideApply;
        this.client = client;
        this.routes = routes;
        this.events = events;
        this.clock = clock;
    }

    @Override
    public UpdateControl<SubscriptionResource> reconcile(SubscriptionResource resource, Context<SubscriptionResource> context) {
        if (!leadership.leading()) {
            return UpdateControl.<SubscriptionResource>noUpdate().rescheduleAfter(ManybotReconciler.NOT_LEADING);
        }
        // The counts are the Manybot reconciler's: compared without them, and left out of the patch.
        String before = StatusPatches.snapshot(resource, "lastTriggered", "triggerCount");
        return StatusPatches.unlessUnchanged(register(resource), before, "lastTriggered", "triggerCount");
    }

    private UpdateControl<SubscriptionResource> register(SubscriptionResource resource) {
        Instant now = clock.instant();
        String namespace = resource.getMetadata().getNamespace();
        SubscriptionStatus status = resource.getStatus() == null ? new SubscriptionStatus() : resource.getStatus();
        resource.setStatus(status);
        Long generation = resource.getMetadata().getGeneration();
        status.observedGeneration = generation;
        leaveCountsToTheirOwner(status, serverSideApply);
        status.lastHandledReconcileAt = resource.getMetadata().getAnnotations() == null ? null
                : resource.getMetadata().getAnnotations().get(ManybotResource.RECONCILE_REQUESTED_AT);
        ResourceDeclarations.Read<Subscription> read = declarations.subscription(resource);
        if (!read.ok()) {
            routes.remove(namespace, resource.getMetadata().getName());
            boolean was = Conditions.isTrue(status.conditions, Conditions.STALLED);
            status.conditions = Conditions.stalled(status.conditions, "InvalidSpec", read.describe(), generation, now);
            if (!was) {
                events.warning(resource, "InvalidSpec", read.describe());
            }
            return StatusPatches.patchStatus(resource);
        }
        Subscription subscription = read.declaration().value();
        status.conditions = Conditions.set(status.conditions, Conditions.STALLED, false, "Valid", "", generation, now);
        boolean botExists = client.resources(ManybotResource.class).inNamespace(namespace).withName(subscription.bot()).get() != null;
        status.conditions = Conditions.set(status.conditions, Conditions.BOT_RESOLVED, botExists, botExists ? "Found" : "BotNotFound",
                "Manybot " + subscription.bot() + (botExists ? "" : " does not exist (yet) in " + namespace), generation, now);
        if (subscription.suspend()) {
            routes.remove(namespace, subscription.name());
            status.nextRun = null;
            status.conditions = Conditions.set(status.conditions, Conditions.RECONCILING, false, "Suspended", "", generation, now);
            status.conditions = Conditions.set(status.conditions, Conditions.READY, true, "Suspended", "suspended: the route is not registered",
                    generation, now);
            return StatusPatches.patchStatus(resource);
        }
        routes.register(namespace, subscription);
        Instant next = subscription.trigger() == Subscription.Trigger.SCHEDULE ? CronTriggers.following(subscription.schedule(), now) : null;
        status.nextRun = next == null ? null : next.toString();
        status.conditions = Conditions.set(status.conditions, Conditions.RECONCILING, !botExists, botExists ? "Registered" : "BotNotFound",
                botExists ? "" : "waiting for Manybot " + subscription.bot(), generation, now);
        status.conditions = Conditions.set(status.conditions, Conditions.READY, botExists, botExists ? "Registered" : "BotNotFound",
                botExists ? "routes " + subscription.trigger().name().toLowerCase(java.util.Locale.ROOT) + " events to " + subscription.bot()
                        : "Manybot " + subscription.bot() + " does not exist", generation, now);
        UpdateControl<SubscriptionResource> control = StatusPatches.patchStatus(resource);
        if (!botExists) {
            control.rescheduleAfter(ManybotReconciler.RETRY);
        } else if (next != null) {
            control.rescheduleAfter(Duration.between(now, next).plusSeconds(1));
        }
        return control;
    }

    /**
     * What the status write may carry of the counts: lastTriggered and triggerCount belong to the
     * Manybot reconciler, which counts the cycles a Subscription starts, so a server-side apply leaves
     * them out (an apply that names a field takes it over; one without them leaves them to their owner).
     * Without server-side apply, JOSDK writes the difference from its cached copy, so the values as read
     * stay. A pure decision, so that both branches are tested without an API server that applies.
     */
    static void leaveCountsToTheirOwner(SubscriptionStatus status, boolean serverSideApply) {
        if (serverSideApply) {
            status.lastTriggered = null;
            status.triggerCount = null;
        }
    }

    @Override
    public DeleteControl cleanup(SubscriptionResource resource, Context<SubscriptionResource> context) {
        routes.remove(resource.getMetadata().getNamespace(), resource.getMetadata().getName());
        return DeleteControl.defaultDelete();
    }
}
