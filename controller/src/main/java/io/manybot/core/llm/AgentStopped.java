package io.manybot.core.llm;

/** An agent run stopped by a limit, the deadline or an interrupt (not by a model failure). */
final class AgentStopped extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final Reason reason;

    enum Reason { ITERATIONS, TOKENS, TIMEOUT, INTERRUPTED }

    AgentStopped(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    Reason reason() {
        return reason;
    }

    /** The AgentStopped in {@code error}'s cause chain, or null. */
    static AgentStopped find(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof AgentStopped stopped) {
                return stopped;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }
}
