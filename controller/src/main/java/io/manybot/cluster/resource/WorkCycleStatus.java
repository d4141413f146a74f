package io.manybot.cluster.resource;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

/** The cycle's record as it runs (phase by phase) and when it is done. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class WorkCycleStatus {
    public Long observedGeneration;
    public List<Condition> conditions = new ArrayList<>();
    /** Pending (created, not started), then SENSE … DONE as in the core's phases. */
    public String phase;
    /** LANDED, PROPOSED, NO_CHANGE, REFUSED, ROLLED_BACK, DRY_RUN, SUPERSEDED, FAILED, TIMED_OUT, INTERRUPTED or ABANDONED. */
    public String outcome;
    public String startedAt;
    public String finishedAt;
    public String baseCommit;
    /** The version of the live directives the cycle followed, or null. */
    public String directivesVersion;
    public String error;
    /** The runner Job, in job mode. */
    public String job;
    public Integer taskCount;
    public String landedCommit;
    public String targetRef;
    public String proposalBranch;
    public List<String> reviewers;
    @JsonPropertyDescription("How the landing went: direct, rebased (onto a target that moved since the cycle's base), or conflict.")
    public String landedHow;
    @JsonPropertyDescription("How many commits the target had gained since the cycle's base when its change was rebased.")
    public Integer rebasedOver;
    @JsonPropertyDescription("Whether the bot's tests ran again on the rebased tree (spec.landing.retest).")
    public Boolean retested;
    @JsonPropertyDescription("The paths on which the rebase conflicted: the cycle is superseded and re-planned.")
    public List<String> conflicts;
    @JsonPropertyDescription("The pull (merge) request asking for review of the proposal branch.")
    public PullRequest pullRequest;
    public Double progressBefore;
    public Double progressAfter;
    public List<ManybotStatus.KeyResultValue> keyResultsBefore;
    public List<ManybotStatus.KeyResultValue> keyResultsAfter;
    public List<TaskState> tasks;
    public List<Change> changes;
    public Tests tests;
    public Reflection reflection;
    @JsonPropertyDescription("The tokens the bot's model provider reported in this cycle (llm and agent-CLI executors).")
    public Tokens tokens;
    @JsonPropertyDescription("The handoffs this cycle sent up to the bot's parent (at most 20): what came of each task it finished.")
    public List<HandoffState> handoffs;
    @JsonPropertyDescription("The handoffs from the bot's children that this cycle's plan read, one line each (at most 20).")
    public List<String> handoffsRead;
    @JsonPropertyDescription("Where this cycle's plan sent tasks: 'title → child' (at most 20).")
    public List<String> routed;

    /** A handoff up to the parent (issue 16's teams). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class HandoffState {
        public String to;
        public String taskId;
        public String task;
        public String outcome;
        public String done;
        public List<String> files;
        public String tests;
        public List<String> openQuestions;
        public List<String> concerns;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class TaskState {
        public String id;
        public String kind;
        public String title;
        public String rationale;
        public String state;
        public String result;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class Change {
        public String path;
        public String change;
        /** The ownership verdict: WRITE, REVIEW or REFUSED. */
        public String decision;
        public String reason;
        /** LANDED, PROPOSED, DROPPED, … */
        public String disposition;
        public List<String> reviewers;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class Tests {
        public Boolean passed;
        public Boolean timedOut;
        public Integer exitCode;
        public Long millis;
        /** The last lines of the output, secrets masked. */
        public String output;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class Reflection {
        public List<String> outcomes;
        public List<String> lessons;
        public String nextFocus;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class PullRequest {
        @JsonPropertyDescription("github or gitlab.")
        public String host;
        public Integer number;
        public String url;
        @JsonPropertyDescription("open, changes-requested, merged, closed, superseded; waiting (a limit or the host's rate limit"
                + " holds it back); branch-only (the host refused: see reason).")
        public String state;
        public String reason;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class Tokens {
        public Long input;
        public Long output;
    }
}
