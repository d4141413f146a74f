package io.manybot.cluster.operator;

import io.manybot.cluster.resource.MeetingStatus;
import io.manybot.core.meeting.Minutes;
import java.util.List;
import java.util.function.Function;

/** The minutes as a Meeting's status keeps them: counts, the proposal, and at most {@value MeetingStatus#MAX_LISTED} lines of each list. */
final class MeetingMinutesSummary {
    /** A listed line longer than this is cut (the status stays small). */
    static final int MAX_LINE = 500;

    private MeetingMinutesSummary() {}

    static MeetingStatus.Minutes of(Minutes minutes) {
        MeetingStatus.Minutes m = new MeetingStatus.Minutes();
        m.id = minutes.id();
        m.trigger = minutes.trigger();
        m.facilitatedBy = minutes.facilitatedBy();
        m.agendaItems = minutes.agenda().size();
        m.decisions = minutes.decisions().size();
        m.actionItems = minutes.actionItems().size();
        m.responsibilityChanges = minutes.changes().size();
        m.proposalBranch = minutes.proposalBranch();
        m.proposalCommit = minutes.proposalCommit();
        m.pullRequest = minutes.pullRequest() == null ? null : minutes.pullRequest().url();
        m.pullRequestNotOpened = minutes.pullRequest() == null || minutes.pullRequest().url() != null ? null : minutes.pullRequest().describe();
        m.error = minutes.error();
        m.agenda = lines(minutes.agenda(), item -> item.title());
        m.decisionsMade = lines(minutes.decisions(), d -> d.text() + " (" + d.rationale() + ")");
        m.actions = lines(minutes.actionItems(), a -> a.bot() + ": " + a.title());
        return m;
    }

    private static <T> List<String> lines(List<T> items, Function<T, String> line) {
        return items.stream().limit(MeetingStatus.MAX_LISTED).map(line).map(s -> s.length() <= MAX_LINE ? s : s.substring(0, MAX_LINE - 1) + "…")
                .toList();
    }
}
