package io.manybot.cluster.operator;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.Mappers;
import io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource;
import io.manybot.cluster.cycle.CycleLauncher;
import io.manybot.cluster.cycle.WorkCycleStatuses;
import io.manybot.cluster.declaration.ResourceDeclarations;
import io.manybot.cluster.directives.CycleDirectives;
import io.manybot.cluster.directives.DirectivesConfigMap;
import io.manybot.cluster.repository.GitSecrets;
import io.manybot.cluster.repository.RepositoryChecks;
import io.manybot.cluster.resource.Conditions;
import io.manybot.cluster.resource.GoalResource;
import io.manybot.cluster.resource.ManybotResource;
import io.manybot.cluster.resource.ManybotSpec;
import io.manybot.cluster.resource.ManybotStatus;
import io.manybot.cluster.resource.SubscriptionResource;
import io.manybot.cluster.resource.SubscriptionStatus;
import io.manybot.cluster.resource.WorkCycleResource;
import io.manybot.core.cycle.CycleIds;
import io.manybot.core.cycle.CycleOutcome;
import io.manybot.core.declaration.Bot;
import io.manybot.core.declaration.Goal;
import io.manybot.core.goal.GoalEvaluation;
import io.manybot.core.goal.GoalEvaluator;
import io.manybot.core.mirror.Mirror;
import io.manybot.core.mirror.RepositoryMirrors;
import io.manybot.core.problem.Problem;
import io.manybot.core.schedule.CommitTriggers;
import io.manybot.core.schedule.CronTriggers;
import io.manybot.core.schedule.CycleSchedule;
import io.manybot.core.declaration.Subscription;
import io.manybot.core.directives.BotDirectives;
import io.manybot.core.validation.RepositoryValidator;
import io.manybot.core.workspace.SourceRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.jgit.lib.ObjectId;

/**
 * Reconciles a Manybot: reads its spec through the core, resolves its Goal and repository mirror,
 * checks its claims against the repository's ownership files, decides by its mode whether a cycle is
 * due, starts it (in-process or as a Job), prunes old WorkCycles and writes what it found to status.
 * It never writes spec.
 */
@ControllerConfiguration(name = "manybot", generationAwareEventProcessing = false,
        informer = @Informer(onUpdateFilter = SpecOrRequestChanged.class))
public final class ManybotReconciler implements Reconciler<ManybotResource>, Cleaner<ManybotResource> {
    /** How long to wait before looking again when something it depends on is missing or failing. */
    static final Duration RETRY = Duration.ofSeconds(30);
    /** How often an idle triggered bot looks for new commits. */
    static final Duration POLL = Duration.ofMinutes(1);
    /** How often a bot with a running cycle looks again even without an event (a missed Job or WorkCycle event). */
    static final Duration LOOK_AGAIN = Duration.ofMinutes(5);
    /** How soon a replica that does not lead (yet, or any more) looks again. */
    static final Duration NOT_LEADING = Duration.ofSeconds(5);
    /** How long a WorkCycle may name a runner Job the informer has not seen yet. */
    static final Duration JOB_GRACE = Duration.ofMinutes(1);

    private final KubernetesClient client;
    private final OperatorSettings settings;
    private final RepositoryMirrors mirrors;
    private final RepositoryChecks checks;
    private final CycleLauncher launcher;
    private final SubscriptionRoutes routes;
    private final KubeEvents events;
    private final Clock clock;
    /** The live directives from the operator's directives ConfigMap, or null when it has none. */
    private final DirectivesConfigMap directives;
    private volatile InformerEventSource<ConfigMap, ManybotResource> directivesSource;
    private final ResourceDeclarations declarations = new ResourceDeclarations();
    /** Reasons from outside (webhooks, the REST API) waiting to start a cycle. */
    private final TriggerRequests triggers;
    private final OperatorMetrics metrics;
    private final io.micrometer.core.instrument.Timer reconcileTimer;
    /** Wakes a Manybot when a reason for it arrives. */
    private final SimpleInboundEventSource<ManybotResource> triggerSource = new SimpleInboundEventSource<>("triggers");
    private final GoalEvaluator evaluator = new GoalEvaluator();
    private final io.manybot.cluster.team.ClusterTeam team;
    /** The bots (namespace, name and uid) whose repository was fetched at once before their first cycle: once each, not at every reconcile. */
    private final Set<String> fetchedBeforeFirstCycle = java.util.concurrent.ConcurrentHashMap.newKeySet();

    public ManybotReconciler(KubernetesClient client, OperatorSettings settings, RepositoryMirrors mirrors, RepositoryChecks checks,
            CycleLauncher launcher, SubscriptionRoutes routes, KubeEvents events, Clock clock) {
        this(client, settings, mirrors, checks, launcher, routes, events, clock, null);
    }

    /** @param directives the live directives to follow (a ConfigMap watched by this controller), or null for none */
    public ManybotReconciler(KubernetesClient client, OperatorSettings settings, RepositoryMirrors mirrors, RepositoryChecks checks,
            CycleLauncher launcher, SubscriptionRoutes routes, KubeEvents events, Clock clock, DirectivesConfigMap directives) {
        this(client, settings, mirrors, checks, launcher, routes, events, clock, directives, new TriggerRequests(), new OperatorMetrics());
    }

    /** @param triggers reasons from outside to start a cycle, taken by {@link #schedule} one per cycle */
    public ManybotReconciler(KubernetesClient client, OperatorSettings settings, RepositoryMirrors mirrors, RepositoryChecks checks,
            CycleLauncher launcher, SubscriptionRoutes routes, KubeEvents events, Clock clock, DirectivesConfigMap directives,
            TriggerRequests triggers, OperatorMetrics metrics) {
        this.triggers = triggers;
        this.metrics = metrics;
        this.reconcileTimer = metrics.reconcileTimer("manybot");
        this.directives = directives;
        this.client = client;
        this.settings = settings;
        this.mirrors = mirrors;
        this.checks = checks;
        this.launcher = launcher;
        this.routes = routes;
        this.events = events;
        this.clock = clock;
        this.team = new io.manybot.cluster.team.ClusterTeam(client, clock);
    }

    @Override
    public List<EventSource<?, ManybotResource>> prepareEventSources(EventSourceContext<ManybotResource> context) {
        InformerEventSource<WorkCycleResource, ManybotResource> cycles = new InformerEventSource<>(
                InformerEventSourceConfiguration.from(WorkCycleResource.class, ManybotResource.class)
                        .withSecondaryToPrimaryMapper(Mappers.fromOwnerReferences(ManybotResource.class))
                        .build(), context);
        InformerEventSource<GoalResource, ManybotResource> goals = new InformerEventSource<>(
                InformerEventSourceConfiguration.from(GoalResource.class, ManybotResource.class)
                        .withSecondaryToPrimaryMapper(goal -> context.getPrimaryCache()
                                .list(goal.getMetadata().getNamespace(), bot -> bot.getSpec() != null
                                        && goal.getMetadata().getName().equals(bot.getSpec().goal))
                                .map(ResourceID::fromResource).collect(Collectors.toSet()))
                        // A bot reads only its Goal's spec; the Goal's status changes with every bot's measurements.
                        .withOnUpdateFilter((now, before) -> !Objects.equals(now.getMetadata().getGeneration(), before.getMetadata().getGeneration()))
                        .withPrimaryToSecondaryMapper((ManybotResource bot) -> bot.getSpec() == null || bot.getSpec().goal == null ? Set.of()
                                : Set.of(new ResourceID(bot.getSpec().goal, bot.getMetadata().getNamespace())))
                        .build(), context);
        InformerEventSource<Job, ManybotResource> jobs = new InformerEventSource<>(
                InformerEventSourceConfiguration.from(Job.class, ManybotResource.class)
                        .withLabelSelector("app.kubernetes.io/component=runner," + WorkCycleResource.BOT_LABEL)
                        .withSecondaryToPrimaryMapper(job -> Set.of(new ResourceID(
                                job.getMetadata().getLabels().get(WorkCycleResource.BOT_LABEL), job.getMetadata().getNamespace())))
                        .build(), context);
        List<EventSource<?, ManybotResource>> sources = new ArrayList<>(List.of(cycles, goals, jobs, triggerSource));
        if (directives != null) {
            // The one directives ConfigMap: any change of it re-reconciles every Manybot.
            InformerEventSource<ConfigMap, ManybotResource> configMaps = new InformerEventSource<>(
                    InformerEventSourceConfiguration.from(ConfigMap.class, ManybotResource.class)
                            .withName("directives")
                            .withNamespaces(Set.of(directives.namespace()))
                            .withFollowControllerNamespacesChanges(false)
                            .withGenericFilter(configMap -> directives.name().equals(configMap.getMetadata().getName()))
                            .withSecondaryToPrimaryMapper(configMap -> context.getPrimaryCache().list()
                                    .map(ResourceID::fromResource).collect(Collectors.toSet()))
                            .withPrimaryToSecondaryMapper((ManybotResource bot) -> Set.of(directives.id()))
                            .build(), context);
            directivesSource = configMaps;
            sources.add(configMaps);
        }
        return sources;
    }

    /** Wakes {@code bot}: a reason was added to its pending triggers. */
    void wake(String namespace, String bot) {
        triggerSource.propagateEvent(new ResourceID(bot, namespace));
    }

    /** Offers the directives ConfigMap as cached now (an unchanged one costs a hash) and says what it asks of {@code bot}. */
    private BotDirectives followDirectives(ManybotStatus status, String bot) {
        if (directives == null) {
            status.directives = null;
            return BotDirectives.none(bot);
        }
        InformerEventSource<ConfigMap, ManybotResource> source = directivesSource;
        if (source != null) {
            directives.offer(source.get(directives.id()).orElse(null));
        }
        status.directives = directives.status();
        return directives.forBot(bot);
    }

    @Override
    public UpdateControl<ManybotResource> reconcile(ManybotResource resource, Context<ManybotResource> context) throws Exception {
        long started = System.nanoTime();
        try {
            if (!launcher.leadership().leading()) {
                // Leadership lost (the process is on its way out): another replica reconciles now.
                return UpdateControl.<ManybotResource>noUpdate().rescheduleAfter(NOT_LEADING);
            }
            String before = StatusPatches.snapshot(resource);
            return StatusPatches.unlessUnchanged(observe(resource, context), before);
        } finally {
            reconcileTimer.record(System.nanoTime() - started, java.util.concurrent.TimeUnit.NANOSECONDS);
        }
    }

    private UpdateControl<ManybotResource> observe(ManybotResource resource, Context<ManybotResource> context) throws Exception {
        Instant now = clock.instant();
        ManybotStatus status = resource.getStatus() == null ? new ManybotStatus() : resource.getStatus();
        resource.setStatus(status);
        Long generation = resource.getMetadata().getGeneration();
        String requested = annotation(resource, ManybotResource.RECONCILE_REQUESTED_AT);
        boolean forced = requested != null && !requested.equals(status.lastHandledReconcileAt);
        status.lastHandledReconcileAt = requested;
        status.observedGeneration = generation;

        ResourceDeclarations.Read<Bot> read = declarations.bot(resource);
        if (!read.ok()) {
            return stalled(resource, "InvalidSpec", read.describe(), now);
        }
        Bot bot = read.declaration().value();
        List<WorkCycleResource> cycles = context.getSecondaryResources(WorkCycleResource.class).stream()
                .sorted(Comparator.comparing((WorkCycleResource c) -> c.getSpec().cycleId)).toList();
        for (WorkCycleResource cycle : cycles) {
            if (cycle.getStatus() != null && cycle.getStatus().outcome != null) {
                String id = cycle.getMetadata().getUid() != null ? cycle.getMetadata().getUid()
                        : cycle.getMetadata().getNamespace() + "/" + cycle.getMetadata().getName();
                metrics.cycleOutcome(id, resource.getMetadata().getNamespace(), resource.getMetadata().getName(), cycle.getStatus());
            }
        }
        summarizeCycles(status, cycles);
        io.manybot.core.team.TeamStatus inTeam = team.observe(resource.getMetadata().getNamespace(), bot);
        status.team = io.manybot.cluster.team.TeamStatuses.of(inTeam);

        BotDirectives said = followDirectives(status, resource.getMetadata().getName());
        if (Boolean.TRUE.equals(resource.getSpec().suspend)) {
            launcher.stop(resource.getMetadata().getNamespace(), resource.getMetadata().getName());
            launcher.requestJobStop(cycles, "spec.suspend");
            return settle(resource, "Suspended", false, "Suspended", "spec.suspend is true: no new cycles", null, now);
        }
        if (said.paused()) {
            String source = directives.file() + " version " + directives.version();
            launcher.stop(resource.getMetadata().getNamespace(), resource.getMetadata().getName(), "a pause in the live directives (" + source + ")");
            launcher.requestJobStop(cycles, "a pause in the live directives (" + source + ")");
            if (!"Paused".equals(status.phase)) {
                events.normal(resource, "PausedByDirectives", "paused by the live directives (" + source + "): no new cycles");
            }
            return settle(resource, "Paused", true, "PausedByDirectives", "paused by the live directives (" + source + "): no new cycles", null, now);
        }
        String pausedBy = annotation(resource, ManybotResource.PAUSED);
        if (pausedBy != null) {
            String message = "paused through the API (" + pausedBy + "): no new cycles";
            launcher.stop(resource.getMetadata().getNamespace(), resource.getMetadata().getName(), "a pause through the API (" + pausedBy + ")");
            launcher.requestJobStop(cycles, "a pause through the API (" + pausedBy + ")");
            if (!"Paused".equals(status.phase)) {
                events.normal(resource, "PausedByApi", message);
            }
            return settle(resource, "Paused", true, "PausedByApi", message, null, now);
        }
        launcher.resume(resource.getMetadata().getNamespace(), resource.getMetadata().getName());
        launcher.requestJobStop(cycles, null);

        Optional<GoalResource> goalResource = context.getSecondaryResource(GoalResource.class);
        if (goalResource.isEmpty()) {
            status.conditions = Conditions.set(status.conditions, Conditions.GOAL_RESOLVED, false, "GoalNotFound",
                    "Goal " + bot.goal() + " does not exist in namespace " + resource.getMetadata().getNamespace(), generation, now);
            return waiting(resource, "GoalNotFound", "waiting for Goal " + bot.goal(), now);
        }
        ResourceDeclarations.Read<Goal> goal = declarations.goal(goalResource.get());
        if (!goal.ok()) {
            status.conditions = Conditions.set(status.conditions, Conditions.GOAL_RESOLVED, false, "GoalInvalid", goal.describe(), generation, now);
            return stalled(resource, "GoalInvalid", "Goal " + bot.goal() + " is invalid:\n" + goal.describe(), now);
        }
        status.conditions = Conditions.set(status.conditions, Conditions.GOAL_RESOLVED, true, "Found", "Goal " + bot.goal(), generation, now);
        evaluate(status, goal.declaration().value(), cycles, now);

        if (bot.repository() == null || bot.repository().url() == null) {
            return stalled(resource, "NoRepository", ResourceDeclarations.source(resource)
                    + " spec.repository.url: required in the cluster home (the git URL the bot works on)", now);
        }
        Mirror mirror;
        try {
            // A bot with no cycle yet fetches at once (once): it was likely declared from a commit just merged (a specialist's
            // proposal synced by Argo CD), which the mirror, fetched up to an interval ago, may not have — its first cycle would
            // then work on a tree where its OWNERS files are missing.
            boolean firstFetch = cycles.isEmpty() && fetchedBeforeFirstCycle.add(firstFetchKey(resource));
            mirror = mirrors.sync(bot.repository().url(), bot.repository().branch(),
                    GitSecrets.credentials(client, resource.getMetadata().getNamespace(), settings.credentialsSecret(bot.repository().credentialsSecret())),
                    forced || firstFetch);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
                throw e;
            }
            boolean was = Conditions.isTrue(status.conditions, Conditions.REPOSITORY_READY);
            status.conditions = Conditions.set(status.conditions, Conditions.REPOSITORY_READY, false, "FetchFailed", e.getMessage(), generation, now);
            if (was || Conditions.find(status.conditions, Conditions.STALLED) == null) {
                events.warning(resource, "RepositoryUnavailable", e.getMessage());
            }
            return waiting(resource, "RepositoryUnavailable", e.getMessage(), now);
        }
        status.commit = mirror.commit();
        status.fetchedAt = mirror.fetchedAt() == null ? null : mirror.fetchedAt().toString();
        status.conditions = Conditions.set(status.conditions, Conditions.REPOSITORY_READY, true, "Fetched",
                bot.repository().url() + "@" + bot.repository().branch() + " at " + WorkCycleStatuses.shortId(mirror.commit()), generation, now);

        RepositoryChecks.AtCommit atCommit = checks.at(mirror.directory(), mirror.commit());
        if (!atCommit.errors().isEmpty()) {
            return stalled(resource, "InvalidOwnership", "the repository's ownership files at " + WorkCycleStatuses.shortId(mirror.commit())
                    + " have errors:\n" + String.join("\n", atCommit.errors().stream().map(Problem::toString).toList()), now);
        }
        List<Problem> claims = RepositoryValidator.checkClaims(read.declaration(), atCommit.ownership(), atCommit.files());
        status.conditions = Conditions.set(status.conditions, Conditions.OWNERSHIP_VALID, claims.isEmpty(),
                claims.isEmpty() ? "ClaimsGiven" : "ClaimsNotGiven",
                claims.isEmpty() ? "the ownership files give " + bot.principal() + " every path it claims"
                        : String.join("\n", claims.stream().map(Problem::toString).toList()), generation, now);

        prune(resource, cycles);
        cycles = closeOrphans(resource, cycles, context.getSecondaryResources(Job.class), now);
        return schedule(resource, bot, mirror, cycles, now);
    }

    private UpdateControl<ManybotResource> schedule(ManybotResource resource, Bot bot, Mirror mirror, List<WorkCycleResource> cycles, Instant now)
            throws Exception {
        ManybotStatus status = resource.getStatus();
        String namespace = resource.getMetadata().getNamespace();
        boolean running = cycles.stream().anyMatch(c -> c.getStatus() == null || c.getStatus().outcome == null);
        CycleSchedule.State state = CycleSchedule.State.initial(bot);
        for (WorkCycleResource cycle : cycles) {
            if (cycle.getStatus() != null && cycle.getStatus().outcome != null) {
                Instant finished = cycle.getStatus().finishedAt == null ? now : Instant.parse(cycle.getStatus().finishedAt);
                state = CycleSchedule.after(bot, state, CycleOutcome.valueOf(cycle.getStatus().outcome), finished);
            }
        }
        status.consecutiveFailures = state.consecutiveFailures();
        metrics.circuitOpen(namespace, resource.getMetadata().getName(), !running && state.circuitOpen(now));
        if (running) {
            return settle(resource, "Running", true, "CycleRunning", "cycle " + status.lastCycle.id + " is running", LOOK_AGAIN, now);
        }
        if (state.circuitOpen(now)) {
            return settle(resource, "CircuitOpen", true, "CircuitOpen", state.consecutiveFailures()
                    + " cycles failed in a row; the next one starts at " + state.circuitOpenUntil(), Duration.between(now, state.circuitOpenUntil()), now);
        }
        WorkCycleResource last = cycles.isEmpty() ? null : cycles.get(cycles.size() - 1);
        String lastBase = last == null || last.getStatus() == null ? null : last.getStatus().baseCommit;
        List<Subscription> subscriptions = routes.of(namespace, bot.name());
        String reason = null;
        String subscriptionHit = null;
        // A reason from outside (a webhook, the REST API) comes first; it stays pending while a cycle runs.
        Optional<String> requested = triggers.take(namespace, bot.name());
        if (requested.isPresent()) {
            reason = requested.get();
        } else if (last == null) {
            reason = "start";
        } else if (state.replan()) {
            reason = "re-plan: the target branch moved";
        } else if (CycleSchedule.continuous(bot) && state.nextDue() != null && !now.isBefore(state.nextDue())) {
            reason = "schedule";
        } else if (status.team != null && ((status.team.queued != null && status.team.queued > 0)
                || (status.team.unreadHandoffs != null && status.team.unreadHandoffs > 0))
                && io.manybot.cluster.team.ClusterTeam.waiting(team.read(namespace, bot.name()),
                        directives == null ? null : directives.current().orElse(null))) {
            // (queued tasks the directives' BLOCKED hold back wait without starting cycles)
            reason = "its team queued tasks or handed work up";
        }
        if (reason == null && CycleSchedule.triggered(bot) && lastBase != null && !lastBase.equals(mirror.commit())) {
            try (SourceRepository source = SourceRepository.open(mirror.directory())) {
                Optional<CommitTriggers.Match> match = CommitTriggers.match(bot, bot.repository().branch(),
                        source.commitsBetween(ObjectId.fromString(lastBase), ObjectId.fromString(mirror.commit()), 200), subscriptions);
                reason = match.map(CommitTriggers.Match::reason).orElse(null);
                subscriptionHit = match.map(CommitTriggers.Match::subscription).orElse(null);
            }
        }
        Instant nextCron = null;
        Instant lastStart = last == null || last.getStatus() == null || last.getStatus().startedAt == null ? now
                : Instant.parse(last.getStatus().startedAt);
        for (Subscription subscription : subscriptions) {
            if (subscription.trigger() == Subscription.Trigger.SCHEDULE && !subscription.suspend() && subscription.schedule() != null) {
                Instant fires;
                try {
                    fires = CronTriggers.following(subscription.schedule(), lastStart);
                } catch (IllegalArgumentException e) {
                    // The Subscription reconciler stalls it with the message; a broken Subscription never stops its bot.
                    continue;
                }
                if (reason == null && fires != null && !now.isBefore(fires)) {
                    reason = "subscription " + subscription.name();
                    subscriptionHit = subscription.name();
                } else if (fires != null && (nextCron == null || fires.isBefore(nextCron))) {
                    nextCron = fires;
                }
            }
        }
        if (reason != null) {
            Optional<io.manybot.cluster.leader.Leadership.Stamp> stamp = launcher.leadership().stamp();
            if (stamp.isEmpty()) {
                // This replica does not hold the Lease: no cycle starts; a reason from outside waits for the leader.
                requested.ifPresent(r -> triggers.add(namespace, bot.name(), r));
                return UpdateControl.<ManybotResource>noUpdate().rescheduleAfter(NOT_LEADING);
            }
            String cycleId = CycleIds.next(now);
            CycleDirectives given = directives == null ? CycleDirectives.NONE : directives.forCycle(bot.name());
            WorkCycleResource started = launcher.start(resource, cycleId, reason, lastBase, given.applyTo(bot).limits().cycleTimeout(), given,
                    stamp.get());
            metrics.cycleStarted(resource.getMetadata().getNamespace(), resource.getMetadata().getName());
            status.cycles = (status.cycles == null ? 0 : status.cycles) + 1;
            ManybotStatus.LastCycle lastCycle = new ManybotStatus.LastCycle();
            lastCycle.name = started.getMetadata().getName();
            lastCycle.id = cycleId;
            lastCycle.phase = "Pending";
            lastCycle.summary = cycleId + " Pending";
            status.lastCycle = lastCycle;
            events.normal(resource, "CycleStarted", "cycle " + cycleId + " (" + reason + ") as WorkCycle " + lastCycle.name
                    + (given.version() == null ? "" : ", directives version " + given.version()));
            if (subscriptionHit != null) {
                recordTrigger(namespace, subscriptionHit, now);
            }
            return settle(resource, "Running", true, "CycleStarted", "cycle " + cycleId + " started: " + reason, null, now);
        }
        Instant next = CycleSchedule.continuous(bot) ? state.nextDue() : null;
        if (nextCron != null && (next == null || nextCron.isBefore(next))) {
            next = nextCron;
        }
        Duration wait = CycleSchedule.triggered(bot) ? POLL : null;
        if (next != null) {
            Duration untilNext = Duration.between(now, next);
            wait = wait == null || untilNext.compareTo(wait) < 0 ? untilNext : wait;
        }
        status.nextCycleAt = next == null ? null : next.toString();
        return settle(resource, "Idle", true, "Idle", next == null ? "waiting for a trigger" : "next cycle at " + next, wait, now);
    }

    /**
     * Closes cycles nobody is running any more, so that the bot does not wait for them forever: an
     * in-process cycle this operator is not running (it restarted, or leadership moved) is INTERRUPTED;
     * a runner Job that failed (deadline, crash, image or Secret missing), finished without recording
     * an outcome, or is gone makes its cycle FAILED. What the cycle pushed before stays in git.
     */
    private List<WorkCycleResource> closeOrphans(ManybotResource bot, List<WorkCycleResource> cycles, Set<Job> jobs, Instant now) {
        List<WorkCycleResource> result = new java.util.ArrayList<>(cycles);
        for (int i = 0; i < result.size(); i++) {
            WorkCycleResource cycle = result.get(i);
            if (cycle.getStatus() == null || cycle.getStatus().outcome != null) {
                continue;
            }
            String namespace = cycle.getMetadata().getNamespace();
            String name = cycle.getMetadata().getName();
            CycleOutcome outcome = null;
            String error = null;
            if (cycle.getSpec().runner == ManybotSpec.RunnerMode.JOB) {
                String jobName = cycle.getStatus().job;
                Optional<Job> job = jobs.stream().filter(j -> j.getMetadata().getName().equals(jobName)).findFirst();
                Instant created = cycle.getMetadata().getCreationTimestamp() == null ? now : Instant.parse(cycle.getMetadata().getCreationTimestamp());
                if (jobName != null && job.isEmpty() && now.isAfter(created.plus(JOB_GRACE))) {
                    outcome = CycleOutcome.FAILED;
                    error = "its runner Job " + jobName + " no longer exists";
                } else if (job.isPresent() && job.get().getStatus() != null) {
                    var jobStatus = job.get().getStatus();
                    var failed = jobStatus.getConditions() == null ? null : jobStatus.getConditions().stream()
                            .filter(c -> "Failed".equals(c.getType()) && "True".equals(c.getStatus())).findFirst().orElse(null);
                    if (failed != null || (jobStatus.getFailed() != null && jobStatus.getFailed() > 0)) {
                        outcome = CycleOutcome.FAILED;
                        error = "its runner Job " + jobName + " failed" + (failed == null ? "" : ": " + failed.getReason()
                                + (failed.getMessage() == null ? "" : " (" + failed.getMessage() + ")"));
                    } else if (jobStatus.getSucceeded() != null && jobStatus.getSucceeded() > 0) {
                        outcome = CycleOutcome.FAILED;
                        error = "its runner Job " + jobName + " ended without recording an outcome";
                    }
                }
            } else if (!launcher.running(namespace, name)) {
                outcome = CycleOutcome.INTERRUPTED;
                error = "the operator running it stopped (restart or change of leader) before it finished";
            }
            if (outcome == null) {
                continue;
            }
            CycleOutcome closed = outcome;
            String why = error;
            WorkCycleResource updated = launcher.statuses().update(namespace, name, current -> {
                if (current == null || current.outcome != null) {
                    return null;
                }
                // Finished like every other finished cycle: PHASE DONE, the outcome says how.
                current.phase = "DONE";
                current.outcome = closed.name();
                current.finishedAt = now.toString();
                current.error = why;
                return current;
            });
            if (updated == null) {
                continue;
            }
            // Closed here, once: the team tasks it took wait in the bot's queue again (routable, shown as queued).
            String requeued = requeueTeamTasks(bot);
            if (requeued != null) {
                WorkCycleResource noted = launcher.statuses().update(namespace, name, current -> {
                    if (current == null) {
                        return null;
                    }
                    current.error = why + "; " + requeued;
                    return current;
                });
                updated = noted == null ? updated : noted;
            }
            events.warning(bot, "Cycle" + (closed == CycleOutcome.INTERRUPTED ? "Interrupted" : "Failed"),
                    "cycle " + cycle.getSpec().cycleId + " " + closed + ": " + why + (requeued == null ? "" : "; " + requeued));
            result.set(i, updated);
        }
        return result;
    }

    /**
     * Puts the team tasks a closed orphan cycle of {@code bot} had taken back in the bot's queue and refreshes its
     * {@code status.team}; says what went back, or null when nothing did (or the board could not be written: the bot's next
     * cycle takes them back when it starts).
     */
    private String requeueTeamTasks(ManybotResource bot) {
        String namespace = bot.getMetadata().getNamespace();
        String name = bot.getMetadata().getName();
        List<io.manybot.core.team.TeamTask> back;
        try {
            back = team.requeueInFlight(namespace, name);
        } catch (KubernetesClientException e) {
            return null;
        }
        if (back.isEmpty()) {
            return null;
        }
        if (bot.getStatus() != null) {
            bot.getStatus().team = io.manybot.cluster.team.TeamStatuses.of(team.read(namespace, name));
        }
        return "the " + (back.size() == 1 ? "team task" : back.size() + " team tasks") + " it had taken went back to the queue of "
                + name + ": " + String.join(", ", back.stream().map(t -> "\"" + t.title() + "\"").toList());
    }

    /**
     * Counts a cycle a Subscription started, in its status. The Subscription reconciler never writes
     * these two fields, so the two writers do not overwrite each other.
     */
    private void recordTrigger(String namespace, String subscription, Instant now) {
        try {
            client.resources(SubscriptionResource.class).inNamespace(namespace).withName(subscription).editStatus(current -> {
                SubscriptionStatus status = current.getStatus() == null ? new SubscriptionStatus() : current.getStatus();
                status.lastTriggered = now.toString();
                status.triggerCount = (status.triggerCount == null ? 0 : status.triggerCount) + 1;
                current.setStatus(status);
                return current;
            });
        } catch (KubernetesClientException e) {
            // The cycle has started; a count that could not be written is not worth failing the reconcile.
            SubscriptionResource about = new SubscriptionResource();
            about.getMetadata().setNamespace(namespace);
            about.getMetadata().setName(subscription);
            events.warning(about, "TriggerNotRecorded", "a cycle started but its count was not written: " + e.getMessage());
        }
    }

    /** Last cycle and key-result values from the WorkCycles (newest last). */
    private static void summarizeCycles(ManybotStatus status, List<WorkCycleResource> cycles) {
        if (cycles.isEmpty()) {
            return;
        }
        WorkCycleResource last = cycles.get(cycles.size() - 1);
        ManybotStatus.LastCycle lastCycle = new ManybotStatus.LastCycle();
        lastCycle.name = last.getMetadata().getName();
        lastCycle.id = last.getSpec().cycleId;
        if (last.getStatus() != null) {
            lastCycle.phase = last.getStatus().phase;
            lastCycle.outcome = last.getStatus().outcome;
            lastCycle.startedAt = last.getStatus().startedAt;
            lastCycle.finishedAt = last.getStatus().finishedAt;
            lastCycle.landedCommit = last.getStatus().landedCommit;
            lastCycle.proposalBranch = last.getStatus().proposalBranch;
        }
        lastCycle.summary = lastCycle.id + " " + (lastCycle.outcome != null ? lastCycle.outcome : lastCycle.phase == null ? "Pending" : lastCycle.phase);
        status.lastCycle = lastCycle;
        for (int i = cycles.size() - 1; i >= 0; i--) {
            var cycleStatus = cycles.get(i).getStatus();
            if (cycleStatus != null && (cycleStatus.keyResultsAfter != null || cycleStatus.keyResultsBefore != null)) {
                status.keyResults = cycleStatus.keyResultsAfter != null ? cycleStatus.keyResultsAfter : cycleStatus.keyResultsBefore;
                break;
            }
        }
    }

    /** Goal progress from the latest measurements (else the Goal's declared current values), by the core's evaluator. */
    private void evaluate(ManybotStatus status, Goal goal, List<WorkCycleResource> cycles, Instant now) {
        Map<String, Double> measured = new HashMap<>();
        if (status.keyResults != null) {
            status.keyResults.stream().filter(v -> v.value != null).forEach(v -> measured.put(v.name, v.value));
        }
        GoalEvaluation evaluation = evaluator.evaluate(goal, measured, now);
        status.progressPercent = evaluation.progress();
        status.progress = evaluation.progress() == null ? "unknown" : Math.round(evaluation.progress()) + "%";
        status.atRisk = evaluation.atRisk();
        status.onTrack = evaluation.onTrack();
        status.conditions = Conditions.set(status.conditions, Conditions.GOAL_ON_TRACK, Boolean.TRUE.equals(evaluation.onTrack()),
                evaluation.onTrack() == null ? "Unknown" : evaluation.onTrack() ? "OnTrack" : "AtRisk",
                "goal " + goal.name() + ": " + status.progress + (evaluation.atRisk() ? ", at risk" : ""), status.observedGeneration, now);
    }

    /** Deletes the oldest finished WorkCycles (and, through owner references, their Jobs) beyond the history limit. */
    private void prune(ManybotResource resource, List<WorkCycleResource> cycles) {
        int keep = resource.getSpec().workCycleHistory != null ? resource.getSpec().workCycleHistory : OperatorSettings.DEFAULT_HISTORY;
        List<WorkCycleResource> finished = cycles.stream().filter(c -> c.getStatus() != null && c.getStatus().outcome != null).toList();
        for (int i = 0; i < finished.size() - keep; i++) {
            WorkCycleResource old = finished.get(i);
            client.resource(old).delete();
            client.batch().v1().jobs().inNamespace(old.getMetadata().getNamespace())
                    .withLabel(WorkCycleResource.CYCLE_LABEL, old.getSpec().cycleId).withLabel(WorkCycleResource.BOT_LABEL, old.getSpec().bot).delete();
        }
    }

    private UpdateControl<ManybotResource> stalled(ManybotResource resource, String reason, String message, Instant now) {
        ManybotStatus status = resource.getStatus();
        boolean was = Conditions.isTrue(status.conditions, Conditions.STALLED)
                && message.equals(Conditions.find(status.conditions, Conditions.STALLED).getMessage());
        Long generation = resource.getMetadata().getGeneration();
        status.phase = "Stalled";
        status.conditions = Conditions.stalled(status.conditions, reason, message, generation, now);
        if (!was) {
            events.warning(resource, reason, message);
        }
        return StatusPatches.patchStatus(resource);
    }

    private UpdateControl<ManybotResource> waiting(ManybotResource resource, String reason, String message, Instant now) {
        ManybotStatus status = resource.getStatus();
        Long generation = resource.getMetadata().getGeneration();
        status.phase = "Pending";
        status.conditions = Conditions.set(status.conditions, Conditions.STALLED, false, reason, "", generation, now);
        status.conditions = Conditions.set(status.conditions, Conditions.READY, false, reason, message, generation, now);
        status.conditions = Conditions.set(status.conditions, Conditions.RECONCILING, true, reason, message, generation, now);
        return StatusPatches.patchStatus(resource).rescheduleAfter(RETRY);
    }

    private UpdateControl<ManybotResource> settle(ManybotResource resource, String phase, boolean ready, String reason, String message,
            Duration reschedule, Instant now) {
        ManybotStatus status = resource.getStatus();
        Long generation = resource.getMetadata().getGeneration();
        status.phase = phase;
        status.conditions = Conditions.set(status.conditions, Conditions.STALLED, false, reason, "", generation, now);
        status.conditions = Conditions.set(status.conditions, Conditions.RECONCILING, false, reason, "", generation, now);
        status.conditions = Conditions.set(status.conditions, Conditions.READY, ready, reason, message, generation, now);
        UpdateControl<ManybotResource> control = StatusPatches.patchStatus(resource);
        if (reschedule != null) {
            control.rescheduleAfter(reschedule.isNegative() || reschedule.isZero() ? Duration.ofSeconds(1) : reschedule);
        }
        return control;
    }

    /** Stops the bot's running cycle and deletes its WorkCycles and runner Jobs. */
    private static String firstFetchKey(ManybotResource resource) {
        return resource.getMetadata().getNamespace() + "/" + resource.getMetadata().getName() + "/" + resource.getMetadata().getUid();
    }

    @Override
    public DeleteControl cleanup(ManybotResource resource, Context<ManybotResource> context) {
        fetchedBeforeFirstCycle.remove(firstFetchKey(resource));
        String namespace = resource.getMetadata().getNamespace();
        String name = resource.getMetadata().getName();
        launcher.stop(namespace, name);
        triggers.forget(namespace, name);
        declarations.forget(resource);
        client.batch().v1().jobs().inNamespace(namespace).withLabel(WorkCycleResource.BOT_LABEL, name).delete();
        client.resources(WorkCycleResource.class).inNamespace(namespace).withLabel(WorkCycleResource.BOT_LABEL, name).delete();
        events.normal(resource, "Deleted", "stopped the bot and removed its WorkCycles and runner Jobs");
        return DeleteControl.defaultDelete();
    }

    private static String annotation(ManybotResource resource, String key) {
        Map<String, String> annotations = resource.getMetadata().getAnnotations();
        return annotations == null ? null : annotations.get(key);
    }
}
