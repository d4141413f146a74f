package io.manybot.cluster.operator;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.CustomResource;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.lang.reflect.InvocationTargetException;

/**
 * Status writes that carry nothing but the status. With server-side apply the patch names every
 * field its manager owns: sending the whole resource (spec, labels, resourceVersion) would make the
 * operator co-own the user's fields and turn a stale cache into a 409 conflict. A fresh object with
 * only name, namespace and status owns the status alone and never touches spec.
 */
final class StatusPatches {
    private StatusPatches() {}

    static <S, R extends CustomResource<?, S>> UpdateControl<R> patchStatus(R resource) {
        return UpdateControl.patchStatus(statusOnly(resource));
    }

    @SuppressWarnings("unchecked")
    static <S, R extends CustomResource<?, S>> R statusOnly(R resource) {
        try {
            R fresh = (R) resource.getClass().getDeclaredConstructor().newInstance();
            fresh.setMetadata(new ObjectMetaBuilder()
                    .withName(resource.getMetadata().getName())
                    .withNamespace(resource.getMetadata().getNamespace())
                    .build());
            fresh.setStatus(resource.getStatus());
            return fresh;
        } catch (InstantiationException | IllegalAccessException | NoSuchMethodException | InvocationTargetException e) {
            throw new IllegalStateException("cannot copy " + resource.getClass().getSimpleName() + " for a status patch", e);
        }
    }
}
