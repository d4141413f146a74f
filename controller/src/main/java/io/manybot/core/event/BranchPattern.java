package io.manybot.core.event;

import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A subscription's branch glob, matched against a whole branch name as GitHub Actions matches
 * {@code branches:} filters: {@code *} is any run of characters but {@code /}, {@code **} any run
 * including {@code /}, {@code ?} one character but {@code /}, {@code [abc]} / {@code [!abc]} a class,
 * {@code \} escapes. A pattern without wildcards is the branch name itself ({@code main} matches
 * {@code main} only, not {@code feature/main}). Compiled patterns are cached; thread-safe.
 */
public final class BranchPattern {
    private static final int MAX_CACHED = 4_096;
    private static final ConcurrentHashMap<String, BranchPattern> CACHE = new ConcurrentHashMap<>();

    private final String literal;
    private final Pattern regex;

    private BranchPattern(String literal, Pattern regex) {
        this.literal = literal;
        this.regex = regex;
    }

    /** The compiled pattern (cached); a pattern that does not compile matches nothing. */
    public static BranchPattern of(String glob) {
        BranchPattern known = CACHE.get(glob);
        if (known != null) {
            return known;
        }
        if (CACHE.size() >= MAX_CACHED) {
            CACHE.clear();
        }
        BranchPattern compiled = compile(glob);
        CACHE.putIfAbsent(glob, compiled);
        return compiled;
    }

    /** Whether {@code branch} (a branch name, not a ref) matches; null matches nothing. */
    public boolean matches(String branch) {
        if (branch == null) {
            return false;
        }
        return literal != null ? literal.equals(branch) : regex != null && regex.matcher(branch).matches();
    }

    /** How many compiled patterns the cache holds (at most {@value #MAX_CACHED}). */
    static int cached() {
        return CACHE.size();
    }

    /** The pattern compiled afresh, bypassing the cache (tests check the dialect through it). */
    static BranchPattern compile(String glob) {
        if (glob.chars().noneMatch(c -> c == '*' || c == '?' || c == '[' || c == '\\')) {
            return new BranchPattern(glob, null);
        }
        StringBuilder re = new StringBuilder();
        int i = 0;
        while (i < glob.length()) {
            char c = glob.charAt(i);
            if (c == '*') {
                if (i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
                    re.append(".*");
                    i += 2;
                } else {
                    re.append("[^/]*");
                    i++;
                }
            } else if (c == '?') {
                re.append("[^/]");
                i++;
            } else if (c == '\\' && i + 1 < glob.length()) {
                re.append(Pattern.quote(String.valueOf(glob.charAt(i + 1))));
                i += 2;
            } else if (c == '[') {
                int close = glob.indexOf(']', i + 2);
                if (close < 0) {
                    re.append("\\[");
                    i++;
                    continue;
                }
                String body = glob.substring(i + 1, close);
                boolean negated = body.startsWith("!") || body.startsWith("^");
                if (negated) {
                    body = body.substring(1);
                }
                re.append('[').append(negated ? "^" : "").append(body.replace("\\", "\\\\").replace("[", "\\[").replace("&&", "\\&\\&"))
                        .append(']');
                i = close + 1;
            } else {
                re.append(Pattern.quote(String.valueOf(c)));
                i++;
            }
        }
        try {
            return new BranchPattern(null, Pattern.compile(re.toString()));
        } catch (PatternSyntaxException e) {
            return new BranchPattern(null, null); // matches nothing; declaration checks report bad globs
        }
    }
}
