package io.manybot.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.manybot.local.state.StateJson;
import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * {@code meetings --server URL -n NS}: the cluster's Meetings and their last minutes (a Meeting's status keeps only those, bounded),
 * as a table or, with {@code show NAME}, one Meeting's last minutes.
 */
final class ClusterMeetings {
    private ClusterMeetings() {}

    /**
     * @param answer the cluster API's {@code GET .../meetings}
     * @param show the Meeting to show, or null for the table
     * @param only list only this Meeting, or null
     */
    static int print(CommandLine.Model.CommandSpec spec, JsonNode answer, String show, String only, boolean json, String where) {
        PrintWriter out = spec.commandLine().getOut();
        JsonNode meetings = answer.path("meetings");
        if (show != null) {
            for (JsonNode m : meetings) {
                if (m.path("name").asText().equals(show)) {
                    out.print(json ? StateJson.writePretty(m) + "\n" : shown(m));
                    out.flush();
                    return ExitCodes.OK;
                }
            }
            PrintWriter err = spec.commandLine().getErr();
            err.println("manybot: no Meeting '" + show + "' " + where + " (see `" + Program.name() + " meetings --server URL -n NS`)");
            err.flush();
            return ExitCodes.INVALID;
        }
        if (json) {
            out.println(StateJson.writePretty(meetings));
        } else if (meetings.isEmpty()) {
            out.println("no Meetings " + where + " (`kubectl apply -f MEETING.yaml` declares one)");
        } else {
            Table table = new Table("NAME", "SCHEDULE", "LAST-HELD", "NEXT", "MINUTES", "AGENDA", "DECISIONS", "ACTIONS", "PROPOSAL");
            for (JsonNode m : meetings) {
                if (only != null && !only.equals(m.path("name").asText())) {
                    continue;
                }
                JsonNode status = m.path("status");
                JsonNode last = status.path("lastMinutes");
                table.row(m.path("name").asText(), m.path("spec").path("schedule").asText("-"), text(status.path("lastHeldAt")),
                        text(status.path("nextAt")), text(last.path("id")), text(last.path("agendaItems")), text(last.path("decisions")),
                        text(last.path("actionItems")), proposal(last));
            }
            table.print(out, "");
        }
        out.flush();
        return ExitCodes.OK;
    }

    private static String text(JsonNode node) {
        return node.isMissingNode() || node.isNull() ? "-" : node.asText();
    }

    static String proposal(JsonNode last) {
        if (last.isMissingNode() || last.isNull()) {
            return "-";
        }
        if (last.hasNonNull("error")) {
            return "failed: " + last.path("error").asText();
        }
        if (last.hasNonNull("pullRequest")) {
            return last.path("pullRequest").asText();
        }
        return last.hasNonNull("proposalBranch") ? last.path("proposalBranch").asText() : "-";
    }

    /** One Meeting's last minutes as text. */
    static String shown(JsonNode m) {
        JsonNode spec = m.path("spec");
        JsonNode status = m.path("status");
        JsonNode last = status.path("lastMinutes");
        StringBuilder text = new StringBuilder();
        text.append("Meeting ").append(m.path("name").asText()).append(": ").append(spec.path("topic").asText()).append('\n');
        text.append("Schedule:    ").append(spec.path("schedule").asText("-")).append(" (next ").append(text(status.path("nextAt"))).append(")\n");
        StringBuilder attendees = new StringBuilder();
        spec.path("attendees").forEach(a -> attendees.append(attendees.length() == 0 ? "" : ", ").append(a.asText()));
        text.append("Attendees:   ").append(attendees).append('\n');
        if (last.isMissingNode() || last.isNull()) {
            text.append("\nNot held yet.\n");
            return text.toString();
        }
        text.append("Last held:   ").append(text(status.path("lastHeldAt"))).append(" (").append(last.path("trigger").asText()).append("), minutes ")
                .append(last.path("id").asText()).append('\n');
        text.append("Facilitator: ").append(text(last.path("facilitatedBy"))).append('\n');
        if (last.hasNonNull("error")) {
            text.append("Error:       ").append(last.path("error").asText()).append('\n');
        }
        list(text, "Agenda", last.path("agenda"), last.path("agendaItems"));
        list(text, "Decisions", last.path("decisionsMade"), last.path("decisions"));
        list(text, "Action items", last.path("actions"), last.path("actionItems"));
        if (last.hasNonNull("proposalBranch")) {
            text.append("\nOWNERS change: ").append(last.path("responsibilityChanges").asInt()).append(" responsibility change(s) on branch ")
                    .append(last.path("proposalBranch").asText())
                    .append(last.hasNonNull("pullRequest") ? "; pull request " + last.path("pullRequest").asText()
                            : last.hasNonNull("pullRequestNotOpened") ? "; no pull request: " + last.path("pullRequestNotOpened").asText()
                            : last.path("proposalPushed").isBoolean() && !last.path("proposalPushed").asBoolean()
                                    ? "; not pushed: " + text(last.path("proposalNotPushed")) : "")
                    .append('\n');
        }
        return text.toString();
    }

    private static void list(StringBuilder text, String title, JsonNode lines, JsonNode count) {
        text.append('\n').append(title).append(":\n");
        if (lines.isEmpty()) {
            text.append("  (none)\n");
        }
        lines.forEach(line -> text.append("  - ").append(line.asText()).append('\n'));
        if (count.isInt() && count.asInt() > lines.size()) {
            text.append("  (").append(count.asInt() - lines.size()).append(" more not kept in the status)\n");
        }
    }
}
