package io.manybot.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.manybot.core.problem.Problem;
import io.manybot.core.problem.SourceLocation;
import io.manybot.core.repo.RepositoryTree;
import io.manybot.core.validation.RepositoryValidator;
import io.manybot.core.validation.ValidationReport;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "validate", mixinStandardHelpOptions = true,
        description = {
            "Check a repository's declarations, OWNERS files, OWNERS_ALIASES, CODEOWNERS and MARATHON.md.",
            "Exit 0 when there is no error (warnings allowed), 1 with every problem listed as file:line:col: field: message."})
final class ValidateCommand implements Callable<Integer> {

    @Parameters(index = "0", arity = "0..1", paramLabel = "REPO", defaultValue = ".", description = "Repository directory (default: .).")
    Path repository;

    @Mixin
    RepositoryOptions options;

    @Option(names = "--json", description = "Print the report as JSON.")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        RepositoryTree tree = options.open(repository);
        ValidationReport report;
        try {
            report = new RepositoryValidator().validate(tree, options.declarations);
        } finally {
            RepositoryOptions.close(tree);
        }
        var out = spec.commandLine().getOut();
        if (json) {
            ObjectNode node = Json.MAPPER.createObjectNode();
            node.put("repository", repository.toString());
            node.put("valid", report.valid());
            node.put("errors", report.errorCount());
            node.put("warnings", report.warningCount());
            ArrayNode problems = node.putArray("problems");
            report.problems().forEach(p -> problems.add(Json.problem(p)));
            out.println(Json.write(node));
        } else {
            for (Problem problem : report.problems()) {
                SourceLocation at = problem.location();
                Problem shown = new Problem(problem.severity(),
                        new SourceLocation(RepositoryOptions.display(repository, at.file()), at.line(), at.column()),
                        problem.field(), problem.message());
                out.println(shown);
            }
            out.println(summary(report, RepositoryOptions.display(repository, options.declarations) + "/"));
        }
        out.flush();
        return report.valid() ? ExitCodes.OK : ExitCodes.INVALID;
    }

    private static String summary(ValidationReport report, String declarationsShown) {
        var d = report.declarations();
        String counts = d.goals().size() + " goal(s), " + d.bots().size() + " bot(s), " + d.subscriptions().size()
                + " subscription(s), " + (d.meetings().isEmpty() ? "" : d.meetings().size() + " meeting(s), ")
                + report.ownership().files().size() + " OWNERS file(s)";
        if (report.valid()) {
            // the summary stays the last line
            return (d.goals().isEmpty() && d.bots().isEmpty() && d.subscriptions().isEmpty()
                            ? "nothing declared: no Goal, Manybot or Subscription YAML under " + declarationsShown
                                    + " (see README.md, \"Declarations\")\n"
                            : "")
                    + "valid: " + counts + (report.warningCount() > 0 ? "; " + report.warningCount() + " warning(s)" : "");
        }
        return "invalid: " + report.errorCount() + " error(s), " + report.warningCount() + " warning(s); read " + counts;
    }
}
