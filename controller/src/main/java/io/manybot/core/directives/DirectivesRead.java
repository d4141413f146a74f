package io.manybot.core.directives;

import io.manybot.core.problem.Problem;
import java.util.List;
import java.util.Optional;

/**
 * The outcome of reading a directives file: the directives when it has no error, and every problem
 * found (errors, or warnings that leave the directives usable), sorted by location.
 */
public record DirectivesRead(Optional<Directives> directives, List<Problem> problems) {

    public DirectivesRead {
        problems = List.copyOf(problems);
    }

    public boolean ok() {
        return directives.isPresent();
    }

    public List<Problem> errors() {
        return problems.stream().filter(Problem::isError).toList();
    }
}
