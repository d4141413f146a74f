package io.manybot.local;

import io.manybot.core.declaration.Bot;
import io.manybot.core.mirror.CredentialKeys;
import io.manybot.core.mirror.GitCredentials;
import io.manybot.core.mirror.SshKey;
import io.manybot.core.secret.SecretRedactor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Git credentials in the local home. By default from the environment of `manybot run`:
 * {@value #TOKEN}, or {@value #USERNAME} and {@value #PASSWORD}, for https; {@value #SSH_KEY} and
 * {@value #KNOWN_HOSTS} (paths of a private key file and a known_hosts file) for ssh. A bot's
 * {@code repository.credentialsSecret: NAME} is the directory {@code NAME} under {@code --git-secrets DIR}
 * (or {@value #SECRETS}), one file per key as Kubernetes mounts a Secret: {@code token}, or
 * {@code username} and {@code password}, {@code ssh-privatekey} and {@code known_hosts}. Every value read
 * is registered with the redactor; messages name variables and files, never values.
 */
final class LocalGitCredentials {
    static final String TOKEN = "MANYBOT_GIT_TOKEN";
    static final String USERNAME = "MANYBOT_GIT_USERNAME";
    static final String PASSWORD = "MANYBOT_GIT_PASSWORD";
    static final String SSH_KEY = "MANYBOT_GIT_SSH_KEY";
    static final String KNOWN_HOSTS = "MANYBOT_GIT_KNOWN_HOSTS";
    static final String SECRETS = "MANYBOT_GIT_SECRETS";

    private final Map<String, String> env;
    private final Path own;
    private final Path secrets;
    private final SecretRedactor redactor;

    /**
     * @param own a directory with the run's own credentials ({@code --git-credentials}); null: the environment
     * @param secrets the directory of credential directories ({@code --git-secrets}); null: {@value #SECRETS} or none
     */
    LocalGitCredentials(Map<String, String> env, Path own, Path secrets, SecretRedactor redactor) {
        this.env = env;
        this.own = own;
        String fromEnv = env.get(SECRETS);
        this.secrets = secrets != null ? secrets : fromEnv == null || fromEnv.isBlank() ? null : Path.of(fromEnv);
        this.redactor = redactor;
    }

    /** The bot's credentials: its {@code credentialsSecret} directory, else the defaults. */
    GitCredentials forBot(Bot bot) {
        String name = bot.repository() == null ? null : bot.repository().credentialsSecret();
        return name == null ? defaults() : directory(name, "bot " + bot.name() + ": repository.credentialsSecret " + name);
    }

    /** From the {@code --git-credentials} directory, else the environment; null when none is set. */
    GitCredentials defaults() {
        if (own != null) {
            return read(own, "--git-credentials " + own);
        }
        String token = value(TOKEN);
        String username = value(USERNAME);
        String password = value(PASSWORD);
        if (username != null && password == null || username == null && password != null) {
            throw new IllegalArgumentException("set both " + USERNAME + " and " + PASSWORD + " (or " + TOKEN + " alone)");
        }
        String key = file(SSH_KEY);
        String knownHosts = file(KNOWN_HOSTS);
        SshKey ssh = key == null && knownHosts == null ? null : new SshKey(key, knownHosts);
        GitCredentials credentials;
        if (token != null) {
            credentials = GitCredentials.token(token).withSsh(ssh);
        } else if (username != null) {
            credentials = new GitCredentials(username, password, ssh);
        } else {
            credentials = ssh == null ? null : GitCredentials.ssh(ssh);
        }
        return registered(credentials);
    }

    private GitCredentials directory(String name, String who) {
        if (secrets == null) {
            throw new IllegalArgumentException(who + ": the local home reads it from the directory " + name
                    + " under --git-secrets DIR (or " + SECRETS + "), one file per key (token, or username and password,"
                    + " or ssh-privatekey and known_hosts); neither is set");
        }
        Path directory = secrets.resolve(name).normalize();
        if (!directory.startsWith(secrets.normalize())) {
            throw new IllegalArgumentException(who + ": not a directory name");
        }
        return read(directory, who);
    }

    private GitCredentials read(Path directory, String who) {
        if (!Files.isDirectory(directory)) {
            throw new IllegalArgumentException(who + ": " + directory + " is not a directory (one file per key: token, or username"
                    + " and password, or ssh-privatekey and known_hosts)");
        }
        try {
            return registered(CredentialKeys.from(key -> read(directory.resolve(key)), who + ": " + directory));
        } catch (UncheckedIOException e) {
            throw new IllegalArgumentException(who + ": " + e.getMessage());
        }
    }

    private GitCredentials registered(GitCredentials credentials) {
        if (credentials != null) {
            if (credentials.password() != null) {
                redactor.register(credentials.password());
            }
            if (credentials.ssh() != null && credentials.ssh().privateKey() != null) {
                credentials.ssh().privateKey().lines().filter(line -> line.length() > 20).forEach(redactor::register);
            }
        }
        return credentials;
    }

    private String value(String variable) {
        String value = env.get(variable);
        return value == null || value.isBlank() ? null : value.strip();
    }

    /** The content of the file the variable names; null when it is not set. */
    private String file(String variable) {
        String path = value(variable);
        if (path == null) {
            return null;
        }
        try {
            return Files.readString(Path.of(path), StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(variable + " names " + path + ", which cannot be read (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static String read(Path file) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(file + " cannot be read (" + e.getClass().getSimpleName() + ")", e);
        }
    }
}
