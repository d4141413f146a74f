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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * TEST DOUBLE of the Anthropic Messages API on loopback (no model runs here): answers {@code POST /v1/messages}
 * with Server-Sent Events as the real API streams them (message_start, content_block_start/delta/stop,
 * message_delta with usage, message_stop). Requests offering tools get the scripted turns in order (the turn is the
 * number of tool results already in the conversation); a turn's tool input may name {@code ${cwd}}, replaced
 * by the working directory the CLI announced in its prompt. Other requests (a CLI's side questions) get a short text.
 * Every request is kept for assertions. Each answer reports {@link #INPUT_TOKENS} input and {@link #OUTPUT_TOKENS}
 * output tokens.
 */
public final class ScriptedAnthropicServer implements AutoCloseable {
    public static final int INPUT_TOKENS = 120;
    public static final int OUTPUT_TOKENS = 30;
    private static final Pattern CWD = Pattern.compile("Primary working directory: ([^\\s\\\\\"]+)");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One scripted answer: a tool call (name and input JSON) or a final text. */
    public record Turn(String tool, String input, String text) {
        public static Turn tool(String name, String inputJson) {
            return new Turn(name, inputJson, null);
        }

        /** A turn never answered: the request is held open until the server closes (only a kill ends the CLI's run). */
        public static Turn hang() {
            return new Turn(null, null, null);
        }

        boolean hangs() {
            return tool == null && text == null;
        }

        public static Turn text(String text) {
            return new Turn(null, null, text);
        }
    }

    private final HttpServer server;
    private final List<Turn> script;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final List<String> apiKeys = new CopyOnWriteArrayList<>();
    private final java.util.concurrent.CountDownLatch closing = new java.util.concurrent.CountDownLatch(1);
    private volatile int inputTokens = INPUT_TOKENS;
    private volatile int failWith;
    private volatile String plainAnswer = "ok";

    public ScriptedAnthropicServer(List<Turn> script) throws IOException {
        this.script = List.copyOf(script);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** From now on, answer every request with this HTTP status and an Anthropic error body. */
    public void failWith(int status) {
        this.failWith = status;
    }

    /** From now on, answer requests that offer no tools with this text (default "ok"), e.g. the JSON a caller asked for. */
    public void answerWithoutTools(String text) {
        this.plainAnswer = text;
    }

    /** From now on, report this many input tokens in each answer (default {@link #INPUT_TOKENS}). */
    public void reportInputTokens(int tokens) {
        this.inputTokens = tokens;
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
            if (!exchange.getRequestMethod().equals("POST") || !exchange.getRequestURI().getPath().equals("/v1/messages")) {
                send(exchange, 404, "application/json", "{\"type\":\"error\",\"error\":{\"type\":\"not_found_error\",\"message\":\"not here\"}}");
                return;
            }
            requests.add(body);
            String key = exchange.getRequestHeaders().getFirst("x-api-key");
            apiKeys.add(key == null ? "" : key);
            if (failWith != 0) {
                String type = failWith == 401 ? "authentication_error" : failWith == 429 ? "rate_limit_error" : "api_error";
                if (failWith == 429) {
                    exchange.getResponseHeaders().add("retry-after", "1");
                }
                send(exchange, failWith, "application/json",
                        "{\"type\":\"error\",\"error\":{\"type\":\"" + type + "\",\"message\":\"scripted " + failWith + "\"}}");
                return;
            }
            JsonNode request = JSON.readTree(body);
            Turn turn;
            if (!request.path("tools").isArray() || request.path("tools").isEmpty()) {
                turn = Turn.text(plainAnswer);
            } else {
                int answered = 0;
                for (JsonNode message : request.path("messages")) {
                    for (JsonNode block : message.path("content")) {
                        if (block.path("type").asText().equals("tool_result")) {
                            answered++;
                        }
                    }
                }
                turn = answered < script.size() ? script.get(answered) : Turn.text("Done.");
            }
            if (turn.hangs()) {
                try {
                    closing.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return;
            }
            Matcher cwd = CWD.matcher(body);
            String directory = cwd.find() ? cwd.group(1) : "";
            String model = request.path("model").asText("claude-test");
            if (request.path("stream").asBoolean(false)) {
                send(exchange, 200, "text/event-stream", events(turn, directory, model));
            } else {
                send(exchange, 200, "application/json", message(turn, directory, model).toString());
            }
        }
    }

    private String events(Turn turn, String cwd, String model) throws IOException {
        StringBuilder sse = new StringBuilder();
        ObjectNode start = JSON.createObjectNode().put("type", "message_start");
        ObjectNode message = start.putObject("message");
        message.put("id", "msg_scripted").put("type", "message").put("role", "assistant").put("model", model);
        message.putArray("content");
        message.putNull("stop_reason");
        message.putObject("usage").put("input_tokens", inputTokens).put("output_tokens", 1);
        event(sse, "message_start", start);
        ObjectNode blockStart = JSON.createObjectNode().put("type", "content_block_start").put("index", 0);
        ObjectNode delta = JSON.createObjectNode().put("type", "content_block_delta").put("index", 0);
        if (turn.tool() != null) {
            blockStart.putObject("content_block").put("type", "tool_use").put("id", "toolu_" + Integer.toHexString(turn.hashCode()))
                    .put("name", turn.tool()).putObject("input");
            delta.putObject("delta").put("type", "input_json_delta").put("partial_json", turn.input().replace("${cwd}", cwd));
        } else {
            blockStart.putObject("content_block").put("type", "text").put("text", "");
            delta.putObject("delta").put("type", "text_delta").put("text", turn.text());
        }
        event(sse, "content_block_start", blockStart);
        event(sse, "content_block_delta", delta);
        event(sse, "content_block_stop", JSON.createObjectNode().put("type", "content_block_stop").put("index", 0));
        ObjectNode end = JSON.createObjectNode().put("type", "message_delta");
        end.putObject("delta").put("stop_reason", turn.tool() != null ? "tool_use" : "end_turn").putNull("stop_sequence");
        end.putObject("usage").put("output_tokens", OUTPUT_TOKENS);
        event(sse, "message_delta", end);
        event(sse, "message_stop", JSON.createObjectNode().put("type", "message_stop"));
        return sse.toString();
    }

    private ObjectNode message(Turn turn, String cwd, String model) throws IOException {
        ObjectNode message = JSON.createObjectNode();
        message.put("id", "msg_scripted").put("type", "message").put("role", "assistant").put("model", model);
        ObjectNode block = message.putArray("content").addObject();
        if (turn.tool() != null) {
            block.put("type", "tool_use").put("id", "toolu_1").put("name", turn.tool())
                    .set("input", JSON.readTree(turn.input().replace("${cwd}", cwd)));
        } else {
            block.put("type", "text").put("text", turn.text());
        }
        message.put("stop_reason", turn.tool() != null ? "tool_use" : "end_turn");
        message.putObject("usage").put("input_tokens", inputTokens).put("output_tokens", OUTPUT_TOKENS);
        return message;
    }

    private static void event(StringBuilder sse, String name, JsonNode data) {
        sse.append("event: ").append(name).append('\n').append("data: ").append(data).append("\n\n");
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.getResponseHeaders().add("request-id", "req_scripted");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }

    public static List<Turn> turns(Turn... turns) {
        return new ArrayList<>(List.of(turns));
    }
}
