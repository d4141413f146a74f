package io.manybot.local.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.manybot.local.LocalController;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who may read the local home's HTTP API: on a loopback address anyone on the machine; on any other
 * address (here 0.0.0.0, reached through 127.0.0.1) only a client presenting a configured key, and
 * without configured keys nobody. The real Micronaut server, a real HTTP client.
 */
class ApiReadAccessTest {
    static final String KEY = "read-access-key-0123456789abcdef";

    @TempDir
    Path temp;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void readsOnANonLoopbackAddressNeedAKey() throws Exception {
        Path keys = Files.writeString(temp.resolve("keys"), KEY + "\n");
        try (ApiServer server = ApiServer.start(ApiSettings.of("0.0.0.0:0", keys, null, Map.of()), view())) {
            HttpResponse<String> anonymous = get(server, "/api/v1/bots", null);
            assertEquals(401, anonymous.statusCode(), anonymous.body());
            assertTrue(anonymous.body().contains("missing X-API-Key header"), anonymous.body());
            assertEquals(401, get(server, "/api/v1/goals", "not-the-key").statusCode());
            HttpResponse<String> keyed = get(server, "/api/v1/bots", KEY);
            assertEquals(200, keyed.statusCode(), keyed.body());
        }
    }

    @Test
    void withoutConfiguredKeysNobodyReadsOffLoopback() throws Exception {
        try (ApiServer server = ApiServer.start(ApiSettings.of("0.0.0.0:0", null, null, Map.of()), view())) {
            HttpResponse<String> anonymous = get(server, "/api/v1/bots", null);
            assertEquals(401, anonymous.statusCode(), anonymous.body());
            assertTrue(anonymous.body().contains("reads off loopback need one"), anonymous.body());
        }
    }

    @Test
    void onLoopbackReadsAreOpen() throws Exception {
        Path keys = Files.writeString(temp.resolve("keys"), KEY + "\n");
        try (ApiServer server = ApiServer.start(ApiSettings.of("127.0.0.1:0", keys, null, Map.of()), view())) {
            HttpResponse<String> anonymous = get(server, "/api/v1/bots", null);
            assertEquals(200, anonymous.statusCode(), anonymous.body());
        }
    }

    private RepositoryView view() {
        return new LocalController(new LocalController.Options(temp.resolve("repo"), temp.resolve("state"), null, 1, ".manybot"),
                new PrintWriter(new StringWriter(), true), Clock.systemUTC()).view();
    }

    private HttpResponse<String> get(ApiServer server, String path, String key) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path));
        if (key != null) {
            request.header("X-API-Key", key);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
