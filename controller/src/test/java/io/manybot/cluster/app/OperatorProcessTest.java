package io.manybot.cluster.app;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code manybot operator} as a real process against the fabric8 mock API server, configured as the
 * chart configures it (environment only), stopped by SIGTERM as Kubernetes stops a pod: it exits
 * (with two shutdown hooks on one context, it used to deadlock and renew its Lease forever) and it
 * has given its Lease up.
 */
@EnableKubernetesMockClient(crud = true)
class OperatorProcessTest {
    static KubernetesClient client;
    static KubernetesMockServer server;

    @TempDir
    Path temp;

    private Process process;

    @AfterEach
    void kill() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
        }
    }

    @Test
    void sigtermEndsTheOperatorProcessWhichReleasesItsLease() throws Exception {
        server.expect().post().withPath("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews").andReturn(201,
                new SelfSubjectRulesReviewBuilder().withNewSpec().withNamespace("manybot").endSpec().withNewStatus()
                        .addNewResourceRule().withApiGroups("coordination.k8s.io").withResources("leases")
                        .withVerbs("get", "list", "watch", "create", "update", "patch").endResourceRule()
                        .withIncomplete(false).endStatus().build()).always();
        Path log = temp.resolve("operator.log");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), "io.manybot.cli.ManybotCommand", "operator")
                .redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.putAll(Map.of("KUBERNETES_MASTER", client.getMasterUrl().toString(), "KUBERNETES_TRUST_CERTIFICATES", "true",
                "KUBERNETES_AUTH_TRYKUBECONFIG", "false", "KUBERNETES_AUTH_TRYSERVICEACCOUNT", "false", "KUBERNETES_NAMESPACE", "default",
                "MANYBOT_LEADER_ELECTION", "true", "MANYBOT_LEASE_NAME", "manybot-process", "MANYBOT_LEASE_NAMESPACE", "manybot",
                "MANYBOT_STATE_DIR", temp.resolve("state").toString()));
        env.putAll(Map.of("MANYBOT_HTTP_HOST", "127.0.0.1", "MANYBOT_HTTP_PORT", "0"));
        process = builder.start();

        // Started (informers synced, HTTP serving) and leading: a loaded machine may take a while.
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (!(read(log).contains("manybot operator: serving on 127.0.0.1:") && holder() != null) && System.nanoTime() < end) {
            assertTrue(process.isAlive(), () -> "the operator ended early: " + read(log));
            Thread.sleep(200);
        }
        assertTrue(read(log).contains("manybot operator: serving on 127.0.0.1:"), () -> "the operator did not start: " + read(log));
        assertNotNull(holder(), () -> "the operator took no Lease: " + read(log));

        process.destroy(); // SIGTERM
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), () -> "the operator did not exit after SIGTERM: " + read(log));
        assertTrue(read(log).contains("manybot operator: stopped"), () -> "exit " + process.exitValue() + ": " + read(log));
        assertNull(holder(), () -> "the Lease is released: " + read(log));
    }

    private static String holder() {
        Lease lease = client.leases().inNamespace("manybot").withName("manybot-process").get();
        return lease == null || lease.getSpec() == null ? null : lease.getSpec().getHolderIdentity();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
