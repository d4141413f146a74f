package io.manybot.cluster.resource;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/** As {@code spec} in {@code schemas/subscription.schema.json}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "self.trigger != 'schedule' || has(self.schedule)", message = "schedule is required when trigger is schedule")
public class SubscriptionSpec {
    @Required
    @Pattern(Patterns.NAME)
    @Size(max = 63)
    public String bot;

    @Size(min = 1, max = 2000)
    public String repository;

    @Size(min = 1, max = 250)
    @JsonPropertyDescription("A glob over branch names (default: the bot's branch).")
    public String branch;

    @Size(max = Patterns.MAX_GLOBS)
    @ValidationRule(value = Patterns.GLOBS_RULE, message = Patterns.GLOBS_MESSAGE)
    public List<@Size(min = 1, max = Patterns.MAX_GLOB_LENGTH) String> paths;

    @Required
    public Trigger trigger;

    @Size(min = 1, max = 200)
    @Pattern(Patterns.CRON)
    @JsonPropertyDescription("A five-field cron expression (UTC): minute hour day-of-month month day-of-week.")
    public String schedule;

    public Boolean suspend;

    public enum Trigger {
        @JsonProperty("push") PUSH,
        @JsonProperty("pull_request") PULL_REQUEST,
        @JsonProperty("issue_comment") ISSUE_COMMENT,
        @JsonProperty("schedule") SCHEDULE
    }
}
