package io.manybot.cluster.resource;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/** As {@code spec} in {@code schemas/meeting.schema.json}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class MeetingSpec {
    @Required
    @Size(min = 1, max = 500)
    public String topic;

    @Required
    @Size(min = 1, max = 200)
    @Pattern(Patterns.CRON)
    @JsonPropertyDescription("A five-field cron expression (UTC).")
    public String schedule;

    @Required
    @Size(min = 1, max = 100)
    @JsonPropertyDescription("Bots (manybot:<bot>) and people (human:<login>, team:<org>/<team>); at least one bot.")
    public List<@Pattern(Patterns.PRINCIPAL) String> attendees;

    @Pattern(Patterns.NAME)
    @Size(max = 63)
    @JsonPropertyDescription("The attendee bot that facilitates (default: the first attendee bot); its repository is the one the meeting reads.")
    public String facilitator;

    @Min(1)
    @Max(1000)
    @JsonPropertyDescription("How many landing conflicts between two bots on one path since the last meeting make it an agenda item (default 2).")
    public Integer conflictThreshold;

    public Boolean suspend;
}
