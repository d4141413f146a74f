package io.manybot.core.mirror;

import java.util.Objects;

/**
 * How to authenticate to a remote: a username and password (or a token as the password) for https
 * remotes, an {@link SshKey} for ssh remotes, or both. Ignored for {@code file://}, {@code git://} and
 * local paths. {@link #toString()} never shows the password or the key.
 *
 * @param username null when only {@code ssh} is given
 * @param password null when only {@code ssh} is given
 * @param ssh null: ssh remotes use {@code ~/.ssh}
 */
public record GitCredentials(String username, String password, SshKey ssh) {
    /** The username sent with a bare token (GitHub's convention; GitLab and Gitea accept any username). */
    public static final String TOKEN_USERNAME = "x-access-token";

    public GitCredentials {
        if (ssh == null || username != null || password != null) {
            Objects.requireNonNull(username, "username");
            Objects.requireNonNull(password, "password");
            if (username.isBlank()) {
                throw new IllegalArgumentException("a git username must not be blank");
            }
        }
    }

    public GitCredentials(String username, String password) {
        this(username, password, null);
    }

    /** A token used as the password, with {@value #TOKEN_USERNAME} as the username. */
    public static GitCredentials token(String token) {
        Objects.requireNonNull(token, "token");
        if (token.isBlank()) {
            throw new IllegalArgumentException("a git token must not be blank");
        }
        return new GitCredentials(TOKEN_USERNAME, token);
    }

    /** Only an ssh key (and known hosts). */
    public static GitCredentials ssh(SshKey key) {
        return new GitCredentials(null, null, Objects.requireNonNull(key, "key"));
    }

    /** These credentials with {@code key} for ssh remotes. */
    public GitCredentials withSsh(SshKey key) {
        return new GitCredentials(username, password, key);
    }

    /** Whether a username and password are given (for https remotes). */
    public boolean hasPassword() {
        return username != null && password != null;
    }

    @Override
    public String toString() {
        return "GitCredentials[username=" + username + ", password=" + (password == null ? "none" : "***")
                + (ssh == null ? "" : ", ssh=" + ssh) + "]";
    }
}
