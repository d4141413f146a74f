package io.manybot.core.review;

import io.manybot.core.declaration.Bot;
import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a bot's proposals become pull requests: the host kind, its REST API and the repository's path there
 * ({@code acme/shop} on GitHub, {@code group/sub/project} on GitLab). Chosen from the declared
 * {@code spec.repository.host} / {@code apiUrl}, else from the repository url's host (github.com, gitlab.com).
 *
 * @param webHost the host people browse ({@code github.com}), for messages
 */
public record ReviewTarget(HostKind kind, String apiUrl, String project, String webHost) {
    private static final Pattern SCP_LIKE = Pattern.compile("^(?:[^@/]+@)?([^:/]+):(.+)$");

    /**
     * The review target of {@code repository}, or empty when its url names no known host and none is declared (a
     * local path, a file:// url, a plain git server).
     *
     * @throws IllegalArgumentException naming the field to fix: a declared host whose url has no repository path
     */
    public static Optional<ReviewTarget> of(Bot.Repository repository) {
        if (repository == null || repository.url() == null || repository.url().isBlank()) {
            return Optional.empty();
        }
        Bot.ReviewHost declared = repository.review();
        Optional<HostKind> declaredKind = HostKind.parse(declared.host());
        if (declared.host() != null && declaredKind.isEmpty()) {
            throw new IllegalArgumentException("spec.repository.host '" + declared.host() + "' is not a review host: use github or gitlab");
        }
        Optional<Location> location = location(repository.url());
        if (location.isEmpty()) {
            if (declaredKind.isPresent()) {
                throw new IllegalArgumentException("spec.repository.url '" + repository.url() + "' names no repository on a "
                        + declaredKind.get().id() + " host: write it as https://HOST/OWNER/REPO.git or git@HOST:OWNER/REPO.git");
            }
            return Optional.empty();
        }
        String host = location.get().host();
        HostKind kind = declaredKind.orElseGet(() -> switch (host) {
            case "github.com", "www.github.com" -> HostKind.GITHUB;
            case "gitlab.com", "www.gitlab.com" -> HostKind.GITLAB;
            default -> null;
        });
        if (kind == null) {
            return Optional.empty();
        }
        String api = declared.apiUrl() != null ? stripSlash(declared.apiUrl()) : defaultApi(kind, host, location.get().scheme());
        return Optional.of(new ReviewTarget(kind, api, location.get().path(), host));
    }

    private static String defaultApi(HostKind kind, String host, String scheme) {
        boolean publicHost = host.equals("github.com") || host.equals("www.github.com") || host.equals("gitlab.com")
                || host.equals("www.gitlab.com");
        if (publicHost) {
            return kind.publicApiUrl();
        }
        String base = ("http".equals(scheme) ? "http" : "https") + "://" + host;
        return kind == HostKind.GITHUB ? base + "/api/v3" : base;
    }

    private record Location(String scheme, String host, String path) {}

    /** Host and repository path of a git url: https://host/a/b.git, ssh://git@host/a/b, git@host:a/b.git. */
    private static Optional<Location> location(String url) {
        String text = url.trim();
        if (text.contains("://")) {
            URI uri;
            try {
                uri = URI.create(text);
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (uri.getHost() == null || scheme.equals("file")) {
                return Optional.empty();
            }
            return path(uri.getPath()).map(p -> new Location(scheme, uri.getHost().toLowerCase(Locale.ROOT), p));
        }
        Matcher scp = SCP_LIKE.matcher(text);
        if (scp.matches() && !text.startsWith("/") && !text.startsWith(".")) {
            return path(scp.group(2)).map(p -> new Location("ssh", scp.group(1).toLowerCase(Locale.ROOT), p));
        }
        return Optional.empty();
    }

    private static Optional<String> path(String raw) {
        if (raw == null) {
            return Optional.empty();
        }
        String path = raw.replaceAll("^/+", "").replaceAll("/+$", "");
        if (path.endsWith(".git")) {
            path = path.substring(0, path.length() - 4);
        }
        return path.contains("/") && !path.contains("..") ? Optional.of(path) : Optional.empty();
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** "github acme/shop", for messages. */
    public String describe() {
        return kind.id() + " " + project;
    }
}
