package io.manybot.core.event;

import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The changed paths of one event, arranged so that "does any path match this glob, and which?" is
 * cheap to ask many times: paths sorted (an anchored glob only looks at the range under its literal
 * prefix), file and directory names and extensions indexed (for {@code *.ext} and plain names), and
 * each distinct glob's answer remembered. Built per event; not thread-safe.
 */
final class PathSet {
    private static final String NONE = new String("");

    private final String[] sorted;
    private final Map<String, String> answers = new HashMap<>();
    /** name or extension → a path having it as a file name / a directory segment; built on first need. */
    private Map<String, String> fileNames;
    private Map<String, String> directoryNames;
    private Map<String, String> fileExtensions;
    private Map<String, String> directoryExtensions;

    PathSet(Collection<String> paths) {
        String[] array = paths.toArray(String[]::new);
        Arrays.sort(array);
        this.sorted = array;
    }

    int size() {
        return sorted.length;
    }

    boolean isEmpty() {
        return sorted.length == 0;
    }

    /** The first path (in sorted order, for the SCAN and PREFIX shortcuts) matching {@code pattern}, or null. */
    String firstMatch(String pattern) {
        String known = answers.get(pattern);
        if (known == null) {
            String found = find(PathGlobs.of(pattern));
            known = found == null ? NONE : found;
            answers.put(pattern, known);
        }
        return known == NONE ? null : known;
    }

    /** The first path matching any of {@code patterns}, or null. */
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
                index();
                String path = fileExtensions.get(glob.key());
                if (path == null) {
                    path = directoryExtensions.get(glob.key());
                }
                return path != null && glob.matches(path) ? path : path == null ? null : scan(glob);
            }
            case NAME: {
                index();
                String path = glob.directoryOnly() ? null : fileNames.get(glob.key());
                if (path == null) {
                    path = directoryNames.get(glob.key());
                }
                return path != null && glob.matches(path) ? path : path == null ? null : scan(glob);
            }
            default:
                return scan(glob);
        }
    }

    private String scan(PathGlobs.Compiled glob) {
        for (String path : sorted) {
            if (glob.matches(path)) {
                return path;
            }
        }
        return null;
    }

    /** One pass over the paths; each distinct directory is looked at once. */
    private void index() {
        if (fileNames != null) {
            return;
        }
        fileNames = new HashMap<>(sorted.length * 2);
        directoryNames = new HashMap<>();
        fileExtensions = new HashMap<>();
        directoryExtensions = new HashMap<>();
        Set<String> directories = new HashSet<>();
        for (String path : sorted) {
            int slash = path.lastIndexOf('/');
            String name = path.substring(slash + 1);
            fileNames.putIfAbsent(name, path);
            int dot = name.lastIndexOf('.');
            if (dot >= 0) {
                fileExtensions.putIfAbsent(name.substring(dot + 1), path);
            }
            while (slash > 0) {
                String directory = path.substring(0, slash);
                if (!directories.add(directory)) {
                    break;
                }
                int up = directory.lastIndexOf('/');
                String segment = directory.substring(up + 1);
                directoryNames.putIfAbsent(segment, path);
                int d = segment.lastIndexOf('.');
                if (d >= 0) {
                    directoryExtensions.putIfAbsent(segment.substring(d + 1), path);
                }
                slash = up;
            }
        }
    }
}
