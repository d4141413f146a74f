package io.manybot.cli;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.manybot.cluster.resource.GoalResource;
import io.manybot.cluster.resource.ManybotResource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code manybot create -n NS}: the Goal and the Manybot applied to a namespace as custom resources (created, or updated when
 * they exist), with the kubeconfig given or the default one.
 */
final class ClusterDeclarations {
    private final Path kubeconfig;

    /** @param kubeconfig a kubeconfig file, or null for fabric8's default ({@code $KUBECONFIG}, {@code ~/.kube/config}, in-cluster) */
    ClusterDeclarations(Path kubeconfig) {
        this.kubeconfig = kubeconfig;
    }

    void apply(String namespace, String goalYaml, String botYaml) {
        try (KubernetesClient client = client()) {
            apply(client, namespace, Serialization.unmarshal(goalYaml, GoalResource.class));
            apply(client, namespace, Serialization.unmarshal(botYaml, ManybotResource.class));
        }
    }

    private static void apply(KubernetesClient client, String namespace, HasMetadata resource) {
        resource.getMetadata().setNamespace(namespace);
        client.resource(resource).inNamespace(namespace).createOr(NonDeletingOperation::update);
    }

    private KubernetesClient client() {
        if (kubeconfig == null) {
            return new KubernetesClientBuilder().build();
        }
        try {
            return new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(Files.readString(kubeconfig))).build();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read --kubeconfig " + kubeconfig + ": " + e.getMessage(), e);
        }
    }

    /** What went wrong, without the client's stack of causes. */
    static String describe(RuntimeException e) {
        if (e instanceof KubernetesClientException k && k.getCode() > 0) {
            return "the API server answered " + k.getCode() + (k.getStatus() != null && k.getStatus().getMessage() != null
                    ? ": " + k.getStatus().getMessage() : "");
        }
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return e.getMessage() + (cause != e && cause.getMessage() != null ? " (" + cause.getMessage() + ")" : "");
    }
}
