package io.manybot.cluster.repository;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.manybot.core.mirror.GitCredentials;
import io.manybot.core.mirror.CredentialKeys;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/**
 * Git credentials from a Secret in the bot's namespace: {@code username} and {@code password}, or a
 * {@code token} alone (sent as the password, which GitHub and GitLab accept over https); for ssh
 * remotes {@code ssh-privatekey} (a {@code kubernetes.io/ssh-auth} Secret; Flux's {@code identity} is read
 * too) and {@code known_hosts}, the lines the server's host key must match (an ssh remote without them is
 * refused).
 */
public final class GitSecrets {
    private GitSecrets() {}

    /** Null when {@code secretName} is null; throws when the Secret or its keys are missing. */
    public static GitCredentials credentials(KubernetesClient client, String namespace, String secretName) {
        if (secretName == null) {
            return null;
        }
        Secret secret = client.secrets().inNamespace(namespace).withName(secretName).get();
        if (secret == null) {
            throw new IllegalStateException("Secret " + namespace + "/" + secretName + " (spec.repository.credentialsSecret) does not exist");
        }
        try {
            return CredentialKeys.from(key -> raw(secret, key), "Secret " + namespace + "/" + secretName);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(e.getMessage());
        }
    }

    /**
     * The review host's API token from a Secret of the bot's namespace: its {@code token} key, else {@code password}.
     *
     * @throws IllegalStateException naming the Secret and what to add (never a value)
     */
    public static String apiToken(KubernetesClient client, String namespace, String secretName) {
        if (secretName == null) {
            throw new IllegalStateException("no API token: declare spec.repository.tokenSecret (a Secret with key 'token')"
                    + " or credentialsSecret");
        }
        Secret secret = client.secrets().inNamespace(namespace).withName(secretName).get();
        if (secret == null) {
            throw new IllegalStateException("no API token: Secret " + namespace + "/" + secretName + " does not exist");
        }
        String token = value(secret, "token");
        if (token == null || token.isBlank()) {
            token = value(secret, "password");
        }
        if (token == null || token.isBlank()) {
            throw new IllegalStateException("no API token: Secret " + namespace + "/" + secretName + " has no 'token' (or 'password') key");
        }
        return token.strip();
    }

    private static String value(Secret secret, String key) {
        String raw = raw(secret, key);
        return raw == null ? null : raw.strip();
    }

    /** A value as it is (a key file's last newline matters). */
    private static String raw(Secret secret, String key) {
        Map<String, String> data = secret.getData();
        if (data != null && data.get(key) != null) {
            return new String(Base64.getDecoder().decode(data.get(key)), StandardCharsets.UTF_8);
        }
        Map<String, String> plain = secret.getStringData();
        return plain == null ? null : plain.get(key);
    }
}
