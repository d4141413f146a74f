package io.manybot.core.validation;

import io.manybot.core.declaration.Declarations;
import io.manybot.core.declaration.Located;
import io.manybot.core.declaration.Meeting;
import io.manybot.core.ownership.Principal;
import io.manybot.core.problem.Problem;
import io.manybot.core.yaml.FieldPath;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A Meeting's values and references: its cron schedule, attendees that are declared bots (people cannot be checked), no
 * attendee twice, at least one bot, and a facilitator that attends.
 */
final class MeetingChecks {
    private MeetingChecks() {}

    static void check(Located<Meeting> located, Declarations declarations, boolean references, List<Problem> problems) {
        Meeting meeting = located.value();
        FieldPath spec = FieldPath.of("spec");
        DeclarationChecks.checkCron(meeting.schedule(), located, spec.key("schedule"), problems);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < meeting.attendees().size(); i++) {
            String attendee = meeting.attendees().get(i);
            Principal principal = Principal.parse(attendee);
            FieldPath at = spec.key("attendees").index(i);
            if (!seen.add(principal.toString())) {
                problems.add(located.document().error(at, "attendee " + attendee + " is listed twice"));
                continue;
            }
            if (references && principal.isBot() && !declarations.bots().containsKey(principal.id())
                    && !declarations.isRejected("Manybot", principal.id())) {
                problems.add(located.document().error(at, "no Manybot named '" + principal.id() + "'"
                        + DeclarationChecks.known(declarations.bots()) + "; a person attends as human:<login>"));
            }
        }
        if (meeting.bots().isEmpty()) {
            problems.add(located.document().error(spec.key("attendees"),
                    "a meeting needs at least one attendee bot (manybot:<bot>): a bot facilitates it"));
        }
        if (meeting.facilitator() != null && !meeting.bots().contains(meeting.facilitator())) {
            problems.add(located.document().error(spec.key("facilitator"), "the facilitator '" + meeting.facilitator()
                    + "' does not attend; expected one of the attendee bots"
                    + (meeting.bots().isEmpty() ? "" : " (" + String.join(", ", meeting.bots()) + ")")));
        }
    }
}
