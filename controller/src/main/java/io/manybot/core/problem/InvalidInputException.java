package io.manybot.core.problem;

import java.util.List;

/** Thrown where input cannot be used at all; carries the problems that say why. */
public final class InvalidInputException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient List<Problem> problems;

    public InvalidInputException(List<Problem> problems) {
        super(problems.isEmpty() ? "invalid input" : problems.get(0).toString());
        this.problems = List.copyOf(problems);
    }

    public InvalidInputException(Problem problem) {
        this(List.of(problem));
    }

    public List<Problem> problems() {
        return problems;
    }
}
