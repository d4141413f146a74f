package io.manybot.cluster.operator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.lang.reflect.InvocationTargetException;

/**
 * Status writes that carry nothing but the status. With server-side apply the patch names every
 * field its manager owns: sending the whole resource (spec, labels, resourceVersion) would make the
 * operator co-own the user's fields and turn a stale cache into a 409 conflict. A fresh object with
 * only name, namespace and status owns the status alone and never touches spec.
 */
public final class StatusPatches {
    /** The field manager of the status the operator and its runner pods apply to WorkCycles. */
    public static final String FIELD_MANAGER = "manybot";

    private StatusPatches() {}

    /** A server-side apply of the status subresource by {@link #FIELD_MANAGER}, taking fields over from other managers. */
    public static io.fabric8.kubernetes.client.dsl.base.PatchContext serverSideApply() {
        return new io.fabric8.kubernetes.client.dsl.base.PatchContext.Builder()
                .withPatchType(io.fabric8.kubernetes.client.dsl.base.PatchType.SERVER_SIDE_APPLY)
                .withFieldManager(FIELD_MANAGER).withForce(true).build();
    }

    static <S, R extends CustomResource<?, S>> UpdateControl<R> patchStatus(R resource) {
        return UpdateControl.patchStatus(statusOnly(resource));
    }

    /** The status as JSON without the listed top-level fields (times that change on every look), for {@link #unlessUnchanged}. */
    static String snapshot(CustomResource<?, ?> resource, String... ignored) {
        if (resource.getStatus() == null) {
            return null;
        }
        JsonNode status = Serialization.jsonMapper().valueToTree(resource.getStatus());
        if (status instanceof ObjectNode object) {
            for (String field : ignored) {
                object.remove(field);
            }
        }
        return status.toString();
    }

    /**
     * The control as it is, or without its status patch when the status is what it was before the
     * reconcile: a write that changes nothing is still a round trip to the API server per reconcile.
     * The reschedule is kept.
     */
    static <R extends CustomResource<?, ?>> UpdateControl<R> unlessUnchanged(UpdateControl<R> control, String before, String... ignored) {
        if (!control.isPatchStatus() || control.getResource().isEmpty() || before == null
                || !before.equals(snapshot(control.getResource().get(), ignored))) {
            return control;
        }
        UpdateControl<R> none = UpdateControl.noUpdate();
        control.getScheduleDelay().ifPresent(none::rescheduleAfter);
        return none;
    }

    /**
     * What a status write carries: a fresh object of the same kind with name, namespace and status only
     * (never spec, labels, annotations, resourceVersion or managedFields), so that a server-side apply
     * owns the status alone.
     */
    @SuppressWarnings("unchecked")
    public static <S, R extends CustomResource<?, S>> R statusOnly(R resource) {
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
