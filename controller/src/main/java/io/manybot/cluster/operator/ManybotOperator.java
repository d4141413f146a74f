package io.manybot.cluster.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.ControllerConfigurationOverrider;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.manybot.cluster.cycle.ClusterCycle;
import io.manybot.cluster.cycle.CycleLauncher;
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

    /**
     * @param serverSideApply how status is patched: on (the default for a real API server) or off
     *     (the fabric8 mock server answers 415 to apply patches)
     */
    public ManybotOperator(KubernetesClient client, OperatorSettings settings, Clock clock, boolean serverSideApply) {
        SecretRedactor redactor = new SecretRedactor();
        ProcessRunner processes = new ProcessRunner();
        Map<String, String> environment = Map.of();
        this.mirrors = new RepositoryMirrors(settings.mirrors(), settings.fetchInterval(), clock);
        ClusterCycle cycles = new ClusterCycle(client, mirrors, new CycleRunner(processes, environment, clock),
                new BotAgentsFactory(processes, environment, System.getenv(), redactor), redactor, settings, clock);
        this.launcher = new CycleLauncher(client, settings, cycles);
        KubeEvents events = new KubeEvents(client, clock);
        SubscriptionRoutes routes = new SubscriptionRoutes();
        this.operator = new Operator(overrider -> {
            overrider.withKubernetesClient(client)
                    .withCloseClientOnStop(false)
                    .withUseSSAToPatchPrimaryResource(serverSideApply)
                    .withReconciliationTerminationTimeout(Duration.ofSeconds(30));
            if (settings.leaderElection()) {
                overrider.withLeaderElectionConfiguration(new LeaderElectionConfiguration(settings.leaseName(), settings.leaseNamespace()));
            }
        });
        operator.register(new SubscriptionReconciler(client, routes, events, clock), namespaces(settings));
        operator.register(new GoalReconciler(events, clock), namespaces(settings));
        operator.register(new ManybotReconciler(client, settings, mirrors, new RepositoryChecks(), launcher, routes, events, clock),
                namespaces(settings));
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

    public void start() {
        operator.start();
    }

    @Override
    public void close() {
        operator.stop();
        launcher.close();
        mirrors.close();
    }
}
