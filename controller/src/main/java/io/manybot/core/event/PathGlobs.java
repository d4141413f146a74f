package io.manybot.core.event;

import io.manybot.core.ownership.Glob;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Path globs ({@link Glob}, the gitignore dialect) compiled once per distinct pattern and analysed
 * for a shortcut through a {@link PathSet}. Each shortcut only narrows the candidate paths; the
 * compiled glob has the last word on every candidate, so shortcuts never change a result.
 */
final class PathGlobs {
    private static final int MAX_CACHED = 16_384;
    private static final ConcurrentHashMap<String, Compiled> CACHE = new ConcurrentHashMap<>();

    private PathGlobs() {}

    enum Shortcut {
        /** Anchored pattern: only paths under its literal directory prefix can match. */
        PREFIX,
        /** {@code *.ext} (or {@code **}{@code /*.ext}): a path matches when a segment (file or directory) ends in {@code .ext}. */
        EXTENSION,
        /** A literal name without a slash (or after {@code **}{@code /}): a path matches when a segment is that name. */
        NAME,
        /** Anything else: every path is a candidate. */
        SCAN
    }

    /**
     * @param glob null when the pattern does not compile (it then matches nothing)
     * @param key the prefix (PREFIX), extension without the dot (EXTENSION) or name (NAME)
     * @param directoryOnly a trailing slash: only directories match (NAME)
     */
    record Compiled(String pattern, Glob glob, Shortcut shortcut, String key, boolean directoryOnly) {
        boolean matches(String path) {
            return glob != null && glob.matches(path);
        }
    }

    static Compiled of(String pattern) {
        Compiled known = CACHE.get(pattern);
        if (known != null) {
            return known;
        }
        if (CACHE.size() >= MAX_CACHED) {
            CACHE.clear();
        }
        Compiled compiled = compile(pattern);
        CACHE.putIfAbsent(pattern, compiled);
        return compiled;
    }

    /** How many compiled patterns the cache holds (at most {@value #MAX_CACHED}). */
    static int cached() {
        return CACHE.size();
    }

    private static boolean isMeta(char c) {
        return c == '*' || c == '?' || c == '[' || c == '\\';
    }

    static Compiled compile(String pattern) {
        Glob glob;
        try {
            glob = Glob.compile(pattern);
        } catch (IllegalArgumentException e) {
            return new Compiled(pattern, null, Shortcut.SCAN, null, false);
        }
        if (!pattern.equals(pattern.strip())) {
            return new Compiled(pattern, glob, Shortcut.SCAN, null, false); // gitignore trims spaces: no shortcut
        }
        boolean directoryOnly = pattern.endsWith("/");
        String body = directoryOnly ? pattern.substring(0, pattern.length() - 1) : pattern;
        if (!directoryOnly && body.startsWith("**/") && body.indexOf('/', 3) < 0) {
            // "**/x" is "x" at any depth, as an unanchored "x" is. Not so for "**/x/": JGit matches
            // it against a file named x too (EventRoutingPathsTest checks such agreements).
            body = body.substring(3);
        }
        boolean anchored = body.indexOf('/') >= 0;
        int firstMeta = -1;
        for (int i = 0; i < body.length(); i++) {
            if (isMeta(body.charAt(i))) {
                firstMeta = i;
                break;
            }
        }
        if (anchored) {
            String literal = firstMeta < 0 ? body : body.substring(0, firstMeta);
            int slash = literal.lastIndexOf('/');
            String prefix = slash < 0 ? "" : literal.substring(0, slash + 1);
            while (prefix.startsWith("/")) {
                prefix = prefix.substring(1);
            }
            return new Compiled(pattern, glob, prefix.isEmpty() ? Shortcut.SCAN : Shortcut.PREFIX, prefix, directoryOnly);
        }
        if (firstMeta < 0) {
            return new Compiled(pattern, glob, Shortcut.NAME, body, directoryOnly);
        }
        if (!directoryOnly && body.startsWith("*.") && body.length() > 2) {
            String extension = body.substring(2);
            boolean plain = extension.indexOf('.') < 0;
            for (int i = 0; i < extension.length() && plain; i++) {
                plain = !isMeta(extension.charAt(i));
            }
            if (plain) {
                return new Compiled(pattern, glob, Shortcut.EXTENSION, extension, false);
            }
        }
        return new Compiled(pattern, glob, Shortcut.SCAN, null, directoryOnly);
    }
}
