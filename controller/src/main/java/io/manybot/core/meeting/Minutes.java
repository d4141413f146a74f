package io.manybot.core.meeting;

import io.manybot.core.cycle.PullRequestLink;
import java.time.Instant;
import java.util.List;

/**
 * The record of one meeting: when, who, the agenda, what was decided, the action items queued and the OWNERS change proposed.
 *
 * @param id unique ({@code <meeting>-<yyyyMMdd-HHmmss-SSS>})
 * @param trigger why it was held ("schedule 0 9 * * 1", "manual")
 * @param proposalBranch the branch holding the OWNERS change, or null when nothing changes
 * @param proposalCommit its commit, or null
 * @param pullRequest the pull request asking for review of that branch, where the repository has a review host; else null
 * @param error why the meeting could not finish, or null
 */
public record Minutes(String id, String meeting, String topic, Instant heldAt, String trigger, List<String> attendees, String facilitatedBy,
        List<AgendaItem> agenda, List<Decision> decisions, List<ActionItem> actionItems, List<ResponsibilityChange> changes,
        String proposalBranch, String proposalCommit, PullRequestLink pullRequest, String error) {

    public Minutes {
        attendees = List.copyOf(attendees);
        agenda = List.copyOf(agenda);
        decisions = List.copyOf(decisions);
        actionItems = List.copyOf(actionItems);
        changes = List.copyOf(changes);
    }

    public Minutes withPullRequest(PullRequestLink link) {
        return new Minutes(id, meeting, topic, heldAt, trigger, attendees, facilitatedBy, agenda, decisions, actionItems, changes,
                proposalBranch, proposalCommit, link, error);
    }
}
