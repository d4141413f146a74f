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
import java.util.concurrent.atomic.AtomicInteger;

/**
 * TEST DOUBLE of the OpenAI Responses API on loopback (no model runs here): answers {@code POST /v1/responses} with
 * Server-Sent Events as the real API streams them and as Codex reads them ({@code response.created},
 * {@code response.output_item.done} with the item, {@code response.completed} with the usage). Requests offering tools
 * get the scripted turns in order (the turn is the number of {@code function_call_output} items already in the
 * conversation): a function call (Codex's shell tool {@code exec_command} with {@code cmd}, or any tool the client
 * offered, e.g. OpenCode's {@code apply_patch}) or a final assistant message, each streamed as
 * {@code output_item.added}, its delta and {@code output_item.done}.
 * Other requests get a short text. Every request body and bearer key is kept for assertions. Each answer reports
 * {@link #INPUT_TOKENS} input and {@link #OUTPUT_TOKENS} output tokens.
 */
public final class ScriptedOpenAiServer implements AutoCloseable {
    public static final int INPUT_TOKENS = 100;
    public static final int OUTPUT_TOKENS = 20;
    /** Codex's shell tool (unified exec) in {@code @openai/codex} 0.171.0. */
    public static final String SHELL_TOOL = "exec_command";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One scripted answer: a function call (the tool's name and its arguments as JSON) or a final text. */
    public record Turn(String tool, String arguments, String text) {
        /** A call of Codex's shell tool. */
        public static Turn shell(String command) {
            return new Turn(SHELL_TOOL, JSON.createObjectNode().put("cmd", command).toString(), null);
        }

        /** Codex's {@code apply_patch} through the shell tool (a heredoc); Codex applies it itself and reports a file change. */
        public static Turn applyPatch(String patch) {
            return shell("apply_patch <<'EOF'\n*** Begin Patch\n" + patch + "*** End Patch\nEOF\n");
        }

        /** A call of any tool the client offered (e.g. OpenCode's {@code apply_patch} with {@code patchText}). */
        public static Turn call(String tool, String argumentsJson) {
            return new Turn(tool, argumentsJson, null);
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
    private final AtomicInteger answers = new AtomicInteger();

    public ScriptedOpenAiServer(List<Turn> script) throws IOException {
        this.script = List.copyOf(script);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
    }

    /** The base URL with {@code /v1}, as OpenAI clients take it. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    /** From now on, answer every request with this HTTP status and an OpenAI error body (429 with {@code retry-after: 1}). */
    public void failWith(int status) {
        this.failWith = status;
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
            if (!exchange.getRequestMethod().equals("POST") || !exchange.getRequestURI().getPath().equals("/v1/responses")) {
                send(exchange, 404, "application/json", "{\"error\":{\"type\":\"invalid_request_error\",\"message\":\"not here\"}}");
                return;
            }
            requests.add(body);
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            apiKeys.add(authorization != null && authorization.startsWith("Bearer ") ? authorization.substring(7) : "");
            if (failWith != 0) {
                String type = failWith == 401 ? "invalid_request_error" : failWith == 429 ? "rate_limit_exceeded" : "server_error";
                if (failWith == 429) {
                    exchange.getResponseHeaders().add("retry-after", "1");
                }
                send(exchange, failWith, "application/json", "{\"error\":{\"message\":\"scripted " + failWith + "\",\"type\":\""
                        + type + "\",\"code\":" + (failWith == 401 ? "\"invalid_api_key\"" : "null") + "}}");
                return;
            }
            JsonNode request = JSON.readTree(body);
            Turn turn;
            if (!request.path("tools").isArray() || request.path("tools").isEmpty()) {
                turn = Turn.text("ok");
            } else {
                int answered = 0;
                for (JsonNode item : request.path("input")) {
                    if (item.path("type").asText().equals("function_call_output")) {
                        answered++;
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
            send(exchange, 200, "text/event-stream", events(turn, answers.incrementAndGet(), request.path("model").asText("gpt-test")));
        }
    }

    private String events(Turn turn, int number, String model) {
        String id = "resp_scripted_" + number;
        StringBuilder sse = new StringBuilder();
        ObjectNode created = JSON.createObjectNode().put("type", "response.created");
        created.putObject("response").put("id", id).put("object", "response").put("status", "in_progress").put("model", model)
                .put("created_at", 1);
        event(sse, "response.created", created);
        ObjectNode item = JSON.createObjectNode();
        ObjectNode added = JSON.createObjectNode().put("type", "response.output_item.added").put("output_index", 0);
        ObjectNode delta = JSON.createObjectNode().put("output_index", 0);
        if (turn.tool() != null) {
            item.put("type", "function_call").put("id", "fc_" + number).put("call_id", "call_" + number).put("name", turn.tool());
            added.set("item", item.deepCopy().put("arguments", "").put("status", "in_progress"));
            delta.put("type", "response.function_call_arguments.delta").put("item_id", "fc_" + number).put("delta", turn.arguments());
            item.put("arguments", turn.arguments()).put("status", "completed");
        } else {
            item.put("type", "message").put("id", "msg_" + number).put("role", "assistant");
            added.set("item", item.deepCopy().put("status", "in_progress").set("content", JSON.createArrayNode()));
            delta.put("type", "response.output_text.delta").put("item_id", "msg_" + number).put("content_index", 0).put("delta", turn.text());
            item.put("status", "completed");
            item.putArray("content").addObject().put("type", "output_text").put("text", turn.text()).putArray("annotations");
        }
        event(sse, "response.output_item.added", added);
        event(sse, delta.path("type").asText(), delta);
        ObjectNode done = JSON.createObjectNode().put("type", "response.output_item.done").put("output_index", 0);
        done.set("item", item);
        event(sse, "response.output_item.done", done);
        ObjectNode completed = JSON.createObjectNode().put("type", "response.completed");
        ObjectNode response = completed.putObject("response").put("id", id).put("object", "response").put("status", "completed")
                .put("model", model);
        ObjectNode usage = response.putObject("usage").put("input_tokens", inputTokens).put("output_tokens", OUTPUT_TOKENS)
                .put("total_tokens", inputTokens + OUTPUT_TOKENS);
        usage.putObject("input_tokens_details").put("cached_tokens", 0);
        usage.putObject("output_tokens_details").put("reasoning_tokens", 0);
        event(sse, "response.completed", completed);
        return sse.toString();
    }

    private static void event(StringBuilder sse, String name, JsonNode data) {
        sse.append("event: ").append(name).append('\n').append("data: ").append(data).append("\n\n");
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.getResponseHeaders().add("x-request-id", "req_scripted");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
        ((ExecutorService) server.getExecutor()).shutdownNow();
    }
}
