package io.manybot.core.llm;

import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.Capability;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.TokenUsage;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Wraps the real model for one agent run: counts calls, tool-calling round trips and tokens (its own, and the cycle's in a
 * {@link TokenBudget}), and stops
 * the run (by throwing {@link AgentStopped}) at the round-trip limit, the cycle's token limit, the deadline or an
 * interrupt. Also keeps the last answer's text, so a caller can tell a parse failure from a model failure.
 */
final class MeteredChatModel implements ChatModel {
    private final ChatModel delegate;
    private final int maxRoundTrips;
    private final TokenBudget budget;
    private final Long tokenLimit;
    private final Instant deadline;
    private final AtomicInteger calls = new AtomicInteger();
    private final AtomicInteger roundTrips = new AtomicInteger();
    private final AtomicLong tokens = new AtomicLong();
    private volatile String lastText;

    /**
     * @param maxRoundTrips answers asking for tools beyond this many stop the run (0 or less: no limit)
     * @param budget the cycle's tokens, which this run adds to
     * @param tokenLimit the cycle's limit on {@code budget}; null for no limit
     * @param deadline null for none
     */
    MeteredChatModel(ChatModel delegate, int maxRoundTrips, TokenBudget budget, Long tokenLimit, Instant deadline) {
        this.delegate = delegate;
        this.maxRoundTrips = maxRoundTrips;
        this.budget = budget;
        this.tokenLimit = tokenLimit;
        this.deadline = deadline;
    }

    @Override
    public ChatResponse doChat(ChatRequest request) {
        if (Thread.currentThread().isInterrupted()) {
            throw new AgentStopped(AgentStopped.Reason.INTERRUPTED, "interrupted");
        }
        if (deadline != null && Instant.now().isAfter(deadline)) {
            throw new AgentStopped(AgentStopped.Reason.TIMEOUT, "out of time");
        }
        if (tokenLimit != null && budget.used() >= tokenLimit) {
            throw new AgentStopped(AgentStopped.Reason.TOKENS,
                    "the cycle's token budget is spent: " + budget.used() + " tokens used, the limit is " + tokenLimit);
        }
        calls.incrementAndGet();
        ChatResponse response = delegate.chat(request);
        TokenUsage usage = response.tokenUsage();
        if (usage != null) {
            Integer total = usage.totalTokenCount();
            if (total == null) {
                total = (usage.inputTokenCount() == null ? 0 : usage.inputTokenCount())
                        + (usage.outputTokenCount() == null ? 0 : usage.outputTokenCount());
            }
            tokens.addAndGet(total);
            budget.spend(total);
        }
        lastText = response.aiMessage() == null ? null : response.aiMessage().text();
        boolean wantsTools = response.aiMessage() != null && response.aiMessage().hasToolExecutionRequests();
        if (wantsTools) {
            // A final answer that crosses the token limit is kept (nothing more will be spent); more work is not.
            if (tokenLimit != null && budget.used() > tokenLimit) {
                throw new AgentStopped(AgentStopped.Reason.TOKENS,
                        "token limit reached: " + budget.used() + " tokens used in this cycle, the limit is " + tokenLimit);
            }
            if (maxRoundTrips > 0 && roundTrips.incrementAndGet() > maxRoundTrips) {
                throw new AgentStopped(AgentStopped.Reason.ITERATIONS,
                        "tool iteration limit reached: the model still asked for tools after " + maxRoundTrips + " rounds");
            }
        }
        return response;
    }

    @Override
    public ChatRequestParameters defaultRequestParameters() {
        return delegate.defaultRequestParameters();
    }

    @Override
    public Set<Capability> supportedCapabilities() {
        return delegate.supportedCapabilities();
    }

    @Override
    public ModelProvider provider() {
        return delegate.provider();
    }

    int calls() {
        return calls.get();
    }

    int roundTrips() {
        return Math.min(roundTrips.get(), maxRoundTrips > 0 ? maxRoundTrips : Integer.MAX_VALUE);
    }

    long tokens() {
        return tokens.get();
    }

    String lastText() {
        return lastText;
    }
}
