package io.manybot.cluster.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.manybot.local.api.HomeApi;
import io.manybot.cluster.app.OperatorService;
import io.manybot.cluster.operator.ManybotOperator;
import io.manybot.cluster.operator.OperatorFixtures;
import io.manybot.cluster.resource.ManybotSpec;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The application as {@code manybot operator} starts it (its settings as the one singleton): the
 * operator bean and the cluster API come up, the local home's API does not.
 */
@EnableKubernetesMockClient(crud = true)
class ClusterApiWiringTest {
    static KubernetesClient client;

    @TempDir
    Path temp;

    @Test
    void theOperatorApplicationServesTheClusterApi() throws Exception {
        Map<String, String> saved = new java.util.HashMap<>();
        Map<String, String> properties = Map.of("kubernetes.master", client.getMasterUrl().toString(), "kubernetes.trust.certificates", "true",
                "kubernetes.auth.tryKubeConfig", "false", "kubernetes.auth.tryServiceAccount", "false", "kubernetes.namespace", "default");
        properties.forEach((k, v) -> saved.put(k, System.setProperty(k, v)));
        try (ApplicationContext context = ApplicationContext.builder().banner(false)
                .properties(Map.of("micronaut.server.host", "127.0.0.1", "micronaut.server.port", -1))
                .singletons(OperatorFixtures.settings(temp, ManybotSpec.RunnerMode.IN_PROCESS)).start()) {
            assertTrue(context.containsBean(OperatorService.class));
            assertTrue(context.containsBean(ManybotOperator.class));
            assertTrue(context.containsBean(ClusterApi.class));
            assertFalse(context.containsBean(HomeApi.class));
            EmbeddedServer server = context.getBean(EmbeddedServer.class);
            server.start();
            HttpResponse<String> bots = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.getPort() + "/api/v1/namespaces/none/bots")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, bots.statusCode(), bots.body());
            assertEquals(0, new com.fasterxml.jackson.databind.ObjectMapper().readTree(bots.body()).path("bots").size());
        } finally {
            saved.forEach((k, v) -> {
                if (v == null) {
                    System.clearProperty(k);
                } else {
                    System.setProperty(k, v);
                }
            });
        }
    }
}
