package io.manybot.core.problem;

/**
 * A place in a repository file: the repository-relative path and a 1-based line and column.
 * Line and column are 0 when the place is the whole file (it could not be read, for example).
 */
public record SourceLocation(String file, int line, int column) {

    public static SourceLocation wholeFile(String file) {
        return new SourceLocation(file, 0, 0);
    }

    @Override
    public String toString() {
        return line == 0 ? file : file + ":" + line + ":" + column;
    }
}
