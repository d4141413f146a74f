package io.manybot.cluster.resource;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** What the operator asked for when it started the cycle; never changed afterwards. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class WorkCycleSpec {
    @Required
    @Pattern(Patterns.NAME)
    @Size(max = 63)
    public String bot;

    @Required
    @Size(min = 1, max = 100)
    public String cycleId;

    public String goal;

    /** Why it runs: start, schedule, commit &lt;sha&gt;, subscription &lt;name&gt;, manual. */
    public String trigger;

    /** The commit the bot's previous cycle started from, for the responsibility review. */
    public String lastSeenCommit;

    public ManybotSpec.RunnerMode runner;

    /** What the live directives ask of this cycle's planner (focus, priorities, blockers, notes), or null. */
    public String focus;

    /** The version of the live directives in effect when the cycle started (their _meta version, else a short hash), or null. */
    public String directivesVersion;

    /** The bot's limits the live directives changed for this cycle; unset fields keep the Manybot's. */
    public LimitOverrides limits;

    /** The live directives' {@code PRIORITY} items in effect when the cycle started (they feed a team root's queue), or null. */
    public java.util.List<String> priorities;

    /** The live directives' {@code BLOCKED} items in effect when the cycle started (queued team tasks they name wait), or null. */
    public java.util.List<String> blockers;

    /**
     * The operator replica (its leader-election identity) that started this in-process cycle, or null
     * without leader election. The cycle lands only while that replica still holds the Lease.
     */
    public String leader;

    /** The leader Lease's transition count when the cycle started: a Lease lost and won back in between refuses the landing too. */
    public Integer leaseTransitions;

    /** Limits changed by the live directives (a {@code <!-- LIMIT name: value -->} in the bot's section). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class LimitOverrides {
        public Integer tasksPerCycle;
        public Integer changesPerCycle;
        /** A duration such as 90s, 5m or 2h. */
        public String cycleTimeout;
        public Integer toolIterations;
        public Long tokensPerCycle;
        public Integer openProposals;
        public Integer proposalsPerHour;
    }
}
