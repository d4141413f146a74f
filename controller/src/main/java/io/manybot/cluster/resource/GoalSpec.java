package io.manybot.cluster.resource;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/** As {@code spec} in {@code schemas/goal.schema.json}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class GoalSpec {
    @Required
    @Size(min = 1, max = 500)
    public String objective;

    @Size(max = 5000)
    public String rationale;

    public TimeHorizon timeHorizon;

    @Required
    @Pattern(Patterns.DATE)
    public String start;

    @Required
    @Pattern(Patterns.DATE)
    public String deadline;

    @Pattern(Patterns.NAME)
    @Size(max = 63)
    @JsonPropertyDescription("The Goal this one contributes to.")
    public String parent;

    @Min(value = 0, inclusive = false)
    @Max(1)
    @JsonPropertyDescription("A key result is on track when its progress is at least this share of the time elapsed (default 0.9).")
    public Double onTrackThreshold;

    @Required
    @Size(min = 1, max = 50)
    public List<KeyResult> keyResults;

    public enum TimeHorizon {
        @JsonProperty("daily") DAILY,
        @JsonProperty("weekly") WEEKLY,
        @JsonProperty("monthly") MONTHLY,
        @JsonProperty("quarterly") QUARTERLY,
        @JsonProperty("yearly") YEARLY
    }

    public enum Direction {
        @JsonProperty("increase") INCREASE,
        @JsonProperty("decrease") DECREASE
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class KeyResult {
        @Required
        @Pattern(Patterns.NAME)
        @Size(max = 63)
        public String name;

        @Size(max = 1000)
        public String description;

        @Required
        public Double baseline;

        @Required
        public Double target;

        @Size(max = 40)
        public String unit;

        @Required
        public Direction direction;

        @Pattern(Patterns.DATE)
        public String deadline;

        @JsonPropertyDescription("The last recorded value, used until a live measurement exists.")
        public Double current;

        @Min(value = 0, inclusive = false)
        @Max(100)
        public Double weight;

        public Measurement measurement;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class Measurement {
        @Size(min = 1)
        public List<@Size(min = 1) String> command;

        @Size(min = 1, max = 10000)
        public String script;

        @Size(min = 1, max = 1000)
        public String regex;

        @Pattern("^(/[^/]*)*$")
        public String jsonPointer;

        @Pattern(Patterns.DURATION)
        public String timeout;
    }
}
