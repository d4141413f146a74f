package io.manybot.cluster.resource;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * kstatus conditions: {@code Ready}, {@code Reconciling}, {@code Stalled}, and domain ones such as
 * {@code GoalOnTrack}. Setting a condition keeps its {@code lastTransitionTime} unless its status changes.
 */
public final class Conditions {
    public static final String READY = "Ready";
    public static final String RECONCILING = "Reconciling";
    public static final String STALLED = "Stalled";
    public static final String GOAL_ON_TRACK = "GoalOnTrack";
    public static final String OWNERSHIP_VALID = "OwnershipValid";
    public static final String REPOSITORY_READY = "RepositoryReady";
    public static final String GOAL_RESOLVED = "GoalResolved";
    public static final String BOT_RESOLVED = "BotResolved";

    private Conditions() {}

    /** The conditions with {@code type} set; the list is copied, never changed in place. */
    public static List<Condition> set(List<Condition> conditions, String type, boolean status, String reason, String message,
            Long generation, Instant now) {
        List<Condition> result = new ArrayList<>(conditions == null ? List.of() : conditions);
        String value = status ? "True" : "False";
        Condition existing = find(result, type);
        String since = existing != null && value.equals(existing.getStatus()) && existing.getLastTransitionTime() != null
                ? existing.getLastTransitionTime() : now.toString();
        Condition condition = new ConditionBuilder().withType(type).withStatus(value).withReason(reason)
                .withMessage(message == null ? "" : message).withObservedGeneration(generation).withLastTransitionTime(since).build();
        if (existing != null) {
            result.set(result.indexOf(existing), condition);
        } else {
            result.add(condition);
        }
        return result;
    }

    public static Condition find(List<Condition> conditions, String type) {
        if (conditions == null) {
            return null;
        }
        return conditions.stream().filter(c -> Objects.equals(type, c.getType())).findFirst().orElse(null);
    }

    public static boolean isTrue(List<Condition> conditions, String type) {
        Condition condition = find(conditions, type);
        return condition != null && "True".equals(condition.getStatus());
    }

    /** The kstatus trio for a resource that cannot progress until its spec changes: Stalled, not Ready, not Reconciling. */
    public static List<Condition> stalled(List<Condition> conditions, String reason, String message, Long generation, Instant now) {
        List<Condition> result = set(conditions, STALLED, true, reason, message, generation, now);
        result = set(result, READY, false, reason, message, generation, now);
        return set(result, RECONCILING, false, reason, "", generation, now);
    }
}
