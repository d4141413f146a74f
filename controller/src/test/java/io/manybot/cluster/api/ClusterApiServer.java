package io.manybot.cluster.api;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.manybot.cluster.operator.ManybotOperator;
import io.manybot.cluster.operator.OperatorSettings;
import io.manybot.cluster.resource.ManybotResource;
import io.manybot.cluster.resource.WorkCycleResource;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.nio.file.Path;
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

    private ClusterApiServer(KubernetesClient client, String namespace, ManybotOperator operator, ApplicationContext context, String url) {
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
        ApplicationContext context = ApplicationContext.builder().banner(false)
                .properties(Map.of("micronaut.server.host", "127.0.0.1", "micronaut.server.port", -1))
                .singletons(operator, api).start();
        EmbeddedServer embedded = context.getBean(EmbeddedServer.class);
        embedded.start();
        return new ClusterApiServer(client, namespace, operator, context, "http://127.0.0.1:" + embedded.getPort());
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

    /** Serves the files of bare repository {@code bare} at {@code /acme/widgets.git/} on loopback (with info/refs and objects/info/packs), as git's dumb HTTP protocol reads them. */
    public static com.sun.net.httpserver.HttpServer dumbHttp(Path bare) throws Exception {
        try (org.eclipse.jgit.lib.Repository repository = org.eclipse.jgit.storage.file.FileRepositoryBuilder.create(bare.toFile())) {
            StringBuilder refs = new StringBuilder();
            for (org.eclipse.jgit.lib.Ref ref : repository.getRefDatabase().getRefs()) {
                if (!ref.isSymbolic()) {
                    refs.append(ref.getObjectId().name()).append('\t').append(ref.getName()).append('\n');
                }
            }
            java.nio.file.Files.createDirectories(bare.resolve("info"));
            java.nio.file.Files.writeString(bare.resolve("info/refs"), refs);
        }
        StringBuilder packs = new StringBuilder();
        Path packDir = bare.resolve("objects/pack");
        if (java.nio.file.Files.isDirectory(packDir)) {
            try (var files = java.nio.file.Files.list(packDir)) {
                files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".pack")).forEach(n -> packs.append("P ").append(n).append('\n'));
            }
        }
        java.nio.file.Files.createDirectories(bare.resolve("objects/info"));
        java.nio.file.Files.writeString(bare.resolve("objects/info/packs"), packs.append('\n'));
        com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/acme/widgets.git/", exchange -> {
            String path = exchange.getRequestURI().getPath().substring("/acme/widgets.git/".length());
            Path file = bare.resolve(path).normalize();
            if (!file.startsWith(bare) || !java.nio.file.Files.isRegularFile(file)) {
                exchange.sendResponseHeaders(404, -1);
            } else {
                byte[] content = java.nio.file.Files.readAllBytes(file);
                exchange.getResponseHeaders().add("Content-Type", "application/octet-stream");
                exchange.sendResponseHeaders(200, content.length);
                exchange.getResponseBody().write(content);
            }
            exchange.close();
        });
        server.start();
        return server;
    }
}
