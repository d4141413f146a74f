package io.manybot.core.ownership;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A CODEOWNERS pattern, matched as GitHub documents it (and as the hmarr/codeowners matcher does):
 * <ul>
 *   <li>{@code *} and {@code ?} stay within one path segment; a segment that is only {@code *} matches
 *       exactly one segment, so {@code docs/*} owns {@code docs/a.md} but not {@code docs/a/b.md};</li>
 *   <li>{@code **} spans segments: leading ({@code **}/x), in the middle (a/{@code **}/b, zero or
 *       more segments) or trailing (a/{@code **}, everything below);</li>
 *   <li>a pattern without a slash (other than a trailing one) matches a name at any depth; a leading
 *       or middle slash anchors it at the root; a trailing slash means everything below;</li>
 *   <li>a pattern naming a file or directory (last segment not {@code *}) also owns what is below it;</li>
 *   <li>{@code \} makes the next character literal ({@code \*}, {@code \?}, {@code \[}, {@code \ });</li>
 *   <li>an unescaped {@code [} or {@code ]} is refused: GitHub does not support character ranges,
 *       and such a line matches nothing there.</li>
 * </ul>
 * One consequence that differs from git's own matcher: {@code foo/**}{@code /} also owns files directly
 * in {@code foo/} (git would need them to be directories), as the hmarr/codeowners matcher answers.
 */
public final class CodeOwnersPattern {
    private final String pattern;
    private final Pattern regex;

    private CodeOwnersPattern(String pattern, Pattern regex) {
        this.pattern = pattern;
        this.regex = regex;
    }

    /**
     * @param pattern the pattern as written, escapes included
     * @throws IllegalArgumentException with a message for people when the pattern is unusable
     */
    public static CodeOwnersPattern compile(String pattern) {
        if (pattern.isEmpty()) {
            throw new IllegalArgumentException("empty pattern");
        }
        if (pattern.startsWith("!")) {
            throw new IllegalArgumentException("negated patterns ('!') do not work in CODEOWNERS");
        }
        if (pattern.contains("***")) {
            throw new IllegalArgumentException("a pattern cannot contain three consecutive asterisks");
        }
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\\') {
                if (i + 1 == pattern.length()) {
                    throw new IllegalArgumentException("a pattern cannot end with a lone '\\'");
                }
                i++;
            } else if (c == '[' || c == ']') {
                throw new IllegalArgumentException("character ranges ([...]) do not work in CODEOWNERS;"
                        + " write \\[ and \\] for literal brackets");
            }
        }
        return new CodeOwnersPattern(pattern, Pattern.compile(regex(pattern), Pattern.DOTALL));
    }

    private static String regex(String pattern) {
        if (pattern.equals("/")) {
            return "\\A\\z";
        }
        List<String> segments = new ArrayList<>(List.of(pattern.split("/", -1)));
        if (segments.get(0).isEmpty()) {
            segments.remove(0);
        } else if (segments.size() == 1 || (segments.size() == 2 && segments.get(1).isEmpty())) {
            if (!segments.get(0).equals("**")) {
                segments.add(0, "**");
            }
        }
        if (segments.size() > 1 && segments.get(segments.size() - 1).isEmpty()) {
            segments.set(segments.size() - 1, "**");
        }
        StringBuilder re = new StringBuilder("\\A");
        int last = segments.size() - 1;
        boolean needSlash = false;
        for (int i = 0; i <= last; i++) {
            String segment = segments.get(i);
            if (segment.equals("**")) {
                if (i == 0 && i == last) {
                    re.append(".+");
                } else if (i == 0) {
                    re.append("(?:.+/)?");
                    needSlash = false;
                } else if (i == last) {
                    re.append("/.*");
                } else {
                    re.append("(?:/.+)?");
                    needSlash = true;
                }
                continue;
            }
            if (needSlash) {
                re.append('/');
            }
            if (segment.equals("*")) {
                re.append("[^/]+");
            } else {
                literalOrWildcards(segment, re);
                if (i == last) {
                    re.append("(?:/.*)?");
                }
            }
            needSlash = true;
        }
        return re.append("\\z").toString();
    }

    private static void literalOrWildcards(String segment, StringBuilder re) {
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (c == '\\') {
                re.append(Pattern.quote(String.valueOf(segment.charAt(++i))));
            } else if (c == '*') {
                re.append("[^/]*");
            } else if (c == '?') {
                re.append("[^/]");
            } else {
                re.append(Pattern.quote(String.valueOf(c)));
            }
        }
    }

    /** The pattern as written. */
    public String pattern() {
        return pattern;
    }

    /** Whether the pattern owns {@code path} (repository-relative, no leading slash). */
    public boolean matches(String path) {
        return regex.matcher(path).matches();
    }

    @Override
    public String toString() {
        return pattern;
    }
}
