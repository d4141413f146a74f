package io.manybot.core.mirror;

import java.util.function.Function;

/**
 * Git credentials from named keys, the way a Kubernetes Secret holds them (and the local home reads
 * them from a directory of files named like those keys): {@value #TOKEN}, or {@value #USERNAME} and
 * {@value #PASSWORD}, for https; {@value #SSH_PRIVATE_KEY} (a {@code kubernetes.io/ssh-auth} Secret's key;
 * Flux's {@value #IDENTITY} is read too) and {@value #KNOWN_HOSTS} for ssh. Messages name keys, never values.
 */
public final class CredentialKeys {
    public static final String TOKEN = "token";
    public static final String USERNAME = "username";
    public static final String PASSWORD = "password";
    public static final String SSH_PRIVATE_KEY = "ssh-privatekey";
    public static final String IDENTITY = "identity";
    public static final String KNOWN_HOSTS = "known_hosts";

    private CredentialKeys() {}

    /**
     * @param values a key's value as stored (null when absent)
     * @param where what holds the keys, for messages ("Secret ns/name", "directory /x")
     * @throws IllegalArgumentException naming {@code where} and the keys it lacks
     */
    public static GitCredentials from(Function<String, String> values, String where) {
        String token = stripped(values.apply(TOKEN));
        String username = stripped(values.apply(USERNAME));
        String password = stripped(values.apply(PASSWORD));
        String privateKey = values.apply(SSH_PRIVATE_KEY) != null ? values.apply(SSH_PRIVATE_KEY) : values.apply(IDENTITY);
        String knownHosts = values.apply(KNOWN_HOSTS);
        if (privateKey != null && privateKey.isBlank()) {
            throw new IllegalArgumentException(where + ": '" + SSH_PRIVATE_KEY + "' is empty");
        }
        SshKey ssh = privateKey == null && knownHosts == null ? null : new SshKey(privateKey, knownHosts == null ? "" : knownHosts);
        if (token != null && !token.isEmpty()) {
            return GitCredentials.token(token).withSsh(ssh);
        }
        if (username != null && password != null && !username.isEmpty()) {
            return new GitCredentials(username, password, ssh);
        }
        if (ssh != null) {
            return GitCredentials.ssh(ssh);
        }
        throw new IllegalArgumentException(where + " has neither '" + TOKEN + "', nor '" + USERNAME + "' and '" + PASSWORD + "', nor '"
                + SSH_PRIVATE_KEY + "' and '" + KNOWN_HOSTS + "'");
    }

    private static String stripped(String value) {
        return value == null ? null : value.strip();
    }
}
