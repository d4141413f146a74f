package io.manybot.cluster.resource;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

/** When the meeting was held and will be held, and a bounded summary of its last minutes. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class MeetingStatus {
    /** Decisions and action items kept in {@link Minutes}; the rest is counted only. */
    public static final int MAX_LISTED = 20;

    public Long observedGeneration;
    public List<Condition> conditions = new ArrayList<>();
    public String lastHeldAt;
    @JsonPropertyDescription("When the schedule next comes due (UTC).")
    public String nextAt;
    /** The schedule nextAt was counted for (a changed schedule counts anew). */
    public String scheduledFor;
    public Minutes lastMinutes;
    public String lastHandledReconcileAt;
    @JsonPropertyDescription("The value of the manybot.io/hold annotation last handled (a new value holds the meeting once).")
    public String lastHoldRequest;

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class Minutes {
        public String id;
        public String trigger;
        public String facilitatedBy;
        public Integer agendaItems;
        public Integer decisions;
        public Integer actionItems;
        public Integer responsibilityChanges;
        @JsonPropertyDescription("The branch holding the proposed OWNERS change, on the operator's mirror of the facilitator's repository.")
        public String proposalBranch;
        public String proposalCommit;
        @JsonPropertyDescription("Whether the proposal branch was pushed to the facilitator's repository.")
        public Boolean proposalPushed;
        @JsonPropertyDescription("Why the proposal branch stays on the operator's mirror.")
        public String proposalNotPushed;
        @JsonPropertyDescription("The pull request for the proposal branch (where the facilitator's repository is on GitHub or GitLab).")
        public String pullRequest;
        @JsonPropertyDescription("Why the proposal branch has no pull request (branch-only), when one was due.")
        public String pullRequestNotOpened;
        public String error;
        @JsonPropertyDescription("The agenda items' titles (at most 20).")
        public List<String> agenda;
        @JsonPropertyDescription("The decisions, each with its reason (at most 20).")
        public List<String> decisionsMade;
        @JsonPropertyDescription("The action items: bot and title (at most 20).")
        public List<String> actions;
    }
}
