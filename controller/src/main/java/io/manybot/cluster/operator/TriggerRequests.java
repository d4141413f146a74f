package io.manybot.cluster.operator;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reasons to start a cycle that came from outside the reconciler (a webhook, the REST API), by
 * namespace and bot, until the Manybot reconciler takes one as a cycle's trigger. Thread-safe.
 */
public final class TriggerRequests {
    /** At most this many reasons wait per bot; the oldest is dropped beyond it (one cycle takes one). */
    static final int LIMIT = 20;
    private final Map<String, Deque<String>> pending = new HashMap<>();

    public synchronized void add(String namespace, String bot, String reason) {
        Deque<String> reasons = pending.computeIfAbsent(key(namespace, bot), k -> new ArrayDeque<>());
        if (!reasons.contains(reason)) {
            reasons.addLast(reason);
        }
        while (reasons.size() > LIMIT) {
            reasons.removeFirst();
        }
    }

    /** How many reasons wait, over every bot. */
    public synchronized int size() {
        return pending.values().stream().mapToInt(Deque::size).sum();
    }

    /** The oldest pending reason of {@code bot}, without taking it. */
    public synchronized Optional<String> peek(String namespace, String bot) {
        Deque<String> reasons = pending.get(key(namespace, bot));
        return reasons == null ? Optional.empty() : Optional.ofNullable(reasons.peekFirst());
    }

    /** Takes the oldest pending reason of {@code bot}. */
    public synchronized Optional<String> take(String namespace, String bot) {
        Deque<String> reasons = pending.get(key(namespace, bot));
        if (reasons == null) {
            return Optional.empty();
        }
        String reason = reasons.pollFirst();
        if (reasons.isEmpty()) {
            pending.remove(key(namespace, bot));
        }
        return Optional.ofNullable(reason);
    }

    public synchronized List<String> pending(String namespace, String bot) {
        Deque<String> reasons = pending.get(key(namespace, bot));
        return reasons == null ? List.of() : List.copyOf(reasons);
    }

    public synchronized void forget(String namespace, String bot) {
        pending.remove(key(namespace, bot));
    }

    private static String key(String namespace, String bot) {
        return namespace + "/" + bot;
    }
}
