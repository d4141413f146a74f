package io.manybot.cluster.resource;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

/** Whether the route is registered, and when it last started a cycle. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SubscriptionStatus {
    public Long observedGeneration;
    public List<Condition> conditions = new ArrayList<>();
    public String lastTriggered;
    public Long triggerCount;
    /** For schedule subscriptions: the next time the cron expression fires. */
    public String nextRun;
    public String lastHandledReconcileAt;
}
