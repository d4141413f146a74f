package io.manybot.core.team;

import java.util.List;

/**
 * A bot's place in its team in short, as both homes' bot lists carry it ({@code team} on each bot of {@code GET .../bots}) and
 * {@code manybot status} prints it as the team table: parent (null for a root), children, and how much waits for it.
 */
public record TeamSummary(String parent, List<String> children, int queued, int inFlight, int unreadHandoffs, int scratchpadChars) {

    public TeamSummary {
        children = children == null ? List.of() : List.copyOf(children);
    }

    /** The summary of {@code team}, or null for a bot in no team with nothing on the board. */
    public static TeamSummary of(TeamStatus team) {
        if (!team.inTeam()) {
            return null;
        }
        return new TeamSummary(team.parent(), team.children(), team.queue().size(), team.inFlight().size(), team.inbox().size(),
                team.scratchpad().text().length());
    }
}
