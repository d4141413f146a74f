package io.manybot.core.event;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The changed paths of one event, arranged so that "does any path match this glob, and which?" is
 * cheap to ask many times: paths sorted (an anchored glob only looks at the range under its literal
 * prefix), {@code *.ext} and plain names found by plain string tests instead of the glob matcher,
 * and each distinct glob's answer remembered. Built per event; not thread-safe.
 */
final class PathSet {
    private static final String NONE = new String("");

    private final String[] sorted;
    private final Function<String, PathGlobs.Compiled> compiler;
    private final Map<String, String> answers = new HashMap<>();

    PathSet(Collection<String> paths) {
        this(paths, PathGlobs::of);
    }

    /** @param compiler how a pattern is compiled: the process-wide cache, or (tests) {@link PathGlobs#compile} afresh */
    PathSet(Collection<String> paths, Function<String, PathGlobs.Compiled> compiler) {
        this(paths.toArray(String[]::new), compiler);
    }

    private PathSet(String[] array, Function<String, PathGlobs.Compiled> compiler) {
        this.compiler = compiler;
        for (int i = 1; i < array.length; i++) {
            if (array[i - 1].compareTo(array[i]) > 0) {
                Arrays.sort(array);
                break;
            }
        }
        this.sorted = array;
    }

    /** This set without {@code excluded}: order kept, nothing sorted again. */
    PathSet without(Set<String> excluded) {
        if (excluded.isEmpty()) {
            return this;
        }
        List<String> kept = new ArrayList<>(sorted.length);
        for (String path : sorted) {
            if (!excluded.contains(path)) {
                kept.add(path);
            }
        }
        return new PathSet(kept.toArray(String[]::new), compiler);
    }

    /** The paths, sorted (a read-only view). */
    List<String> paths() {
        return java.util.Collections.unmodifiableList(Arrays.asList(sorted));
    }

    int size() {
        return sorted.length;
    }

    boolean isEmpty() {
        return sorted.length == 0;
    }

    /** The first path (in sorted order) matching {@code pattern}, or null. */
    String firstMatch(String pattern) {
        String known = answers.get(pattern);
        if (known == null) {
            String found = find(compiler.apply(pattern));
            known = found == null ? NONE : found;
            answers.put(pattern, known);
        }
        return known == NONE ? null : known;
    }

    /** The first path matching any of {@code patterns} (tried in order), or null. */
    String firstMatch(Collection<String> patterns) {
        for (String pattern : patterns) {
            String match = firstMatch(pattern);
            if (match != null) {
                return match;
            }
        }
        return null;
    }

    private String find(PathGlobs.Compiled glob) {
        if (glob.glob() == null || sorted.length == 0) {
            return null;
        }
        switch (glob.shortcut()) {
            case PREFIX: {
                String prefix = glob.key();
                int i = Arrays.binarySearch(sorted, prefix);
                for (i = i < 0 ? -i - 1 : i; i < sorted.length && sorted[i].startsWith(prefix); i++) {
                    if (glob.matches(sorted[i])) {
                        return sorted[i];
                    }
                }
                return null;
            }
            case EXTENSION: {
                // A segment (file or directory) ends in ".ext": the path ends so, or has ".ext/" in it.
                String suffix = "." + glob.key();
                String inside = suffix + "/";
                for (String path : sorted) {
                    if ((path.endsWith(suffix) || path.contains(inside)) && glob.matches(path)) {
                        return path;
                    }
                }
                return null;
            }
            case NAME: {
                // A segment is the name: a directory segment for "name/", any segment otherwise.
                String name = glob.key();
                String first = name + "/";
                String middle = "/" + name + "/";
                String last = "/" + name;
                boolean files = !glob.directoryOnly();
                for (String path : sorted) {
                    boolean candidate = path.startsWith(first) || path.contains(middle)
                            || (files && (path.equals(name) || path.endsWith(last)));
                    if (candidate && glob.matches(path)) {
                        return path;
                    }
                }
                return null;
            }
            default:
                for (String path : sorted) {
                    if (glob.matches(path)) {
                        return path;
                    }
                }
                return null;
        }
    }
}
