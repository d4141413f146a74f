package io.manybot.cluster.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.manybot.cluster.operator.OperatorFixtures;
import io.manybot.cluster.operator.OperatorSettings;
import io.manybot.cluster.resource.ManybotSpec;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The process {@code manybot operator} runs (the Micronaut application with the operator bean and the
 * HTTP server, started as the command starts it), on the fabric8 mock API server: it serves on the
 * configured address, and its one shutdown path (what the SIGTERM hook calls) returns and gives the
 * leader Lease up.
 */
@EnableKubernetesMockClient(crud = true)
class OperatorApplicationTest {
    static KubernetesClient client;
    static KubernetesMockServer server;

    @TempDir
    Path temp;

    @Test
    void theApplicationServesOnItsAddressAndItsShutdownPathReturnsAndReleasesTheLease() throws Exception {
        server.expect().post().withPath("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews").andReturn(201,
                new SelfSubjectRulesReviewBuilder().withNewSpec().withNamespace("manybot").endSpec().withNewStatus()
                        .addNewResourceRule().withApiGroups("coordination.k8s.io").withResources("leases")
                        .withVerbs("get", "list", "watch", "create", "update", "patch").endResourceRule()
                        .withIncomplete(false).endStatus().build()).always();
        OperatorSettings plain = OperatorFixtures.settings(temp, ManybotSpec.RunnerMode.IN_PROCESS);
        OperatorSettings settings = new OperatorSettings(plain.namespaces(), true, "manybot-app", "manybot", plain.runnerMode(),
                plain.runnerImage(), plain.runnerCpu(), plain.runnerMemory(), plain.runnerDeadline(), plain.stateDirectory(), plain.fetchInterval(),
                plain.workers(), plain.serviceAccount(), null, null, null, Map.of(), null, null);
        Map<String, String> saved = new HashMap<>();
        Map<String, String> properties = Map.of("kubernetes.master", client.getMasterUrl().toString(), "kubernetes.trust.certificates", "true",
                "kubernetes.auth.tryKubeConfig", "false", "kubernetes.auth.tryServiceAccount", "false", "kubernetes.namespace", "default");
        properties.forEach((k, v) -> saved.put(k, System.setProperty(k, v)));
        try {
            OperatorApplication application = OperatorApplication.start(settings,
                    HttpAddress.fromEnvironment(Map.of("MANYBOT_HTTP_HOST", "127.0.0.1", "MANYBOT_HTTP_PORT", "0")));
            URI health = URI.create("http://127.0.0.1:" + application.port() + "/health");
            HttpClient http = HttpClient.newHttpClient();
            assertEquals(200, http.send(HttpRequest.newBuilder(health).GET().build(), HttpResponse.BodyHandlers.ofString()).statusCode());
            OperatorFixtures.await("the operator holds its Lease", () -> {
                Lease lease = client.leases().inNamespace("manybot").withName("manybot-app").get();
                return lease != null && lease.getSpec().getHolderIdentity() != null ? lease : null;
            });

            // What the SIGTERM hook runs; a second call (a second signal) returns at once.
            CompletableFuture.runAsync(application::close).get(60, TimeUnit.SECONDS);
            application.close();
            application.awaitClosed();

            assertNull(client.leases().inNamespace("manybot").withName("manybot-app").get().getSpec().getHolderIdentity(),
                    "the Lease is released: the next replica leads at once");
            assertThrows(IOException.class, () -> http.send(HttpRequest.newBuilder(health).GET().build(), HttpResponse.BodyHandlers.ofString()),
                    "the HTTP server is stopped");
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
