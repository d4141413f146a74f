package io.manybot.cluster.cycle;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.manybot.cluster.resource.WorkCycleResource;
import io.manybot.core.cycle.StopSignal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * The stop signal of a cycle run by a runner pod: the pod shutting down, or the annotation
 * {@value WorkCycleResource#STOP_REQUESTED} on its WorkCycle (the operator sets it when the bot is
 * paused). The annotation is read from the API server at most once per {@link #CHECK_EVERY}; a read
 * that fails keeps the last answer (the cycle goes on rather than stopping on a network blip).
 */
public final class WorkCycleStopSignal implements StopSignal {
    static final Duration CHECK_EVERY = Duration.ofSeconds(2);

    private final KubernetesClient client;
    private final String namespace;
    private final String workCycle;
    private final BooleanSupplier shutdown;
    private final Clock clock;
    private Instant checkedAt;
    private String requested;

    public WorkCycleStopSignal(KubernetesClient client, String namespace, String workCycle, BooleanSupplier shutdown, Clock clock) {
        this.client = client;
        this.namespace = namespace;
        this.workCycle = workCycle;
        this.shutdown = shutdown;
        this.clock = clock;
    }

    @Override
    public synchronized boolean getAsBoolean() {
        if (shutdown.getAsBoolean()) {
            return true;
        }
        Instant now = clock.instant();
        if (checkedAt == null || !now.isBefore(checkedAt.plus(CHECK_EVERY))) {
            checkedAt = now;
            try {
                WorkCycleResource resource = client.resources(WorkCycleResource.class).inNamespace(namespace).withName(workCycle).get();
                Map<String, String> annotations = resource == null ? null : resource.getMetadata().getAnnotations();
                requested = annotations == null ? null : annotations.get(WorkCycleResource.STOP_REQUESTED);
            } catch (KubernetesClientException e) {
                // keep the last answer
            }
        }
        return requested != null;
    }

    @Override
    public synchronized String reason() {
        return shutdown.getAsBoolean() || requested == null ? "shutdown" : requested;
    }
}
