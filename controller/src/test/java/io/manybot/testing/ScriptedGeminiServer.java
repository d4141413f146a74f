package io.manybot.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * TEST DOUBLE of the Gemini API ({@code generativelanguage}, v1beta) on loopback (no model runs here): answers
 * {@code POST /v1beta/models/<model>:streamGenerateContent?alt=sse} with one Server-Sent Event holding a
 * {@code GenerateContentResponse} (as the real API streams it), {@code :generateContent} with the same as JSON and
 * {@code :countTokens} with a count. Requests offering tools get the scripted turns in order (the turn is the number
 * of {@code functionResponse} parts already in the conversation): a {@code functionCall} or a final text. Every request
 * body and {@code x-goog-api-key} is kept for assertions. Each answer reports {@link #INPUT_TOKENS} prompt and
 * {@link #OUTPUT_TOKENS} candidate tokens.
 */
public final class ScriptedGeminiServer implements AutoCloseable {
    public static final int INPUT_TOKENS = 110;
    public static final int OUTPUT_TOKENS = 25;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One scripted answer: a function call (name and arguments as JSON) or a final text. */
    public record Turn(String function, String arguments, String text) {
        public static Turn call(String function, String argumentsJson) {
            return new Turn(function, argumentsJson, null);
        }

        public static Turn text(String text) {
            return new Turn(null, null, text);
        }
    }

    private final HttpServer server;
    private final List<Turn> script;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final List<String> apiKeys = new CopyOnWriteArrayList<>();

    public ScriptedGeminiServer(List<Turn> script) throws IOException {
        this.script = List.copyOf(script);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
    }

    /** The base URL (without the API version), as {@code GOOGLE_GEMINI_BASE_URL} takes it. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public List<String> requests() {
        return List.copyOf(requests);
    }

    public List<String> apiKeys() {
        return List.copyOf(apiKeys);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String path = exchange.getRequestURI().getPath();
            if (!exchange.getRequestMethod().equals("POST") || !path.startsWith("/v1beta/models/")) {
                send(exchange, 404, "application/json", "{\"error\":{\"code\":404,\"message\":\"not here\",\"status\":\"NOT_FOUND\"}}");
                return;
            }
            requests.add(body);
            String key = exchange.getRequestHeaders().getFirst("x-goog-api-key");
            apiKeys.add(key == null ? "" : key);
            if (path.endsWith(":countTokens")) {
                send(exchange, 200, "application/json", "{\"totalTokens\":" + INPUT_TOKENS + "}");
                return;
            }
            JsonNode request = JSON.readTree(body);
            Turn turn;
            if (!request.path("tools").isArray() || request.path("tools").isEmpty()) {
                turn = Turn.text("ok");
            } else {
                int answered = 0;
                for (JsonNode content : request.path("contents")) {
                    for (JsonNode part : content.path("parts")) {
                        if (part.has("functionResponse")) {
                            answered++;
                        }
                    }
                }
                turn = answered < script.size() ? script.get(answered) : Turn.text("Done.");
            }
            String model = path.substring("/v1beta/models/".length()).replaceAll(":.*", "");
            ObjectNode answer = answer(turn, model);
            if ("alt=sse".equals(exchange.getRequestURI().getQuery())) {
                send(exchange, 200, "text/event-stream", "data: " + answer + "\r\n\r\n");
            } else {
                send(exchange, 200, "application/json", answer.toString());
            }
        }
    }

    private static ObjectNode answer(Turn turn, String model) throws IOException {
        ObjectNode response = JSON.createObjectNode();
        ObjectNode candidate = response.putArray("candidates").addObject();
        ObjectNode part = candidate.putObject("content").put("role", "model").putArray("parts").addObject();
        if (turn.function() != null) {
            part.putObject("functionCall").put("name", turn.function()).set("args", JSON.readTree(turn.arguments()));
        } else {
            part.put("text", turn.text());
        }
        candidate.put("finishReason", "STOP").put("index", 0);
        response.putObject("usageMetadata").put("promptTokenCount", INPUT_TOKENS).put("candidatesTokenCount", OUTPUT_TOKENS)
                .put("totalTokenCount", INPUT_TOKENS + OUTPUT_TOKENS);
        response.put("modelVersion", model);
        return response;
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        ((ExecutorService) server.getExecutor()).shutdownNow();
    }
}
