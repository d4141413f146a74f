package io.manybot.cluster.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.ControllerConfigurationOverrider;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.manybot.cluster.cycle.ClusterCycle;
import io.manybot.cluster.cycle.CycleLauncher;
import io.manybot.cluster.directives.DirectivesConfigMap;
import io.manybot.cluster.leader.Leadership;
import io.manybot.cluster.repository.RepositoryChecks;
import io.manybot.core.agents.BotAgentsFactory;
import io.manybot.core.cycle.CycleRunner;
import io.manybot.core.mirror.RepositoryMirrors;
import io.manybot.core.process.ProcessRunner;
import io.manybot.core.secret.SecretRedactor;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The cluster home: java-operator-sdk with the Manybot, Goal and Subscription reconcilers on one
 * fabric8 client, watching all namespaces or the listed ones, with leader election by Lease when
 * configured. Closing it stops reconciling and lets running in-process cycles end at a phase boundary.
 */
public final class ManybotOperator implements AutoCloseable {
    private final Operator operator;
    private final CycleLauncher launcher;
    private final RepositoryMirrors mirrors;
    private final String leaseName;
    private final KubernetesClient client;
    private final java.util.List<String> namespaces;
    private final SubscriptionRoutes routes;
    private final TriggerRequests triggers = new TriggerRequests();
    private final OperatorMetrics metrics;
    private final ManybotReconciler bots;
    private final DirectivesConfigMap directives;
    private final RepositoryChecks checks = new RepositoryChecks();
    private final OperatorSettings settings;
    private final Leadership leadership;
    /** What to do when leadership is lost while running: exit, so that Kubernetes restarts the pod as a follower. */
    private volatile Runnable onLeadershipLost = () -> new Thread(() -> System.exit(1), "manybot-lost-leadership").start();
    private volatile boolean closing;
    private boolean closed;

    /**
     * @param serverSideApply how status is patched: on (the default for a real API server) or off
     *     (the fabric8 mock server answers 415 to apply patches)
     */
    public ManybotOperator(KubernetesClient client, OperatorSettings settings, Clock clock, boolean serverSideApply) {
        this.leaseName = settings.leaseName();
        this.settings = settings;
        this.metrics = new OperatorMetrics(triggers::size, clock);
        SecretRedactor redactor = new SecretRedactor();
        ProcessRunner processes = new ProcessRunner();
        Map<String, String> environment = Map.of();
        this.mirrors = new RepositoryMirrors(settings.mirrors(), settings.fetchInterval(), clock);
        ClusterCycle cycles = new ClusterCycle(client, mirrors, new CycleRunner(processes, environment, clock, false, redactor, settings.ownershipFiles()),
                new BotAgentsFactory(processes, environment, System.getenv(), redactor, io.manybot.core.executor.cli.Confinement.pod()), redactor, settings, clock, serverSideApply);
        this.leadership = settings.leaderElection()
                ? Leadership.onLease(client, leaseNamespace(settings, client), settings.leaseName(), Leadership.newIdentity(System.getenv("HOSTNAME")))
                : Leadership.none();
        this.launcher = new CycleLauncher(client, settings, cycles, leadership, serverSideApply);
        KubeEvents events = new KubeEvents(client, clock);
        this.client = client;
        this.namespaces = java.util.List.copyOf(settings.namespaces());
        this.routes = new SubscriptionRoutes();
        this.operator = new Operator(overrider -> {
            overrider.withKubernetesClient(client)
                    .withCloseClientOnStop(false)
                    .withUseSSAToPatchPrimaryResource(serverSideApply)
                    // With the 30 s the launcher gives a running cycle, shutdown stays well inside the chart's 60 s grace period.
                    .withReconciliationTerminationTimeout(Duration.ofSeconds(15));
            if (settings.leaderElection()) {
                // JOSDK's own "exit on stop leading" also fires on a graceful stop, and System.exit from a
                // shutdown hook never returns: exit only when leadership is lost while running.
                overrider.withLeaderElectionConfiguration(new LeaderElectionConfiguration(settings.leaseName(), leadership.leaseNamespace(),
                        LeaderElectionConfiguration.LEASE_DURATION_DEFAULT_VALUE, LeaderElectionConfiguration.RENEW_DEADLINE_DEFAULT_VALUE,
                        LeaderElectionConfiguration.RETRY_PERIOD_DEFAULT_VALUE, leadership.identity(),
                        new LeaderCallbacks(leadership::started, this::leadershipLost, leader -> { }), false));
            }
        });
        operator.register(new SubscriptionReconciler(client, routes, events, clock, serverSideApply, leadership), namespaces(settings));
        operator.register(new GoalReconciler(events, clock, metrics, leadership), namespaces(settings));
        this.directives = settings.directivesConfigMap() == null ? null
                : new DirectivesConfigMap(settings.directivesNamespace() != null ? settings.directivesNamespace()
                        : client.getNamespace() != null ? client.getNamespace() : "default", settings.directivesConfigMap(), events, clock);
        operator.register(new MeetingReconciler(client, settings, mirrors, events, clock, leadership, directives, System.getenv(), redactor),
                namespaces(settings));
        this.bots = new ManybotReconciler(client, settings, mirrors, checks, launcher, routes, events, clock, directives, triggers, metrics);
        operator.register(bots, namespaces(settings));
    }

    private static <R extends io.fabric8.kubernetes.api.model.HasMetadata> Consumer<ControllerConfigurationOverrider<R>> namespaces(
            OperatorSettings settings) {
        return overrider -> {
            if (settings.namespaces().isEmpty()) {
                overrider.watchingAllNamespaces();
            } else {
                overrider.settingNamespaces(new HashSet<>(settings.namespaces()));
            }
        };
    }

    /** The Lease namespace: the setting, else the client's namespace (the pod's), else "default". */
    private static String leaseNamespace(OperatorSettings settings, KubernetesClient client) {
        return settings.leaseNamespace() != null ? settings.leaseNamespace() : client.getNamespace() != null ? client.getNamespace() : "default";
    }

    /**
     * Another replica may already be reconciling: stop at once. Reconciles and cycle starts stop with
     * the flag (the reconcilers look at it first), in-process cycles stop at their next phase boundary
     * and do not push what they landed (the fence), then the process exits so that Kubernetes restarts
     * the pod as a follower. Not when this operator is closing (it gave the Lease up itself).
     */
    private void leadershipLost() {
        leadership.stopped();
        if (!closing) {
            System.err.println("manybot operator: lost the leader Lease " + leaseName + " (" + leadership.identity()
                    + "); stopped reconciling and starting cycles; exiting so that only the leader reconciles");
            onLeadershipLost.run();
        }
    }

    /** Replaces the exit on a lost leadership (tests: the process must live on). */
    public void onLeadershipLost(Runnable action) {
        this.onLeadershipLost = action;
    }

    /** This operator's hold on the leader Lease. */
    public Leadership leadership() {
        return leadership;
    }

    /**
     * Asks for a cycle of Manybot {@code namespace/bot} for {@code reason}: it starts when the bot has
     * no cycle running (else the reason waits for the next one), whatever the bot's own schedule.
     */
    public void trigger(String namespace, String bot, String reason) {
        triggers.add(namespace, bot, reason);
        bots.wake(namespace, bot);
    }

    /** The reasons of {@code namespace/bot} waiting to start a cycle. */
    public java.util.List<String> pendingTriggers(String namespace, String bot) {
        return triggers.pending(namespace, bot);
    }

    /** The registered Subscriptions, by namespace. */
    public SubscriptionRoutes routes() {
        return routes;
    }

    public OperatorMetrics metrics() {
        return metrics;
    }

    /** The namespaces watched, or empty for all. */
    public java.util.List<String> namespaces() {
        return namespaces;
    }

    /**
     * The ownership index of the mirror of {@code url}@{@code branch} at {@code commit} (a Manybot's
     * status.commit), read as the reconciler reads it; empty when there is no such mirror or commit here.
     */
    public java.util.Optional<io.manybot.core.ownership.OwnershipIndex> ownership(String url, String branch, String commit) {
        if (url == null || branch == null || commit == null) {
            return java.util.Optional.empty();
        }
        try {
            java.nio.file.Path directory = mirrors.directory(url, branch);
            if (!java.nio.file.Files.isDirectory(directory)) {
                return java.util.Optional.empty();
            }
            RepositoryChecks.AtCommit at = checks.at(directory, commit);
            return at.errors().isEmpty() ? java.util.Optional.of(at.ownership()) : java.util.Optional.empty();
        } catch (Exception e) {
            return java.util.Optional.empty();
        }
    }

    /** The live directives ConfigMap the operator follows, when one is configured. */
    public java.util.Optional<DirectivesConfigMap> directives() {
        return java.util.Optional.ofNullable(directives);
    }

    /** The settings it was started with (its state directory holds the audit log). */
    public OperatorSettings settings() {
        return settings;
    }

    /** The client the operator works with. */
    public KubernetesClient client() {
        return client;
    }

    public void start() {
        operator.start();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        closing = true;
        // One path for SIGTERM and a stop: no more reconciles, running cycles stop at their next phase
        // boundary and are recorded, then the Lease is given up so that the next replica leads at once.
        operator.stop();
        launcher.close();
        leadership.release();
        mirrors.close();
    }
}
