package io.manybot.cluster.cycle;

import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.manybot.cluster.directives.CycleDirectives;
import io.manybot.cluster.operator.OperatorSettings;
import io.manybot.cluster.resource.ManybotResource;
import io.manybot.cluster.resource.ManybotSpec;
import io.manybot.cluster.resource.WorkCycleResource;
import io.manybot.cluster.resource.WorkCycleSpec;
import io.manybot.cluster.resource.WorkCycleStatus;
import io.manybot.core.cycle.StopSignal;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Starts a bot's cycle: creates its WorkCycle (owned by the Manybot) and runs it in-process on a
 * bounded pool, or as a runner Job. Shutdown and suspend stop in-process cycles at their next phase
 * boundary.
 */
public final class CycleLauncher implements AutoCloseable {
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();
    private final KubernetesClient client;
    private final OperatorSettings settings;
    private final ClusterCycle cycles;
    private final ExecutorService workers;
    private final io.manybot.cluster.leader.Leadership leadership;
    private final WorkCycleStatusWriter statuses;
    /** Bots whose in-process cycle should stop at its next phase boundary, with why. */
    private final Map<String, String> stopRequested = new ConcurrentHashMap<>();
    /** The WorkCycles ("namespace/name") this process is running in-process now. */
    private final Set<String> running = ConcurrentHashMap.newKeySet();
    private volatile boolean closing;

    public CycleLauncher(KubernetesClient client, OperatorSettings settings, ClusterCycle cycles) {
        this(client, settings, cycles, io.manybot.cluster.leader.Leadership.none(), false);
    }

    /**
     * @param leadership whether this operator leads: in-process cycles record its stamp, stop at their next
     *     phase boundary when it no longer leads, and land only while it holds the Lease they started under
     * @param serverSideApply how WorkCycle status is written (apply on a real API server, update on the mock)
     */
    public CycleLauncher(KubernetesClient client, OperatorSettings settings, ClusterCycle cycles,
            io.manybot.cluster.leader.Leadership leadership, boolean serverSideApply) {
        this.leadership = leadership;
        this.statuses = new WorkCycleStatusWriter(client, serverSideApply);
        this.client = client;
        this.settings = settings;
        this.cycles = cycles;
        this.workers = Executors.newFixedThreadPool(Math.max(1, settings.workers()), runnable -> {
            Thread thread = new Thread(runnable, "manybot-cycle");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Creates the WorkCycle and starts it, without live directives; returns the created resource. */
    public WorkCycleResource start(ManybotResource bot, String cycleId, String trigger, String lastSeenCommit, Duration cycleTimeout) {
        return start(bot, cycleId, trigger, lastSeenCommit, cycleTimeout, CycleDirectives.NONE);
    }

    /**
     * Creates the WorkCycle (its spec carrying what the live directives give the cycle: planning
     * notes, version, limit overrides) and starts it; returns the created resource.
     */
    public WorkCycleResource start(ManybotResource bot, String cycleId, String trigger, String lastSeenCommit, Duration cycleTimeout,
            CycleDirectives directives) {
        return start(bot, cycleId, trigger, lastSeenCommit, cycleTimeout, directives, io.manybot.cluster.leader.Leadership.NONE);
    }

    /** The leadership this operator holds, as the reconciler asks it before it reconciles or starts a cycle. */
    public io.manybot.cluster.leader.Leadership leadership() {
        return leadership;
    }

    /**
     * As {@link #start(ManybotResource, String, String, String, Duration, CycleDirectives)}, recording
     * {@code stamp} (the leadership it starts under) in an in-process cycle's spec.
     */
    public WorkCycleResource start(ManybotResource bot, String cycleId, String trigger, String lastSeenCommit, Duration cycleTimeout,
            CycleDirectives directives, io.manybot.cluster.leader.Leadership.Stamp stamp) {
        ManybotSpec.RunnerMode mode = bot.getSpec().runner != null && bot.getSpec().runner.mode != null
                ? bot.getSpec().runner.mode : settings.runnerMode();
        String namespace = bot.getMetadata().getNamespace();
        WorkCycleResource cycle = new WorkCycleResource();
        cycle.getMetadata().setName(bot.getMetadata().getName() + "-" + cycleId);
        cycle.getMetadata().setNamespace(namespace);
        cycle.getMetadata().setLabels(Map.of(WorkCycleResource.BOT_LABEL, bot.getMetadata().getName(), WorkCycleResource.CYCLE_LABEL, cycleId));
        cycle.getMetadata().setOwnerReferences(java.util.List.of(new OwnerReferenceBuilder()
                .withApiVersion(bot.getApiVersion()).withKind(bot.getKind()).withName(bot.getMetadata().getName())
                .withUid(bot.getMetadata().getUid()).withController(true).withBlockOwnerDeletion(true).build()));
        WorkCycleSpec spec = new WorkCycleSpec();
        spec.bot = bot.getMetadata().getName();
        spec.cycleId = cycleId;
        spec.goal = bot.getSpec().goal;
        spec.trigger = trigger;
        spec.lastSeenCommit = lastSeenCommit;
        spec.runner = mode;
        directives.writeTo(spec);
        if (mode == ManybotSpec.RunnerMode.IN_PROCESS && stamp != null && stamp.identity() != null) {
            spec.leader = stamp.identity();
            spec.leaseTransitions = stamp.transitions();
        }
        cycle.setSpec(spec);
        WorkCycleResource created = client.resource(cycle).create();
        WorkCycleStatus pending = new WorkCycleStatus();
        pending.phase = "Pending";
        if (mode == ManybotSpec.RunnerMode.JOB) {
            // The runner keeps the bot's pull requests there, and may not create it.
            io.manybot.cluster.review.ConfigMapProposals.ensure(client, namespace);
            Job job = client.batch().v1().jobs().inNamespace(namespace).resource(RunnerJobs.job(created, bot, settings, cycleTimeout)).create();
            pending.job = job.getMetadata().getName();
        }
        WorkCycleResource written = statuses.update(namespace, created.getMetadata().getName(), current -> pending);
        created = written != null ? written : created;
        if (mode == ManybotSpec.RunnerMode.IN_PROCESS) {
            String key = key(namespace, spec.bot);
            stopRequested.remove(key);
            String name = created.getMetadata().getName();
            running.add(key(namespace, name));
            workers.submit(() -> {
                try {
                    io.manybot.cluster.leader.Leadership.Stamp startedUnder = stamp;
                    cycles.run(namespace, name, new StopSignal() {
                        @Override
                        public boolean getAsBoolean() {
                            return closing || stopRequested.containsKey(key) || !leadership.leading();
                        }

                        @Override
                        public String reason() {
                            return closing ? "shutdown" : !leadership.leading() ? "this operator no longer leads"
                                    : stopRequested.getOrDefault(key, "shutdown");
                        }
                    }, () -> leadership.refusal(startedUnder));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (RuntimeException e) {
                    // The cycle records its own failures; this is a failure to even read its resources.
                } finally {
                    running.remove(key(namespace, name));
                }
            });
        }
        return created;
    }

    /** Whether this process is running the WorkCycle in-process now (false after a restart or a change of leader). */
    public boolean running(String namespace, String workCycle) {
        return running.contains(key(namespace, workCycle));
    }

    /** Asks the bot's in-process cycle to stop at its next phase boundary. */
    public void stop(String namespace, String bot) {
        stop(namespace, bot, "shutdown");
    }

    /** Asks the bot's in-process cycle to stop at its next phase boundary, for {@code reason} (named in its error). */
    public void stop(String namespace, String bot, String reason) {
        stopRequested.put(key(namespace, bot), reason);
    }

    /**
     * Asks the runner pods of the unfinished runner-Job cycles among {@code cycles} (one bot's) to stop
     * at their next phase boundary for {@code reason}, by the annotation
     * {@value WorkCycleResource#STOP_REQUESTED}; a null reason withdraws it (the bot is active again).
     * Cycles already marked so are left alone, so a reconcile that changes nothing writes nothing.
     */
    public void requestJobStop(java.util.List<WorkCycleResource> cycles, String reason) {
        for (WorkCycleResource cycle : cycles) {
            boolean unfinished = cycle.getStatus() == null || cycle.getStatus().outcome == null;
            if (!unfinished || cycle.getSpec() == null || cycle.getSpec().runner != ManybotSpec.RunnerMode.JOB) {
                continue;
            }
            Map<String, String> annotations = cycle.getMetadata().getAnnotations();
            String current = annotations == null ? null : annotations.get(WorkCycleResource.STOP_REQUESTED);
            if ((reason == null) == (current == null)) {
                continue;
            }
            com.fasterxml.jackson.databind.node.ObjectNode patch = JSON.createObjectNode();
            com.fasterxml.jackson.databind.node.ObjectNode marks = patch.putObject("metadata").putObject("annotations");
            if (reason == null) {
                marks.putNull(WorkCycleResource.STOP_REQUESTED);
            } else {
                marks.put(WorkCycleResource.STOP_REQUESTED, reason);
            }
            try {
                client.resources(WorkCycleResource.class).inNamespace(cycle.getMetadata().getNamespace()).withName(cycle.getMetadata().getName())
                        .patch(io.fabric8.kubernetes.client.dsl.base.PatchContext.of(io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE),
                                patch.toString());
            } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
                // the WorkCycle is gone, or the API server is away: the next reconcile tries again
            }
        }
    }

    /** Writes WorkCycle status as this operator does (server-side apply, or update on the mock). */
    public WorkCycleStatusWriter statuses() {
        return statuses;
    }

    /** Withdraws a stop request not yet acted on (the bot is active again). */
    public void resume(String namespace, String bot) {
        stopRequested.remove(key(namespace, bot));
    }

    private static String key(String namespace, String bot) {
        return namespace + "/" + bot;
    }

    /** Stops cycles at their next phase boundary and waits a little for them. */
    @Override
    public void close() {
        closing = true;
        workers.shutdown();
        try {
            workers.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        workers.shutdownNow();
    }
}
