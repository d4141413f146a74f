package io.manybot.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.manybot.core.meeting.ActionItem;
import io.manybot.core.meeting.AgendaItem;
import io.manybot.core.meeting.Decision;
import io.manybot.core.meeting.Minutes;
import io.manybot.core.meeting.ResponsibilityChange;
import io.manybot.local.state.StateJson;
import io.manybot.local.state.StateStore;
import java.io.PrintWriter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code meetings [list|show ID]} (the minutes kept in the local state) and {@code meet NAME} (hold a meeting now). */
final class MeetingCommands {
    private MeetingCommands() {}

    @Command(name = "meetings", mixinStandardHelpOptions = true,
            description = "Show the minutes of meetings: `meetings` (or `meetings list`) lists them, newest first; `meetings show ID` shows one. "
                    + "With --server URL -n NS: the cluster's Meetings and their last minutes (`meetings show NAME`).")
    static final class Meetings implements Callable<Integer> {
        @Parameters(index = "0", arity = "0..1", paramLabel = "list|show", description = "list (the default) or show.")
        String action;

        @Parameters(index = "1", arity = "0..1", paramLabel = "ID", description = "The minutes to show (an id or its unique beginning).")
        String id;

        @Option(names = "--meeting", paramLabel = "NAME", description = "List only the minutes of this meeting.")
        String meeting;

        @Option(names = "--json", description = "Print JSON.")
        boolean json;

        @Mixin
        StateOptions state;

        @Mixin
        ServerOptions server;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            String what = action == null ? "list" : action;
            if (!what.equals("list") && !what.equals("show")) {
                throw new CommandLine.ParameterException(spec.commandLine(), "expected list or show, not '" + what + "'");
            }
            if (what.equals("show") && id == null) {
                throw new CommandLine.ParameterException(spec.commandLine(), "meetings show needs the ID of the minutes (see `meetings list`)"
                        + (server.remote() && server.cluster() ? " or, in the cluster home, the name of the Meeting" : ""));
            }
            if (server.remote()) {
                try {
                    RemoteHome home = server.home();
                    JsonNode answer = home.meetings();
                    if (server.cluster()) {
                        return ClusterMeetings.print(spec, answer, what.equals("show") ? id : null, meeting, json, home.where());
                    }
                    List<Minutes> all = new java.util.ArrayList<>();
                    for (JsonNode m : answer.path("minutes")) {
                        Minutes read = StateJson.MAPPER.treeToValue(m, Minutes.class);
                        if (meeting == null || meeting.equals(read.meeting())) {
                            all.add(read);
                        }
                    }
                    if (what.equals("list")) {
                        printList(out, all, json);
                    } else {
                        Optional<Minutes> found = all.stream().filter(m -> m.id().equals(id)).findFirst()
                                .or(() -> all.stream().filter(m -> m.id().startsWith(id)).findFirst());
                        if (found.isEmpty()) {
                            err.println("manybot: no minutes '" + id + "' " + home.where() + " (see `" + Program.name() + " meetings list`)");
                            err.flush();
                            return ExitCodes.INVALID;
                        }
                        out.print(json ? StateJson.writePretty(found.get()) + "\n" : show(found.get()));
                    }
                } catch (ApiClient.ApiException e) {
                    return StatusCommand.fail(spec, e);
                }
                out.flush();
                return ExitCodes.OK;
            }
            try (StateStore store = state.open()) {
                if (what.equals("list")) {
                    printList(out, store.minutes(meeting, 100), json);
                } else {
                    Optional<Minutes> found = store.minutesById(id);
                    if (found.isEmpty()) {
                        err.println("manybot: no minutes '" + id + "' in the state at " + state.directory() + " (see `"
                                + Program.name() + " meetings list`)");
                        err.flush();
                        return ExitCodes.INVALID;
                    }
                    out.print(json ? StateJson.writePretty(found.get()) + "\n" : show(found.get()));
                }
            }
            out.flush();
            return ExitCodes.OK;
        }
    }

    private static void printList(PrintWriter out, List<Minutes> all, boolean json) {
        if (json) {
            out.println(StateJson.writePretty(all));
        } else if (all.isEmpty()) {
            out.println("no minutes yet (a meeting is held at its schedule by `manybot run`, or now with `manybot meet NAME`)");
        } else {
            Table table = new Table("ID", "MEETING", "HELD", "AGENDA", "DECISIONS", "ACTIONS", "PROPOSAL");
            for (Minutes m : all) {
                table.row(m.id(), m.meeting(), m.heldAt().truncatedTo(ChronoUnit.SECONDS).toString(), String.valueOf(m.agenda().size()),
                        String.valueOf(m.decisions().size()), String.valueOf(m.actionItems().size()), proposal(m));
            }
            table.print(out, "");
        }
    }

    @Command(name = "meet", mixinStandardHelpOptions = true,
            description = "Hold meeting NAME now (a running `manybot run` holds it within a second; its minutes: `manybot meetings`); "
                    + "with --server URL -n NS, the cluster's Meeting NAME (the operator holds it at once).")
    static final class Meet implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "NAME", description = "The Meeting.")
        String name;

        @Mixin
        StateOptions state;

        @Mixin
        ServerOptions server;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            if (server.remote()) {
                RemoteHome home = server.home();
                try {
                    home.meet(name);
                } catch (ApiClient.ApiException e) {
                    return StatusCommand.fail(spec, e);
                }
                out.println(name + ": meeting requested " + home.where() + " (" + (server.cluster()
                        ? "the operator holds it at once; `" + Program.name() + " meetings --server URL -n NS` shows its last minutes)"
                        : "the running controller holds it within a second; `" + Program.name() + " meetings --server URL` shows the minutes)"));
                out.flush();
                return ExitCodes.OK;
            }
            try (StateStore store = state.open()) {
                store.requestMeeting(name);
            }
            out.println(name + ": meeting requested (the running controller holds it within a second; `" + Program.name()
                    + " meetings` shows the minutes)");
            out.flush();
            return ExitCodes.OK;
        }
    }

    static String proposal(Minutes m) {
        if (m.error() != null) {
            return "failed: " + m.error();
        }
        if (m.proposalBranch() == null) {
            return "-";
        }
        return m.pullRequest() != null && m.pullRequest().url() != null ? m.pullRequest().url() : m.proposalBranch();
    }

    /** The minutes as text: header, attendees, agenda, decisions, action items, OWNERS changes. */
    static String show(Minutes m) {
        StringBuilder text = new StringBuilder();
        text.append("Minutes ").append(m.id()).append(" of meeting ").append(m.meeting()).append(": ").append(m.topic()).append('\n');
        text.append("Held:        ").append(m.heldAt().truncatedTo(ChronoUnit.SECONDS)).append(" (").append(m.trigger()).append(")\n");
        text.append("Attendees:   ").append(String.join(", ", m.attendees())).append('\n');
        text.append("Facilitator: ").append(m.facilitatedBy() == null ? "-" : m.facilitatedBy()).append('\n');
        if (m.error() != null) {
            text.append("Error:       ").append(m.error()).append('\n');
        }
        text.append("\nAgenda:\n");
        if (m.agenda().isEmpty()) {
            text.append("  (nothing: no repeated conflicts, contested directories, key results at risk or blocked tasks)\n");
        }
        for (int i = 0; i < m.agenda().size(); i++) {
            AgendaItem item = m.agenda().get(i);
            text.append("  ").append(i + 1).append(". [").append(item.kind().name().toLowerCase(Locale.ROOT).replace('_', ' ')).append("] ")
                    .append(item.title()).append("\n     ").append(item.detail()).append('\n');
        }
        text.append("\nDecisions:\n");
        if (m.decisions().isEmpty()) {
            text.append("  (none)\n");
        }
        for (Decision d : m.decisions()) {
            text.append("  - ").append(d.agendaItem() > 0 ? "(" + d.agendaItem() + ") " : "").append(d.text())
                    .append(d.rationale() == null || d.rationale().isBlank() ? "" : "\n    because " + d.rationale()).append('\n');
        }
        text.append("\nAction items:\n");
        if (m.actionItems().isEmpty()) {
            text.append("  (none)\n");
        }
        for (ActionItem a : m.actionItems()) {
            text.append("  - ").append(a.bot()).append(": ").append(a.title()).append(" (").append(a.priority().label())
                    .append(a.paths().isEmpty() ? "" : "; " + String.join(", ", a.paths())).append("; task ").append(a.taskId()).append(")\n");
        }
        text.append("\nResponsibility changes:\n");
        if (m.changes().isEmpty()) {
            text.append("  (none)\n");
        }
        for (ResponsibilityChange c : m.changes()) {
            text.append("  - ").append(c.ownersFile()).append(": ").append(c.primary()).append(" primary, ").append(c.contributor())
                    .append(" contributor delegate (").append(c.path()).append(")\n");
        }
        if (m.proposalBranch() != null) {
            text.append("  proposed on branch ").append(m.proposalBranch()).append(" (commit ").append(m.proposalCommit(), 0, 7).append(")")
                    .append(m.pullRequest() == null ? "" : "; " + m.pullRequest().describe()).append('\n');
        }
        return text.toString();
    }
}
