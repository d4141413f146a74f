package io.manybot.core.event;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compares the ways a hosted repository is written: {@code https://github.com/o/r.git},
 * {@code https://user@github.com/o/r}, {@code ssh://git@github.com:22/o/r.git},
 * {@code git@github.com:o/r.git}, {@code github.com/o/r} and the full name {@code o/r} (GitLab:
 * {@code group/subgroup/project}) all name the same repository. Host and path compare
 * case-insensitively (as GitHub and GitLab do); scheme, user, port, a trailing {@code .git} and
 * slashes do not count. A bare full name has no host and matches that path on any host.
 */
public final class RepositoryNames {
    private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*://([^/]*)(/.*)?$");
    private static final Pattern SCP = Pattern.compile("^(?:[^@/\\s]+@)?([A-Za-z0-9][A-Za-z0-9.-]*):(?!/)(.+)$");

    private RepositoryNames() {}

    /**
     * A normalised repository name.
     *
     * @param host lower-case host without port, or null for a bare full name
     * @param path lower-case {@code owner/name}, without {@code .git} and surrounding slashes
     */
    public record Name(String host, String path) {
        /** Same path, and the same host when both are known. */
        public boolean matches(Name other) {
            return other != null && path.equals(other.path) && (host == null || other.host == null || host.equals(other.host));
        }

        @Override
        public String toString() {
            return host == null ? path : host + "/" + path;
        }
    }

    /** The normalised name of {@code text}, or null when it names no hosted repository (blank, a local path). */
    public static Name parse(String text) {
        if (text == null) {
            return null;
        }
        String value = text.trim();
        if (value.isEmpty() || value.startsWith("/") || value.regionMatches(true, 0, "file:", 0, 5)) {
            return null;
        }
        Matcher scheme = SCHEME.matcher(value);
        if (scheme.matches()) {
            String authority = scheme.group(1);
            int at = authority.lastIndexOf('@');
            String host = at < 0 ? authority : authority.substring(at + 1);
            if (host.startsWith("[")) {
                int close = host.indexOf(']');
                host = close < 0 ? host : host.substring(0, close + 1);
            } else {
                int colon = host.indexOf(':');
                host = colon < 0 ? host : host.substring(0, colon);
            }
            return name(host, scheme.group(2));
        }
        Matcher scp = SCP.matcher(value);
        if (scp.matches() && !value.contains("://")) {
            return name(scp.group(1), scp.group(2));
        }
        String path = strip(value);
        int slash = path.indexOf('/');
        if (slash > 0 && path.substring(0, slash).contains(".") && path.indexOf('/', slash + 1) > 0) {
            return name(path.substring(0, slash), path.substring(slash + 1));
        }
        return path.isEmpty() ? null : new Name(null, path.toLowerCase(Locale.ROOT));
    }

    private static Name name(String host, String path) {
        String p = strip(path == null ? "" : path);
        if (p.isEmpty() || host == null || host.isEmpty()) {
            return null;
        }
        return new Name(host.toLowerCase(Locale.ROOT), p.toLowerCase(Locale.ROOT));
    }

    private static String strip(String path) {
        String p = path;
        int cut = indexOfAny(p, '?', '#');
        if (cut >= 0) {
            p = p.substring(0, cut);
        }
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        if (p.regionMatches(true, Math.max(0, p.length() - 4), ".git", 0, 4) && p.length() > 4) {
            p = p.substring(0, p.length() - 4);
        }
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p;
    }

    private static int indexOfAny(String text, char a, char b) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == a || c == b) {
                return i;
            }
        }
        return -1;
    }

    /** Whether {@code a} and {@code b} name the same repository (false when either names none). */
    public static boolean same(String a, String b) {
        Name left = parse(a);
        return left != null && left.matches(parse(b));
    }

    /** Whether {@code name} matches any of {@code names}. */
    public static boolean matchesAny(Name name, Collection<Name> names) {
        if (name == null) {
            return false;
        }
        for (Name other : names) {
            if (name.matches(other)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The names of the event's repository (full name, web URL, clone URLs), normalised, nulls left
     * out. The full name takes the host of the URLs, so that it does not match the same path on
     * another host.
     */
    public static List<Name> of(RepositoryEvent.Repository repository) {
        List<Name> urls = new ArrayList<>();
        for (String url : repository.names()) {
            if (!url.equals(repository.fullName())) {
                Name name = parse(url);
                if (name != null && !urls.contains(name)) {
                    urls.add(name);
                }
            }
        }
        Name full = parse(repository.fullName());
        if (full != null) {
            String host = full.host() != null ? full.host() : urls.stream().map(Name::host).filter(Objects::nonNull).findFirst().orElse(null);
            Name named = new Name(host, full.path());
            if (!urls.contains(named)) {
                urls.add(0, named);
            }
        }
        return List.copyOf(urls);
    }
}
