package io.manybot.cli;

import io.manybot.core.cycle.ChangedFile;
import io.manybot.core.cycle.ExecutedStep;
import io.manybot.core.cycle.Landing;
import io.manybot.core.cycle.Reflection;
import io.manybot.core.cycle.Task;
import io.manybot.core.cycle.TestRun;
import io.manybot.core.cycle.WorkCycle;
import io.manybot.core.executor.Commands;
import io.manybot.core.goal.GoalEvaluation;
import io.manybot.core.goal.KeyResultEvaluation;
import io.manybot.core.measure.MeasuredValue;
import io.manybot.local.state.StateJson;
import io.manybot.local.state.StateStore;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "result", mixinStandardHelpOptions = true,
        description = {
            "Show what a work cycle did.",
            "Goal progress before and after, tasks, steps, changed files with their ownership decisions and where",
            "they went, tests, what landed (commit, proposal branch), and the reflection."})
final class ResultCommand implements Callable<Integer> {

    /** Lines of a failed step's or test run's output shown (all of it is in --json). */
    static final int OUTPUT_LINES = 10;

    @Parameters(index = "0", paramLabel = "CYCLE_ID", description = "The cycle id, or a prefix that only it starts with.")
    String cycleId;

    @Mixin
    StateOptions state;

    @Mixin
    ServerOptions server;

    @Option(names = "--json", description = "Print the stored cycle as JSON.")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Optional<WorkCycle> found;
        if (server.remote()) {
            try {
                WorkCycle cycle = server.home().cycle(cycleId);
                if (json) {
                    out.println(StateJson.writePretty(cycle));
                } else {
                    print(out, cycle);
                }
            } catch (ApiClient.ApiException e) {
                return StatusCommand.fail(spec, e);
            }
            out.flush();
            return ExitCodes.OK;
        }
        try (StateStore store = state.open()) {
            try {
                found = store.cycle(cycleId);
            } catch (IllegalArgumentException ambiguous) {
                err.println("manybot: " + ambiguous.getMessage());
                err.flush();
                return ExitCodes.INVALID;
            }
        }
        if (found.isEmpty()) {
            err.println("manybot: no cycle '" + cycleId + "' in the state at " + state.directory() + " (`manybot status` shows the last ones)");
            err.flush();
            return ExitCodes.INVALID;
        }
        if (json) {
            out.println(StateJson.writePretty(found.get()));
        } else {
            print(out, found.get());
        }
        out.flush();
        return ExitCodes.OK;
    }

    static void print(PrintWriter out, WorkCycle c) {
        out.println("Cycle " + c.id());
        field(out, "bot", c.bot());
        field(out, "goal", c.goal());
        field(out, "trigger", c.trigger());
        field(out, "outcome", c.outcome() != null ? c.outcome().name() : c.phase() == null ? "pending" : "running (phase " + c.phase() + ")");
        field(out, "base", c.baseCommit());
        if (c.directivesVersion() != null) {
            field(out, "directives", c.directivesVersion());
        }
        field(out, "started", time(c.startedAt()));
        if (c.finishedAt() != null && c.startedAt() != null) {
            field(out, "finished", time(c.finishedAt()) + " (" + Commands.seconds(Duration.between(c.startedAt(), c.finishedAt())) + ")");
        }
        if (!c.timings().isEmpty()) {
            field(out, "timings", c.timings().stream()
                    .map(t -> t.phase().name().toLowerCase(Locale.ROOT) + " " + Commands.seconds(Duration.ofMillis(t.millis())))
                    .collect(Collectors.joining(", ")));
        }
        if (c.error() != null) {
            field(out, "error", c.error());
        }
        if (c.tokens() != null && c.tokens().total() > 0) {
            field(out, "tokens", c.tokens().total() + " (" + c.tokens().input() + " input, " + c.tokens().output() + " output)");
        }

        goal(out, c);

        if (!c.tasks().isEmpty()) {
            out.println();
            out.println("Tasks");
            Table table = new Table("ID", "KIND", "STATE", "TITLE");
            for (Task t : c.tasks()) {
                table.row(t.id(), lower(t.kind()), lower(t.state()), t.title());
            }
            table.print(out, "  ");
            for (Task t : c.tasks()) {
                if (t.rationale() != null || t.result() != null) {
                    out.println("  " + t.id() + ":" + (t.rationale() == null ? "" : " why: " + t.rationale())
                            + (t.result() == null ? "" : (t.rationale() == null ? "" : ";") + " result: " + t.result()));
                }
            }
        }

        if (!c.steps().isEmpty()) {
            out.println();
            out.println("Steps");
            for (ExecutedStep s : c.steps()) {
                out.println("  " + (s.task() == null ? "" : s.task() + "  ") + s.kind() + "  " + s.description() + "  "
                        + (s.succeeded() ? "ok" : "failed") + (s.exitCode() == null ? "" : " (exit " + s.exitCode() + ")")
                        + ", " + Commands.seconds(Duration.ofMillis(s.millis())));
                if (!s.succeeded()) {
                    tail(out, s.output(), "      ");
                }
            }
        }

        out.println();
        if (c.changes().isEmpty()) {
            out.println("Changes: none");
        } else {
            out.println("Changes");
            Table table = new Table("PATH", "CHANGE", "DECISION", "DISPOSITION", "REASON/REVIEWERS");
            for (ChangedFile f : c.changes()) {
                String why = !f.reviewers().isEmpty() ? "reviewers: " + String.join(", ", f.reviewers()) : f.reason();
                table.row(f.path(), lower(f.change()), lower(f.decision()), lower(f.disposition()), why);
            }
            table.print(out, "  ");
        }

        TestRun tests = c.tests();
        if (tests != null) {
            String verdict = tests.passed() ? "passed" : tests.timedOut() ? "timed out" : "failed";
            out.println();
            out.println("Tests: " + verdict + " (" + (tests.command().isEmpty() ? "" : Commands.display(tests.command()) + ", ")
                    + (tests.exitCode() == null ? "" : "exit " + tests.exitCode() + ", ") + Commands.seconds(Duration.ofMillis(tests.millis())) + ")");
            if (!tests.passed()) {
                tail(out, tests.output(), "  ");
            }
        }

        Landing landing = c.landing();
        if (landing != null && (landing.commit() != null || landing.proposalBranch() != null)) {
            out.println();
            out.println("Landing");
            if (landing.commit() != null) {
                field(out, "commit", landing.commit() + " on " + landing.targetRef()
                        + (landing.alreadyLanded() ? " (found from an earlier run of this cycle; not landed again)" : ""));
                field(out, "how", landing.describe());
            }
            if (landing.proposalBranch() != null) {
                field(out, "proposal", landing.proposalBranch() + (landing.proposalCommit() == null ? "" : " (" + landing.proposalCommit() + ")"));
                field(out, "reviewers", landing.reviewers().isEmpty() ? "none" : String.join(", ", landing.reviewers()));
                if (landing.pullRequest() != null) {
                    field(out, "pull request", landing.pullRequest().describe());
                }
            }
        } else if (landing != null && (!landing.conflicts().isEmpty() || landing.rebasedOver() > 0)) {
            out.println("Landing: nothing landed (" + landing.describe() + ")");
        } else if (landing != null || c.outcome() != null) {
            out.println("Landing: nothing landed");
        }

        Reflection reflection = c.reflection();
        if (reflection != null) {
            out.println();
            out.println("Reflection");
            list(out, "outcomes", reflection.outcomes());
            list(out, "lessons", reflection.lessons());
            field(out, "next focus", reflection.nextFocus() == null ? "-" : reflection.nextFocus());
        }
    }

    private static void goal(PrintWriter out, WorkCycle c) {
        GoalEvaluation before = c.before();
        GoalEvaluation after = c.after();
        if (before == null && after == null && c.measurementsBefore().isEmpty() && c.measurementsAfter().isEmpty()) {
            return;
        }
        out.println();
        out.println("Goal" + (c.goal() == null ? "" : " " + c.goal()) + ": " + goalProgress(before) + (after == null ? "" : " → " + goalProgress(after))
                + (after != null && after.atRisk() ? " (at risk)" : ""));
        Set<String> names = new LinkedHashSet<>();
        for (GoalEvaluation e : new GoalEvaluation[] {before, after}) {
            if (e != null) {
                e.keyResults().forEach(kr -> names.add(kr.name()));
            }
        }
        c.measurementsBefore().forEach(m -> names.add(m.keyResult()));
        c.measurementsAfter().forEach(m -> names.add(m.keyResult()));
        List<String[]> rows = new ArrayList<>();
        for (String name : names) {
            String was = value(before, c.measurementsBefore(), name);
            String now = after == null && c.measurementsAfter().isEmpty() ? null : value(after, c.measurementsAfter(), name);
            rows.add(new String[] {name, was + (now == null ? "" : " → " + now)});
        }
        int width = rows.stream().mapToInt(r -> r[0].length()).max().orElse(0);
        for (String[] row : rows) {
            out.println("  " + row[0] + " ".repeat(width - row[0].length() + 3) + row[1]);
        }
    }

    private static String goalProgress(GoalEvaluation evaluation) {
        return evaluation == null || evaluation.progress() == null ? "unknown" : StatusCommand.percent(evaluation.progress());
    }

    /** "6 (40%)", or "unknown: <why>" from the measurement that failed. */
    private static String value(GoalEvaluation evaluation, List<MeasuredValue> measurements, String name) {
        if (evaluation != null) {
            for (KeyResultEvaluation kr : evaluation.keyResults()) {
                if (kr.name().equals(name) && kr.current() != null) {
                    return number(kr.current()) + (kr.progress() == null ? "" : " (" + StatusCommand.percent(kr.progress()) + ")");
                }
            }
        }
        for (MeasuredValue m : measurements) {
            if (m.keyResult().equals(name)) {
                return m.value() != null ? number(m.value()) : "unknown: " + m.failure();
            }
        }
        return "unknown";
    }

    static String number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
    }

    private static void field(PrintWriter out, String name, String value) {
        out.println("  " + name + ":" + " ".repeat(Math.max(1, 12 - name.length())) + (value == null ? "-" : value));
    }

    private static void list(PrintWriter out, String name, List<String> items) {
        if (items.isEmpty()) {
            field(out, name, "-");
            return;
        }
        for (int i = 0; i < items.size(); i++) {
            if (i == 0) {
                field(out, name, "- " + items.get(i));
            } else {
                out.println(" ".repeat(2 + 13 + Math.max(0, name.length() - 11)) + "- " + items.get(i));
            }
        }
    }

    private static void tail(PrintWriter out, String output, String indent) {
        if (output == null || output.isBlank()) {
            return;
        }
        String[] lines = output.stripTrailing().split("\\R");
        int from = Math.max(0, lines.length - OUTPUT_LINES);
        if (from > 0) {
            out.println(indent + "… " + from + " more line(s) above (--json has all of it)");
        }
        for (int i = from; i < lines.length; i++) {
            out.println(indent + lines[i]);
        }
    }

    private static String time(Instant instant) {
        return instant == null ? "-" : instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    private static String lower(Enum<?> value) {
        return value == null ? "-" : value.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
