package io.manybot.cluster.operator;

import io.manybot.core.declaration.Subscription;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The valid, registered Subscriptions of the cluster, by namespace: the Subscription reconciler
 * registers and removes them, the Manybot reconciler routes commits and schedules through them.
 */
public final class SubscriptionRoutes {
    private final Map<String, Map<String, Subscription>> byNamespace = new ConcurrentHashMap<>();

    public void register(String namespace, Subscription subscription) {
        byNamespace.computeIfAbsent(namespace, n -> new ConcurrentHashMap<>()).put(subscription.name(), subscription);
    }

    public void remove(String namespace, String name) {
        Map<String, Subscription> routes = byNamespace.get(namespace);
        if (routes != null) {
            routes.remove(name);
        }
    }

    /** The subscriptions of {@code bot} in {@code namespace}. */
    public List<Subscription> of(String namespace, String bot) {
        return byNamespace.getOrDefault(namespace, Map.of()).values().stream().filter(s -> s.bot().equals(bot)).toList();
    }

    /** The subscriptions of {@code namespace}. */
    public List<Subscription> in(String namespace) {
        return List.copyOf(byNamespace.getOrDefault(namespace, Map.of()).values());
    }

    /** The namespaces with registered subscriptions. */
    public java.util.Set<String> namespaces() {
        return java.util.Set.copyOf(byNamespace.keySet());
    }
}
