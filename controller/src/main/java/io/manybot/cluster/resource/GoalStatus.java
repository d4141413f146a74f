package io.manybot.cluster.resource;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

/** The goal as evaluated from the latest measurements its bots reported. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class GoalStatus {
    public Long observedGeneration;
    public List<Condition> conditions = new ArrayList<>();
    public String progress;
    public Double progressPercent;
    public Boolean onTrack;
    public Boolean atRisk;
    public String evaluatedAt;
    public List<KeyResultState> keyResults;
    /** The bots working toward this goal. */
    public List<String> bots;
    public String lastHandledReconcileAt;

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class KeyResultState {
        public String name;
        public Double current;
        public Double progress;
        public Double expected;
        /** ACHIEVED, ON_TRACK, OFF_TRACK, OVERDUE or UNKNOWN (as the core evaluates it). */
        public String state;
        /** Which bot measured it, or "declared" for the spec's current value. */
        public String source;
    }
}
