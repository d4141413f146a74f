package io.manybot.cluster.operator;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.processing.event.source.filter.OnUpdateFilter;
import io.manybot.cluster.resource.ManybotResource;
import java.util.Map;
import java.util.Objects;

/**
 * Which updates of a primary resource start a reconcile: a new generation (spec changed), a new
 * {@code manybot.io/reconcile-requested-at} annotation, a set or removed {@code manybot.io/paused}, a new {@code manybot.io/hold} (Meetings), deletion or a finalizer change. Status-only
 * updates (the operator's own writes) do not. It replaces JOSDK's generation filter, which would
 * drop annotation changes since they leave the generation alone.
 */
public final class SpecOrRequestChanged implements OnUpdateFilter<HasMetadata> {
    @Override
    public boolean accept(HasMetadata newResource, HasMetadata oldResource) {
        var now = newResource.getMetadata();
        var before = oldResource.getMetadata();
        return !Objects.equals(now.getGeneration(), before.getGeneration())
                || !Objects.equals(annotation(now.getAnnotations(), ManybotResource.RECONCILE_REQUESTED_AT),
                        annotation(before.getAnnotations(), ManybotResource.RECONCILE_REQUESTED_AT))
                || !Objects.equals(annotation(now.getAnnotations(), ManybotResource.PAUSED), annotation(before.getAnnotations(), ManybotResource.PAUSED))
                || !Objects.equals(annotation(now.getAnnotations(), io.manybot.cluster.resource.MeetingResource.HOLD),
                        annotation(before.getAnnotations(), io.manybot.cluster.resource.MeetingResource.HOLD))
                || (now.getDeletionTimestamp() != null && before.getDeletionTimestamp() == null)
                || !Objects.equals(now.getFinalizers(), before.getFinalizers());
    }

    private static String annotation(Map<String, String> annotations, String key) {
        return annotations == null ? null : annotations.get(key);
    }
}
