package io.manybot.core.validation;

import io.manybot.core.declaration.Declarations;
import io.manybot.core.directives.DirectivesMeta;
import io.manybot.core.ownership.OwnershipIndex;
import io.manybot.core.problem.Problem;
import java.util.List;

/** Everything read from a repository, and every problem found, sorted by file and line. */
public record ValidationReport(
        String repository, Declarations declarations, OwnershipIndex ownership, DirectivesMeta directives, List<Problem> problems) {

    public ValidationReport {
        problems = List.copyOf(problems);
    }

    public long errorCount() {
        return problems.stream().filter(Problem::isError).count();
    }

    public long warningCount() {
        return problems.size() - errorCount();
    }

    public boolean valid() {
        return errorCount() == 0;
    }
}
