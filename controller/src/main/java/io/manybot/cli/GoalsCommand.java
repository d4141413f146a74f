package io.manybot.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.manybot.core.declaration.DeclarationLoader;
import io.manybot.core.declaration.Declarations;
import io.manybot.core.declaration.Goal;
import io.manybot.core.declaration.KeyResult;
import io.manybot.core.declaration.Located;
import io.manybot.core.goal.GoalEvaluation;
import io.manybot.core.goal.GoalEvaluator;
import io.manybot.core.goal.KeyResultEvaluation;
import io.manybot.core.problem.Problem;
import io.manybot.core.repo.RepositoryTree;
import io.manybot.local.state.StateDirectories;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "goals", mixinStandardHelpOptions = true,
        description = {
            "Show each goal with its key results and their evaluation.",
            "Progress from baseline toward target, the progress expected from the time elapsed, on track or at risk.",
            "Values are the last ones measured by `manybot run` (from its state for REPO, or --state-dir) where there",
            "are any; otherwise those recorded in the declarations ('current')."})
final class GoalsCommand implements Callable<Integer> {

    @Parameters(index = "0", arity = "0..1", paramLabel = "REPO", defaultValue = ".", description = "Repository directory (default: .).")
    Path repository;

    @Mixin
    RepositoryOptions options;

    @Option(names = "--now", paramLabel = "INSTANT", description = "Evaluate at this moment (ISO-8601, e.g. 2026-11-24T12:00:00Z) instead of now.")
    Instant now;

    @Option(names = "--json", description = "Print the evaluations as JSON.")
    boolean json;

    @Option(names = "--state-dir", paramLabel = "DIR",
            description = "State of `manybot run` whose last measurements to show (default: the one for REPO; none: declared values).")
    Path stateDirectory;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        List<Problem> problems = new ArrayList<>();
        RepositoryTree tree = options.open(repository);
        Declarations declarations;
        try {
            declarations = new DeclarationLoader().load(tree, options.declarations, problems);
        } finally {
            RepositoryOptions.close(tree);
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        problems.stream().filter(Problem::isError).forEach(p -> err.println("manybot: " + p + " (document skipped)"));
        Instant at = now != null ? now : Instant.now();
        GoalEvaluator evaluator = new GoalEvaluator();
        List<Goal> goals = declarations.goals().values().stream().map(Located::value)
                .sorted(Comparator.comparing(Goal::name)).toList();
        LastMeasurements measured = LastMeasurements.read(
                stateDirectory != null ? stateDirectory : StateDirectories.forRepository(repository), goals);
        if (json) {
            ArrayNode array = Json.MAPPER.createArrayNode();
            for (Goal goal : goals) {
                array.add(json(goal, evaluator.evaluate(goal, measured.values(goal), at), measured));
            }
            out.println(Json.write(array));
        } else if (goals.isEmpty()) {
            out.println("no goals declared under " + RepositoryOptions.display(repository, options.declarations));
        } else {
            out.printf("%-24s %-9s %-9s %-8s %-11s %s%n", "GOAL", "PROGRESS", "ON-TRACK", "AT-RISK", "DEADLINE", "OBJECTIVE");
            for (Goal goal : goals) {
                GoalEvaluation evaluation = evaluator.evaluate(goal, measured.values(goal), at);
                out.printf("%-24s %-9s %-9s %-8s %-11s %s%n", goal.name(), percent(evaluation.progress()),
                        evaluation.onTrack() == null ? "unknown" : evaluation.onTrack() ? "yes" : "no",
                        evaluation.atRisk() ? "yes" : "no", date(goal.deadline()), goal.objective());
                for (int i = 0; i < goal.keyResults().size(); i++) {
                    KeyResult kr = goal.keyResults().get(i);
                    KeyResultEvaluation e = evaluation.keyResults().get(i);
                    out.printf("  KR %-20s %s -> %s%s (%s)  now %s%s  progress %s  expected %s  %s%n", kr.name(),
                            number(kr.baseline()), number(kr.target()), kr.unit() == null ? "" : " " + kr.unit(),
                            kr.direction().name().toLowerCase(Locale.ROOT), e.current() == null ? "unknown" : number(e.current()),
                            measured.describe(goal, kr), percent(e.progress()), percent(e.expected()),
                            e.state().name().replace('_', '-').toLowerCase(Locale.ROOT));
                }
            }
            out.println(measured.any()
                    ? "Values: the last measured by `manybot run` (state " + measured.directory() + "), else the declared 'current'."
                    : "Values: the declared 'current' (no measurements in " + measured.directory() + " yet).");
        }
        out.flush();
        err.flush();
        return problems.stream().anyMatch(Problem::isError) ? ExitCodes.INVALID : ExitCodes.OK;
    }

    private static ObjectNode json(Goal goal, GoalEvaluation evaluation, LastMeasurements measured) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("name", goal.name());
        node.put("objective", goal.objective());
        node.put("start", goal.start().toString());
        node.put("deadline", goal.deadline().toString());
        node.put("evaluatedAt", evaluation.evaluatedAt().toString());
        node.put("progress", evaluation.progress());
        node.put("onTrack", evaluation.onTrack());
        node.put("atRisk", evaluation.atRisk());
        ArrayNode krs = node.putArray("keyResults");
        for (int i = 0; i < goal.keyResults().size(); i++) {
            KeyResult kr = goal.keyResults().get(i);
            KeyResultEvaluation e = evaluation.keyResults().get(i);
            krs.addObject()
                    .put("name", kr.name())
                    .put("baseline", kr.baseline())
                    .put("target", kr.target())
                    .put("unit", kr.unit())
                    .put("direction", kr.direction().name().toLowerCase(Locale.ROOT))
                    .put("current", e.current())
                    .put("progress", e.progress())
                    .put("expected", e.expected())
                    .put("state", e.state().name().toLowerCase(Locale.ROOT))
                    .put("deadline", e.deadline().toString())
                    .put("valueFrom", measured.last(goal, kr).isPresent() ? "measured" : "declared")
                    .put("measuredAt", measured.last(goal, kr).map(v -> v.measuredAt().toString()).orElse(null));
        }
        return node;
    }

    private static String percent(Double value) {
        return value == null ? "unknown" : String.format(Locale.ROOT, "%.1f%%", value);
    }

    private static String number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
    }

    private static String date(Instant instant) {
        return instant.minusMillis(1).atOffset(ZoneOffset.UTC).toLocalDate().toString();
    }
}
