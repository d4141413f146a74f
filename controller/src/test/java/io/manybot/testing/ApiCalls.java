package io.manybot.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * A test's calls to the local home's HTTP API on loopback, keeping every response body, so that a
 * test can check at the end that no secret was in any of them.
 */
public final class ApiCalls {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<String> responses = Collections.synchronizedList(new ArrayList<>());
    private final String base;

    /** @param base {@code http://127.0.0.1:PORT} */
    public ApiCalls(String base) {
        this.base = base;
    }

    public String base() {
        return base;
    }

    public HttpClient client() {
        return http;
    }

    public HttpResponse<String> get(String path) throws Exception {
        return kept(http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString()));
    }

    public HttpResponse<String> post(String path, byte[] body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        return kept(http.send(request.build(), HttpResponse.BodyHandlers.ofString()));
    }

    private HttpResponse<String> kept(HttpResponse<String> response) {
        responses.add(response.body());
        return response;
    }

    /** Keeps text received some other way (an event stream), for {@link #everything}. */
    public void keep(String text) {
        responses.add(text);
    }

    public JsonNode json(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body());
    }

    /** {@code GET /api/v1/bots/BOT/cycles}, newest first. */
    public List<JsonNode> cycles(String bot) throws Exception {
        List<JsonNode> list = new ArrayList<>();
        json(get("/api/v1/bots/" + bot + "/cycles")).forEach(list::add);
        return list;
    }

    /** The bot's cycles that have an outcome. */
    public List<JsonNode> doneCycles(String bot) throws Exception {
        return cycles(bot).stream().filter(cycle -> !cycle.path("outcome").isNull() && !cycle.path("outcome").isMissingNode()).toList();
    }

    /** Control requests the controller has not taken yet ({@code manybot_queue_depth} of {@code /metrics}). */
    public double queueDepth() throws Exception {
        return get("/metrics").body().lines().filter(line -> line.startsWith("manybot_queue_depth ")).findFirst()
                .map(line -> Double.parseDouble(line.substring("manybot_queue_depth ".length()).strip())).orElseThrow();
    }

    /** Every response body (and kept text) so far, one after another. */
    public String everything() {
        synchronized (responses) {
            return String.join("\n", responses);
        }
    }
}
