package io.manybot.core.declaration;

import io.manybot.core.ownership.Principal;
import java.util.List;

/**
 * A recurring meeting of bots and people (issue 16): at its time an agenda is gathered from the attendees' goals, at-risk
 * key results and conflicts; a facilitator produces decisions, action items and responsibility changes (OWNERS).
 *
 * @param schedule a five-field cron expression (UTC)
 * @param attendees principals: {@code manybot:<bot>}, {@code human:<login>}, {@code team:<org>/<team>}
 * @param facilitator the attendee bot that facilitates, or null for the first attendee bot
 * @param conflictThreshold landing conflicts between two bots on one path since the last meeting that make an agenda item
 */
public record Meeting(String name, String topic, String schedule, List<String> attendees, String facilitator, int conflictThreshold,
        boolean suspend) {
    public static final int DEFAULT_CONFLICT_THRESHOLD = 2;

    public Meeting {
        attendees = List.copyOf(attendees);
    }

    /** The attendee bots' names, in the declared order. */
    public List<String> bots() {
        return attendees.stream().map(Principal::parse).filter(Principal::isBot).map(Principal::id).distinct().toList();
    }

    /** The attendees who are people or teams, as written. */
    public List<String> people() {
        return attendees.stream().filter(a -> !Principal.parse(a).isBot()).distinct().toList();
    }

    /** The bot that facilitates: the declared one, else the first attendee bot (null when no bot attends). */
    public String facilitatorBot() {
        return facilitator != null ? facilitator : bots().stream().findFirst().orElse(null);
    }
}
