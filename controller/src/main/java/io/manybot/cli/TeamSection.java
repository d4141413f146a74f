package io.manybot.cli;

import io.manybot.core.team.Handoff;
import io.manybot.core.team.TeamStatus;
import io.manybot.core.team.TeamSummary;
import io.manybot.core.team.TeamTask;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * The team part of {@code manybot status} (issue 16): for all bots, a table of each bot's parent, children, and how much waits
 * for it; for one bot, its queue (most urgent first), the tasks its running cycle took, its unread handoffs and its scratchpad.
 * Nothing is printed for bots outside any team.
 */
final class TeamSection {
    private TeamSection() {}

    /** A bot's line of the team table: its team in short, null for a bot in no team. */
    record Row(String bot, TeamSummary summary) {}

    /** One line per bot in a team. */
    static void printTree(PrintWriter out, List<Row> rows) {
        List<Row> shown = rows.stream().filter(r -> r.summary() != null).toList();
        if (shown.isEmpty()) {
            return;
        }
        out.println();
        Table table = new Table("BOT", "PARENT", "CHILDREN", "QUEUED", "IN-FLIGHT", "UNREAD-HANDOFFS");
        for (Row row : shown) {
            TeamSummary s = row.summary();
            table.row(row.bot(), s.parent() == null ? "-" : s.parent(), s.children().isEmpty() ? "-" : String.join(",", s.children()),
                    String.valueOf(s.queued()), String.valueOf(s.inFlight()), String.valueOf(s.unreadHandoffs()));
        }
        table.print(out, "");
    }

    /** The team table's line of a bot of an HTTP API's list (its {@code team} in short, when the server gives one). */
    static Row row(com.fasterxml.jackson.databind.JsonNode bot) {
        com.fasterxml.jackson.databind.JsonNode team = bot.path("team");
        TeamSummary summary = null;
        if (team.isObject()) {
            try {
                summary = io.manybot.local.state.StateJson.MAPPER.treeToValue(team, TeamSummary.class);
            } catch (com.fasterxml.jackson.core.JsonProcessingException unreadable) {
                // a server of another version: its bot has no line in the table
            }
        }
        return new Row(bot.path("name").asText(), summary);
    }

    /** Everything the team holds for one bot. */
    static void printBot(PrintWriter out, TeamStatus s, Instant now) {
        if (!s.inTeam()) {
            return;
        }
        out.println();
        out.println("Team: parent " + (s.parent() == null ? "- (a root)" : s.parent()) + "; children "
                + (s.children().isEmpty() ? "-" : String.join(", ", s.children())));
        out.println("Queue (" + s.queue().size() + (s.queue().isEmpty() ? ")" : ", most urgent first):"));
        if (!s.queue().isEmpty()) {
            Table table = new Table("PRIORITY", "TASK", "PATHS", "FROM", "WAITING");
            for (TeamStatus.Queued q : s.queue()) {
                TeamTask task = q.task();
                String priority = q.effective().label() + (q.effective() == task.priority() ? "" : " (was " + task.priority().label() + ")");
                table.row(priority, task.title(), paths(task.paths()), origin(task), StatusCommand.age(task.enqueuedAt(), now));
            }
            table.print(out, "  ");
        }
        if (!s.inFlight().isEmpty()) {
            out.println("In flight (taken by the running cycle):");
            s.inFlight().forEach(task -> out.println("  " + task.title() + " " + paths(task.paths()) + " (" + origin(task) + ")"));
        }
        out.println("Unread handoffs (" + s.inbox().size() + (s.inbox().isEmpty() ? ")" : "):"));
        for (Handoff handoff : s.inbox()) {
            out.println("  " + handoff.line());
        }
        if (s.scratchpad().text().isEmpty()) {
            out.println("Scratchpad: empty");
        } else {
            out.println("Scratchpad (rewritten " + s.scratchpad().rewrittenAt() + " after cycle " + s.scratchpad().cycleId()
                    + (s.scratchpad().compressed() ? ", compressed to its budget" : "") + "):");
            s.scratchpad().text().lines().forEach(line -> out.println("  " + line));
        }
    }

    private static String paths(List<String> paths) {
        if (paths.isEmpty()) {
            return "-";
        }
        return String.join(",", paths.subList(0, Math.min(3, paths.size()))) + (paths.size() > 3 ? ",+" + (paths.size() - 3) : "");
    }

    private static String origin(TeamTask task) {
        return task.origin().name().toLowerCase(Locale.ROOT) + " from " + task.from() + (task.attempts() > 0 ? ", attempt " + (task.attempts() + 1) : "");
    }
}
