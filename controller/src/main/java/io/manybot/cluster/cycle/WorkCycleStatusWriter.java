package io.manybot.cluster.cycle;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.manybot.cluster.operator.StatusPatches;
import io.manybot.cluster.resource.WorkCycleResource;
import io.manybot.cluster.resource.WorkCycleStatus;
import java.util.function.UnaryOperator;

/**
 * Writes WorkCycle status, the one writer of it for the operator and runner pods: by server-side apply
 * of the status subresource (field manager {@value StatusPatches#FIELD_MANAGER}, name, namespace and
 * status only: {@link StatusPatches#statusOnly}) on a real API server, or by a plain status update
 * where apply is off (the fabric8 mock server answers 415 to apply patches).
 */
public final class WorkCycleStatusWriter {
    private final KubernetesClient client;
    private final boolean serverSideApply;

    public WorkCycleStatusWriter(KubernetesClient client, boolean serverSideApply) {
        this.client = client;
        this.serverSideApply = serverSideApply;
    }

    /**
     * Reads WorkCycle {@code namespace/name}, asks {@code change} for its new status given the current
     * one (null: write nothing) and writes it; returns the WorkCycle as written (or as read, when
     * nothing was written, or null when it no longer exists).
     */
    public WorkCycleResource update(String namespace, String name, UnaryOperator<WorkCycleStatus> change) {
        if (!serverSideApply) {
            return client.resources(WorkCycleResource.class).inNamespace(namespace).withName(name).editStatus(current -> {
                WorkCycleStatus next = change.apply(current.getStatus());
                if (next != null) {
                    current.setStatus(next);
                }
                return current;
            });
        }
        WorkCycleResource current = client.resources(WorkCycleResource.class).inNamespace(namespace).withName(name).get();
        if (current == null) {
            return null;
        }
        WorkCycleStatus next = change.apply(current.getStatus());
        if (next == null) {
            return current;
        }
        current.setStatus(next);
        return client.resource(StatusPatches.statusOnly(current)).subresource("status").patch(StatusPatches.serverSideApply());
    }
}
