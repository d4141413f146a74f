package io.manybot.core.problem;

import java.util.Comparator;

/**
 * One thing wrong with a repository's declarations: where it is, which field, and what was expected.
 *
 * @param field the field path inside the document ({@code spec.keyResults[0].target}), or "" for the
 *     document as a whole
 */
public record Problem(Severity severity, SourceLocation location, String field, String message) {

    public static final Comparator<Problem> BY_LOCATION = Comparator
            .comparing((Problem p) -> p.location().file())
            .thenComparingInt(p -> p.location().line())
            .thenComparingInt(p -> p.location().column())
            .thenComparing(Problem::field)
            .thenComparing(Problem::message);

    public static Problem error(SourceLocation location, String field, String message) {
        return new Problem(Severity.ERROR, location, field, message);
    }

    public static Problem warning(SourceLocation location, String field, String message) {
        return new Problem(Severity.WARNING, location, field, message);
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /** {@code file:line:col: field: message}, warnings marked as such. */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder().append(location).append(": ");
        if (severity == Severity.WARNING) {
            out.append("warning: ");
        }
        if (!field.isEmpty()) {
            out.append(field).append(": ");
        }
        return out.append(message).toString();
    }
}
