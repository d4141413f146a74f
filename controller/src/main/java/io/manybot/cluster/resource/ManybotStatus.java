package io.manybot.cluster.resource;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

/** What the operator last saw of a bot: its phase, goal progress, last cycle and conditions. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ManybotStatus {
    public Long observedGeneration;
    public List<Condition> conditions = new ArrayList<>();
    /** Pending, Idle, Running, Paused, Suspended, Stalled or CircuitOpen. */
    public String phase;
    /** Goal progress for people ("43%"), or "unknown". */
    public String progress;
    public Double progressPercent;
    public Boolean atRisk;
    public Boolean onTrack;
    /** The repository commit the bot last read. */
    public String commit;
    public String fetchedAt;
    public List<KeyResultValue> keyResults;
    public LastCycle lastCycle;
    public Long cycles;
    public Integer consecutiveFailures;
    public String nextCycleAt;
    public String lastHandledReconcileAt;
    /** The live directives the operator follows (from its directives ConfigMap), when it has one. */
    public DirectivesState directives;

    /** The live directives in effect and the last edit rejected. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class DirectivesState {
        /** Their _meta version, or null when unversioned or none were ever applied. */
        public String version;
        /** The first 12 hex characters of the SHA-256 of the content in effect. */
        public String hash;
        public String appliedAt;
        /** Why the last edit was rejected (file:line problems), or null when it was applied. */
        public String error;
    }

    /** The latest measurement of one key result. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class KeyResultValue {
        public String name;
        public Double value;
        /** Why the value is unknown, when it is. */
        public String failure;
        public String measuredAt;
        public String commit;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class LastCycle {
        /** The WorkCycle resource. */
        public String name;
        public String id;
        public String phase;
        public String outcome;
        public String startedAt;
        public String finishedAt;
        public String landedCommit;
        public String proposalBranch;
        /** "&lt;id&gt; &lt;OUTCOME or phase&gt;", for kubectl get. */
        public String summary;
    }
}
