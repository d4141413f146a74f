package io.manybot.core.llm;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.TokenUsage;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * TEST DOUBLE — not a language model. A {@link ChatModel} that plays a fixed script: each call to
 * {@link #doChat} takes the next scripted turn (a tool call, several tool calls, or a text answer),
 * which may look at the request (for example the last tool result) to decide what to send. langchain4j's
 * {@code AiServices} runs its real tool-calling loop against it: it executes the tools the script asks
 * for and sends their results back in the next request, which the script records.
 */
public final class ScriptedChatModel implements ChatModel {
    private final Deque<Function<ChatRequest, AiMessage>> turns = new ArrayDeque<>();
    private final List<ChatRequest> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger ids = new AtomicInteger();
    private Function<ChatRequest, AiMessage> forever;
    private TokenUsage usagePerCall = new TokenUsage(10, 5);

    /** Next turn: call one tool with arguments given as JSON. */
    public ScriptedChatModel callTool(String name, String argumentsJson) {
        turns.add(request -> AiMessage.from(toolCall(name, argumentsJson)));
        return this;
    }

    /** Next turn: decided from the request (e.g. from the last tool result). */
    public ScriptedChatModel then(Function<ChatRequest, AiMessage> turn) {
        turns.add(turn);
        return this;
    }

    /** Next turn: a text answer (a final answer in a tool loop, or a structured answer). */
    public ScriptedChatModel answer(String text) {
        turns.add(request -> AiMessage.from(text));
        return this;
    }

    /** Next turn: the "model" fails as a provider would (e.g. HTTP 401 with a message). */
    public ScriptedChatModel fail(RuntimeException error) {
        turns.add(request -> {
            throw error;
        });
        return this;
    }

    /** Once the script is played, repeat this turn forever. */
    public ScriptedChatModel forever(Function<ChatRequest, AiMessage> turn) {
        this.forever = turn;
        return this;
    }

    public ScriptedChatModel tokensPerCall(int input, int output) {
        this.usagePerCall = new TokenUsage(input, output);
        return this;
    }

    public ToolExecutionRequest toolCall(String name, String argumentsJson) {
        return ToolExecutionRequest.builder().id("call-" + ids.incrementAndGet()).name(name).arguments(argumentsJson).build();
    }

    @Override
    public ChatResponse doChat(ChatRequest request) {
        requests.add(request);
        Function<ChatRequest, AiMessage> turn = turns.poll();
        if (turn == null) {
            turn = forever;
        }
        if (turn == null) {
            throw new AssertionError("ScriptedChatModel: the script has no turn left for request " + requests.size());
        }
        return ChatResponse.builder().aiMessage(turn.apply(request)).tokenUsage(usagePerCall).build();
    }

    public List<ChatRequest> requests() {
        return List.copyOf(requests);
    }

    /** The tool results sent back to the model, in order, over all requests (each once). */
    List<ToolExecutionResultMessage> toolResults() {
        if (requests.isEmpty()) {
            return List.of();
        }
        // Each request carries the whole conversation so far; the last one holds every result but the
        // final ones are only in a request if the model was called after them.
        return requests.get(requests.size() - 1).messages().stream()
                .filter(m -> m instanceof ToolExecutionResultMessage)
                .map(m -> (ToolExecutionResultMessage) m)
                .toList();
    }

    /** The text of the last tool result in {@code request}. */
    public static String lastToolResult(ChatRequest request) {
        List<ChatMessage> messages = request.messages();
        for (int i = messages.size() - 1; i >= 0; i--) {
            if (messages.get(i) instanceof ToolExecutionResultMessage result) {
                return result.text();
            }
        }
        throw new AssertionError("no tool result in the request");
    }

    /** The text of the first user message in {@code request}. */
    public static String userText(ChatRequest request) {
        return request.messages().stream()
                .filter(m -> m instanceof UserMessage)
                .map(m -> ((UserMessage) m).singleText())
                .findFirst()
                .orElseThrow();
    }
}
