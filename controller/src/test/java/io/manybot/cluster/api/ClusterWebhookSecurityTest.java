package io.manybot.cluster.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.manybot.cluster.operator.OperatorFixtures;
import io.manybot.cluster.resource.ManybotSpec;
import io.manybot.core.event.WebhookVerifier;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cluster home's webhooks as an attacker would try them (issue 12), on a real Micronaut server
 * on loopback in front of an operator on the fabric8 mock API server (CRUD mode): a replay under a
 * new id or after a restart of the operator is a duplicate (the delivery log is a ConfigMap), payload
 * paths leaving the repository are refused and audited, headers and request lines over the limits
 * get 431 and 414 in the API's format.
 */
@EnableKubernetesMockClient(crud = true)
class ClusterWebhookSecurityTest {
    static final String SECRET = "cluster-security-webhook-secret-5e";
    static KubernetesClient client;
    static KubernetesMockServer server;

    @TempDir
    Path temp;

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private ClusterApiServer api;

    @AfterEach
    void stop() {
        if (api != null) {
            api.close();
        }
    }

    private void start(String namespace) {
        api = ClusterApiServer.start(client, namespace, OperatorFixtures.settings(temp, ManybotSpec.RunnerMode.IN_PROCESS),
                new ClusterApiSettings(List.of(), SECRET, null));
    }

    @Test
    void aReplayUnderANewIdOrAfterARestartIsADuplicateKeptInAConfigMap() throws Exception {
        start("replays");
        byte[] body = push("7c4a8d09ca3762af61e59520943dc26494f8941b", "docs/a.md");
        HttpResponse<String> first = webhook(body, "r-1");
        assertEquals(202, first.statusCode(), first.body());
        HttpResponse<String> newId = webhook(body, "r-2");
        assertEquals(200, newId.statusCode(), newId.body());
        assertTrue(json.readTree(newId.body()).path("message").asText().contains("same signed body"), newId.body());
        HttpResponse<String> noId = webhook(body, null);
        assertEquals(200, noId.statusCode(), noId.body());

        ConfigMap log = client.configMaps().inNamespace(client.getNamespace()).withName(ConfigMapDeliveries.NAME).get();
        assertNotNull(log, "the delivery log is a ConfigMap in the operator's namespace");
        assertTrue(log.getData().containsKey(ConfigMapDeliveries.storedKey("github:id:r-1")), log.getData().toString());

        // A new operator (a restart, or another replica taking the lead) reads the same ConfigMap.
        api.close();
        start("replays");
        assertEquals(200, webhook(body, "r-1").statusCode());
        assertEquals(200, webhook(body, "r-3").statusCode());
        byte[] other = push("8d5b9e1a0c3762af61e59520943dc26494f8941c", "docs/b.md");
        assertEquals(202, webhook(other, "r-4").statusCode());
    }

    @Test
    void payloadPathsLeavingTheRepositoryAreRefusedAndAudited() throws Exception {
        start("paths");
        byte[] body = push("9e6c0f2b1d3762af61e59520943dc26494f8941d", "docs/../../etc/shadow");
        HttpResponse<String> response = webhook(body, "p-1");
        assertEquals(202, response.statusCode(), response.body());
        JsonNode refused = json.readTree(response.body()).path("refusedPaths");
        assertEquals(1, refused.size(), response.body());
        assertTrue(refused.get(0).asText().contains("'..' is refused"), response.body());
        String audit = Files.readString(api.operator().settings().stateDirectory().resolve("audit.log"));
        assertTrue(audit.contains("\"refusedPaths\":\"'docs/../../etc/shadow'"), audit);
    }

    @Test
    void headersAndRequestLinesOverTheLimitsGet431And414InTheApisFormat() throws Exception {
        start("limits");
        String headers = raw("GET /api/v1/namespaces/limits/bots HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " + "h".repeat(20_000) + "\r\n\r\n");
        assertTrue(headers.matches("(?s)HTTP/1\\.[01] 431 .*"), headers);
        assertTrue(headers.contains("{\"error\":\"request headers too large"), headers);
        String line = raw("GET /api/v1/namespaces/limits/bots?x=" + "u".repeat(10_000) + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        assertTrue(line.matches("(?s)HTTP/1\\.[01] 414 .*"), line);
        assertTrue(line.contains("{\"error\":\"request line too long"), line);
        assertFalse(line.contains("_links"), line);
        String audit = Files.readString(api.operator().settings().stateDirectory().resolve("audit.log"));
        assertTrue(audit.contains("431 request headers too large") && audit.contains("414 request line too long"), audit);
    }

    /** A GitHub push to main of acme/widgets: one commit {@code id} modifying {@code path}. */
    private byte[] push(String id, String path) throws Exception {
        ObjectNode event;
        try (InputStream in = ClusterWebhookSecurityTest.class.getResourceAsStream("/webhooks/github-push.json")) {
            event = (ObjectNode) json.readTree(in);
        }
        event.remove("head_commit");
        ObjectNode commit = event.putArray("commits").addObject();
        commit.put("id", id).put("message", "change");
        commit.putArray("modified").add(path);
        return json.writeValueAsBytes(event);
    }

    private HttpResponse<String> webhook(byte[] body, String delivery) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(api.url() + "/webhooks/github"))
                .header("X-GitHub-Event", "push").header("Content-Type", "application/json")
                .header("X-Hub-Signature-256", WebhookVerifier.sign(SECRET, body)).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (delivery != null) {
            request.header("X-GitHub-Delivery", delivery);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Sends {@code request} as it is (the JDK client refuses such requests) and reads the answer until the server closes or it is complete. */
    private String raw(String request) throws Exception {
        int port = URI.create(api.url()).getPort();
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder text = new StringBuilder();
            byte[] buffer = new byte[8192];
            int read;
            while ((read = in.read(buffer)) >= 0) {
                text.append(new String(buffer, 0, read, StandardCharsets.ISO_8859_1));
                int blank = text.indexOf("\r\n\r\n");
                if (blank >= 0) {
                    java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?i)content-length:\\s*(\\d+)").matcher(text.substring(0, blank));
                    if (m.find() && text.length() >= blank + 4 + Integer.parseInt(m.group(1))) {
                        break;
                    }
                }
            }
            return text.toString();
        }
    }
}
