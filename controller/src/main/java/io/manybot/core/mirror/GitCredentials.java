package io.manybot.core.mirror;

import java.util.Objects;

/**
 * Username and password (or a token as the password) for https remotes. Ignored for {@code file://}
 * and local paths. {@link #toString()} never shows the password.
 */
public record GitCredentials(String username, String password) {
    /** The username sent with a bare token (GitHub's convention; GitLab and Gitea accept any username). */
    public static final String TOKEN_USERNAME = "x-access-token";

    public GitCredentials {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        if (username.isBlank()) {
            throw new IllegalArgumentException("a git username must not be blank");
        }
    }

    /** A token used as the password, with {@value #TOKEN_USERNAME} as the username. */
    public static GitCredentials token(String token) {
        Objects.requireNonNull(token, "token");
        if (token.isBlank()) {
            throw new IllegalArgumentException("a git token must not be blank");
        }
        return new GitCredentials(TOKEN_USERNAME, token);
    }

    @Override
    public String toString() {
        return "GitCredentials[username=" + username + ", password=***]";
    }
}
