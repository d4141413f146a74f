package io.manybot.cluster.api;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.manybot.cluster.operator.ManybotOperator;
import io.manybot.cluster.operator.OperatorSettings;
import io.manybot.cluster.resource.ManybotResource;
import io.manybot.cluster.resource.WorkCycleResource;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Map;

/**
 * The cluster home's HTTP API for a test: an operator on the (mock) API server of {@code client} and
 * the Micronaut server in front of it on loopback (random port). Closing it stops both and removes the
 * test namespace's Manybots and WorkCycles, since the mock server outlives one test.
 */
public final class ClusterApiServer implements AutoCloseable {
    private final KubernetesClient client;
    private final String namespace;
    private final ManybotOperator operator;
    private final ApplicationContext context;
    private final String url;
    private final boolean ownsOperator;

    private ClusterApiServer(KubernetesClient client, String namespace, ManybotOperator operator, ApplicationContext context, String url,
            boolean ownsOperator) {
        this.ownsOperator = ownsOperator;
        this.client = client;
        this.namespace = namespace;
        this.operator = operator;
        this.context = context;
        this.url = url;
    }

    /** Starts an operator (status patches without server-side apply, as the mock needs) and the API with {@code api}. */
    public static ClusterApiServer start(KubernetesClient client, String namespace, OperatorSettings settings, ClusterApiSettings api) {
        ManybotOperator operator = new ManybotOperator(client, settings, Clock.systemUTC(), false);
        operator.start();
        try {
            return serve(client, namespace, operator, api, true);
        } catch (RuntimeException e) {
            operator.close();
            throw e;
        }
    }

    /**
     * The API in front of an operator the test started (on its own clock); closing the server leaves the operator and the
     * namespace's resources to the test.
     */
    public static ClusterApiServer serve(KubernetesClient client, String namespace, ManybotOperator operator, ClusterApiSettings api) {
        return serve(client, namespace, operator, api, false);
    }

    private static ClusterApiServer serve(KubernetesClient client, String namespace, ManybotOperator operator, ClusterApiSettings api,
            boolean ownsOperator) {
        ApplicationContext context = ApplicationContext.builder().banner(false)
                .properties(Map.of("micronaut.server.host", "127.0.0.1", "micronaut.server.port", -1))
                .singletons(operator, api).start();
        EmbeddedServer embedded = context.getBean(EmbeddedServer.class);
        embedded.start();
        return new ClusterApiServer(client, namespace, operator, context, "http://127.0.0.1:" + embedded.getPort(), ownsOperator);
    }

    public ManybotOperator operator() {
        return operator;
    }

    /** {@code http://127.0.0.1:PORT}. */
    public String url() {
        return url;
    }

    @Override
    public void close() {
        context.close();
        if (!ownsOperator) {
            return;
        }
        operator.close();
        for (ManybotResource bot : client.resources(ManybotResource.class).inNamespace(namespace).list().getItems()) {
            client.resources(ManybotResource.class).inNamespace(namespace).withName(bot.getMetadata().getName()).edit(b -> {
                b.getMetadata().setFinalizers(new ArrayList<>());
                return b;
            });
            client.resources(ManybotResource.class).inNamespace(namespace).withName(bot.getMetadata().getName()).delete();
        }
        client.resources(WorkCycleResource.class).inNamespace(namespace).delete();
    }
}
