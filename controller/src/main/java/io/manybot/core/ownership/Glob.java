package io.manybot.core.ownership;

import org.eclipse.jgit.ignore.FastIgnoreRule;

/**
 * A path glob, in the gitignore dialect as implemented by JGit: {@code *} and {@code ?} stay within
 * one path segment, {@code **} spans segments, {@code [abc]} is a class; a pattern without a slash
 * (other than a trailing one) matches a name at any depth ({@code *.py}); a pattern with a slash is
 * anchored at the base directory ({@code docs/*.md}); a trailing slash matches a directory and
 * everything below it. Paths are matched relative to a base directory (the OWNERS file's, or the
 * repository root). Negation ({@code !}) is not supported.
 */
public final class Glob {
    private final String pattern;
    private final FastIgnoreRule rule;

    private Glob(String pattern, FastIgnoreRule rule) {
        this.pattern = pattern;
        this.rule = rule;
    }

    /**
     * @throws IllegalArgumentException with a message for people when the pattern is unusable
     */
    public static Glob compile(String pattern) {
        if (pattern.isBlank()) {
            throw new IllegalArgumentException("empty glob");
        }
        if (pattern.startsWith("!")) {
            throw new IllegalArgumentException("negated globs ('!') are not supported");
        }
        if (pattern.startsWith("#")) {
            throw new IllegalArgumentException("a glob may not start with '#'");
        }
        FastIgnoreRule rule = new FastIgnoreRule(pattern);
        if (rule.isEmpty()) {
            throw new IllegalArgumentException("invalid glob '" + pattern + "' (unbalanced '[' or bad escape)");
        }
        return new Glob(pattern, rule);
    }

    public String pattern() {
        return pattern;
    }

    /** Whether the file at {@code relativePath} (or a directory above it) matches. */
    public boolean matches(String relativePath) {
        return rule.isMatch(relativePath, false, false);
    }

    @Override
    public String toString() {
        return pattern;
    }
}
