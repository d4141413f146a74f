package io.manybot.core.meeting;

import io.manybot.core.ownership.Principal;
import io.manybot.core.review.PullRequestDraft;
import java.util.ArrayList;
import java.util.List;

/**
 * The pull request for a meeting's OWNERS change: the title names the meeting and the paths, the body the agenda items it
 * settles, the decisions and each OWNERS change; the people who attended review it (bots never do: bots change ownership
 * only through people's review).
 */
public final class MeetingDrafts {
    static final String MARKER = "<!-- manybot-meeting: ";

    private MeetingDrafts() {}

    /** The draft for {@code minutes}' proposal branch (null when there is none), to merge into {@code base}. */
    public static PullRequestDraft of(Minutes minutes, String base) {
        if (minutes.proposalBranch() == null) {
            return null;
        }
        List<String> paths = minutes.changes().stream().map(ResponsibilityChange::path).distinct().toList();
        String title = "manybot(meeting " + minutes.meeting() + "): responsibility for " + String.join(", ", paths);
        StringBuilder body = new StringBuilder("Meeting **").append(minutes.meeting()).append("** (").append(minutes.topic())
                .append("), minutes `").append(minutes.id()).append("`, held ").append(minutes.heldAt()).append(" (").append(minutes.trigger())
                .append("), facilitated by ").append(minutes.facilitatedBy()).append(".\n\nAttendees: ")
                .append(String.join(", ", minutes.attendees())).append("\n\n### Agenda\n\n");
        for (int i = 0; i < minutes.agenda().size(); i++) {
            AgendaItem item = minutes.agenda().get(i);
            body.append(i + 1).append(". ").append(item.title()).append(" — ").append(item.detail()).append('\n');
        }
        body.append("\n### Decisions\n\n");
        for (Decision decision : minutes.decisions()) {
            body.append("- ").append(decision.agendaItem() > 0 ? "(" + decision.agendaItem() + ") " : "").append(decision.text())
                    .append(decision.rationale() == null || decision.rationale().isBlank() ? "" : ": " + decision.rationale()).append('\n');
        }
        body.append("\n### OWNERS changes\n\n| OWNERS file | path | primary | contributor delegate |\n|---|---|---|---|\n");
        List<String> files = new ArrayList<>();
        for (ResponsibilityChange change : minutes.changes()) {
            body.append("| `").append(change.ownersFile()).append("` | `").append(change.path()).append("` | manybot:").append(change.primary())
                    .append(" | manybot:").append(change.contributor()).append(" |\n");
            if (!files.contains(change.ownersFile())) {
                files.add(change.ownersFile());
            }
        }
        body.append("\n").append(MARKER).append(minutes.meeting()).append(' ').append(minutes.proposalBranch()).append(" -->\n");
        List<String> people = new ArrayList<>();
        List<String> teams = new ArrayList<>();
        for (String attendee : minutes.attendees()) {
            Principal principal = Principal.parse(attendee);
            switch (principal.kind()) {
                case HUMAN -> people.add(principal.id());
                case TEAM -> teams.add(principal.id());
                case BOT -> { }
            }
        }
        return new PullRequestDraft(title, body.toString(), minutes.proposalBranch(), base, people, teams, List.of(), files);
    }
}
