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
    /** The bot's place in its team (issue 16), when it has a parent or children or anything waits for it. */
    public Team team;

    /** A bot's parent and children, what waits for it (bounded), and its scratchpad (bounded). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class Team {
        public String parent;
        public List<String> children;
        @com.fasterxml.jackson.annotation.JsonPropertyDescription("How many tasks wait in the bot's queue.")
        public Integer queued;
        @com.fasterxml.jackson.annotation.JsonPropertyDescription("How many tasks its running cycle took.")
        public Integer inFlight;
        @com.fasterxml.jackson.annotation.JsonPropertyDescription("How many handoffs from its children its next plan will read.")
        public Integer unreadHandoffs;
        @com.fasterxml.jackson.annotation.JsonPropertyDescription("The most urgent queued tasks (at most 10).")
        public List<QueuedTask> queue;
        @com.fasterxml.jackson.annotation.JsonPropertyDescription("The oldest unread handoffs (at most 10).")
        public List<WorkCycleStatus.HandoffState> inbox;
        @com.fasterxml.jackson.annotation.JsonPropertyDescription("The bot's scratchpad, rewritten every cycle (at most 4000 characters here).")
        public String scratchpad;
        public String scratchpadRewrittenAt;
        public String scratchpadCycle;
        public Boolean scratchpadCompressed;
    }

    /** A task waiting in a bot's queue. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class QueuedTask {
        public String id;
        public String title;
        public List<String> paths;
        @com.fasterxml.jackson.annotation.JsonPropertyDescription("critical, high, normal or low, after aging.")
        public String priority;
        @com.fasterxml.jackson.annotation.JsonPropertyDescription("parent, escalated, directives, review or retry.")
        public String origin;
        public String from;
        public String enqueuedAt;
    }

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
