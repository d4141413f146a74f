package io.manybot.core.review;

import java.util.Locale;
import java.util.Optional;

/** The code review hosts Manybot opens pull (merge) requests on. */
public enum HostKind {
    GITHUB("github", "pull request", "https://api.github.com"),
    GITLAB("gitlab", "merge request", "https://gitlab.com");

    private final String id;
    private final String requestName;
    private final String publicApiUrl;

    HostKind(String id, String requestName, String publicApiUrl) {
        this.id = id;
        this.requestName = requestName;
        this.publicApiUrl = publicApiUrl;
    }

    /** {@code github}, {@code gitlab}: as declared in {@code spec.repository.host} and shown in status. */
    public String id() {
        return id;
    }

    /** "pull request" or "merge request". */
    public String requestName() {
        return requestName;
    }

    String publicApiUrl() {
        return publicApiUrl;
    }

    /** The kind declared as {@code text}, in any letter case. */
    public static Optional<HostKind> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        for (HostKind kind : values()) {
            if (kind.id.equals(text.trim().toLowerCase(Locale.ROOT))) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }
}
