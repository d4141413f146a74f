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
}
