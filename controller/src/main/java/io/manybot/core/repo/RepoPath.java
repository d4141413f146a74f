package io.manybot.core.repo;

import java.util.ArrayList;
import java.util.List;

/**
 * Repository-relative paths: normalised to forward slashes with no empty, {@code .} or trailing
 * segments; the root is the empty string. Anything that could name a place outside the repository
 * ({@code ..} segments, absolute paths, drive letters, NUL, backslashes) is refused.
 */
public final class RepoPath {
    private RepoPath() {}

    /**
     * Normalises {@code input}.
     *
     * @throws PathRefusedException with a message saying why the path is refused
     */
    public static String normalize(String input) {
        if (input == null) {
            throw new PathRefusedException("", "no path given");
        }
        if (isNormal(input)) {
            return input;
        }
        if (input.indexOf('\0') >= 0) {
            throw new PathRefusedException(input, "contains a NUL character");
        }
        if (input.indexOf('\\') >= 0) {
            throw new PathRefusedException(input, "contains a backslash; use '/' between path segments");
        }
        if (input.startsWith("/") || input.startsWith("~") || input.matches("^[A-Za-z]:.*")) {
            throw new PathRefusedException(input, "absolute paths are refused; give a path relative to the repository root");
        }
        List<String> segments = new ArrayList<>();
        for (String segment : input.split("/")) {
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                throw new PathRefusedException(input, "'..' is refused: paths may not leave the repository");
            }
            segments.add(segment);
        }
        return String.join("/", segments);
    }

    /** Whether {@code path} is already normal: no empty, '.' or '..' segments, no special characters. */
    private static boolean isNormal(String path) {
        int length = path.length();
        if (length == 0) {
            return true;
        }
        if (path.charAt(0) == '/' || path.charAt(0) == '~' || path.charAt(length - 1) == '/') {
            return false;
        }
        int segmentStart = 0;
        for (int i = 0; i <= length; i++) {
            char c = i < length ? path.charAt(i) : '/';
            if (c == '\\' || c == '\0' || c == ':') {
                return false;
            }
            if (c == '/') {
                int segmentLength = i - segmentStart;
                if (segmentLength == 0
                        || (segmentLength == 1 && path.charAt(segmentStart) == '.')
                        || (segmentLength == 2 && path.charAt(segmentStart) == '.' && path.charAt(segmentStart + 1) == '.')) {
                    return false;
                }
                segmentStart = i + 1;
            }
        }
        return true;
    }

    /** The directory holding {@code path} ("" for top-level entries and for the root itself). */
    public static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? "" : path.substring(0, slash);
    }

    /** The last segment of {@code path}. */
    public static String fileName(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /** {@code path} relative to {@code directory}, which must contain it ("" is the root). */
    public static String relativeTo(String directory, String path) {
        if (directory.isEmpty()) {
            return path;
        }
        return path.length() == directory.length() ? "" : path.substring(directory.length() + 1);
    }

    /** {@code child} joined under {@code directory}. */
    public static String join(String directory, String child) {
        return directory.isEmpty() ? child : directory + "/" + child;
    }

    /** Whether {@code path} is {@code directory} or lies beneath it. */
    public static boolean isWithin(String directory, String path) {
        return directory.isEmpty()
                || path.equals(directory)
                || (path.startsWith(directory) && path.charAt(directory.length()) == '/');
    }
}
