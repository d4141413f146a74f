package io.manybot.core.mirror;

/**
 * How to reach ssh remotes: a private key (OpenSSH or PEM text) and the known_hosts lines the server's
 * host key is checked against. A host key not in them is refused, never accepted on first sight.
 * {@link #toString()} never shows the key.
 *
 * @param privateKey the private key's text; null uses the default identities of {@code ~/.ssh}
 * @param knownHosts known_hosts lines; null uses {@code ~/.ssh/known_hosts}
 */
public record SshKey(String privateKey, String knownHosts) {
    public SshKey {
        if (privateKey != null && privateKey.isBlank()) {
            throw new IllegalArgumentException("an ssh private key must not be empty");
        }
        if (privateKey != null && !privateKey.endsWith("\n")) {
            privateKey = privateKey + "\n"; // OpenSSH refuses a key file whose last line has no newline
        }
    }

    @Override
    public String toString() {
        return "SshKey[privateKey=" + (privateKey == null ? "(~/.ssh)" : "***") + ", knownHosts="
                + (knownHosts == null ? "(~/.ssh/known_hosts)" : knownHosts.lines().filter(l -> !l.isBlank() && !l.startsWith("#")).count()
                        + " line(s)") + "]";
    }
}
