package io.manybot.cluster.app;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.manybot.cluster.operator.ManybotOperator;
import io.manybot.cluster.operator.OperatorSettings;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import jakarta.annotation.PreDestroy;
import java.time.Clock;

/**
 * The operator as a bean of the Micronaut application: started with the application (which also
 * serves {@code /health} on MANYBOT_HTTP_HOST:MANYBOT_HTTP_PORT, see {@link HttpAddress}), stopped on shutdown (cycles end at a phase boundary).
 * The Kubernetes client configures itself: in a pod from its service account, elsewhere from kubeconfig.
 */
@Context
@Requires(bean = OperatorSettings.class)
public final class OperatorService {
    private final KubernetesClient client;
    private final ManybotOperator operator;

    public OperatorService(OperatorSettings settings) {
        this.client = new KubernetesClientBuilder().build();
        this.operator = new ManybotOperator(client, settings, Clock.systemUTC(), true);
        operator.start();
    }

    public ManybotOperator operator() {
        return operator;
    }

    /** Stops the operator (idempotent): no more reconciles, cycles end at a phase boundary, the Lease is released. */
    @PreDestroy
    public synchronized void stop() {
        operator.close();
        client.close();
    }
}
