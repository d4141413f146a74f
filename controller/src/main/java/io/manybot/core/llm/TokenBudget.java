package io.manybot.core.llm;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The tokens one work cycle has spent, shared by its planner, every task's agent run and its
 * reflector, so that {@code limits.tokensPerCycle} caps the cycle and not each call. One budget per
 * cycle: {@link LlmAgents} makes a fresh one with every set of agents, and homes build agents per cycle.
 */
public final class TokenBudget {
    private final AtomicLong used = new AtomicLong();

    /** Adds what one model answer cost. */
    void spend(long tokens) {
        used.addAndGet(tokens);
    }

    /** Tokens spent so far in this cycle, as the provider reported them. */
    public long used() {
        return used.get();
    }
}
