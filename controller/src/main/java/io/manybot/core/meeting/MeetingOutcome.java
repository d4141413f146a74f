package io.manybot.core.meeting;

import java.util.List;

/**
 * What a facilitator made of an agenda.
 *
 * @param facilitatedBy "factual rules" or "the model of BOT"
 */
public record MeetingOutcome(List<Decision> decisions, List<ActionItem> actionItems, List<ResponsibilityChange> changes,
        String facilitatedBy) {

    public MeetingOutcome {
        decisions = List.copyOf(decisions);
        actionItems = List.copyOf(actionItems);
        changes = List.copyOf(changes);
    }
}
