package io.manybot.cluster.secret;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.manybot.core.declaration.Bot;
import io.manybot.core.secret.SecretException;
import io.manybot.core.secret.SecretKeyRefs;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/**
 * The cluster home's {@link SecretKeyRefs}: each reference is read from the Secret of that name in the bot's namespace,
 * when the cycle's agents are made (the operator for in-process cycles, the runner pod for runner Jobs; both may
 * {@code get} Secrets there). The value goes only into the MCP server's process environment.
 */
public final class NamespaceSecretKeyRefs implements SecretKeyRefs {
    private final KubernetesClient client;
    private final String namespace;

    public NamespaceSecretKeyRefs(KubernetesClient client, String namespace) {
        this.client = client;
        this.namespace = namespace;
    }

    @Override
    public String read(Bot.SecretKeyRef ref) {
        Secret secret;
        try {
            secret = client.secrets().inNamespace(namespace).withName(ref.name()).get();
        } catch (KubernetesClientException e) {
            throw new SecretException("Secret " + namespace + "/" + ref.name() + " cannot be read (HTTP " + e.getCode() + ")");
        }
        if (secret == null) {
            throw new SecretException("Secret " + namespace + "/" + ref.name() + " does not exist");
        }
        String value = value(secret, ref.key());
        if (value == null) {
            throw new SecretException("Secret " + namespace + "/" + ref.name() + " has no key '" + ref.key() + "'");
        }
        return value;
    }

    /** The key's value ({@code data} decoded, else {@code stringData}), or null. */
    static String value(Secret secret, String key) {
        Map<String, String> data = secret.getData();
        if (data != null && data.get(key) != null) {
            return new String(Base64.getDecoder().decode(data.get(key)), StandardCharsets.UTF_8);
        }
        Map<String, String> plain = secret.getStringData();
        return plain == null ? null : plain.get(key);
    }
}
