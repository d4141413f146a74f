package io.manybot.local.state;

/** The state database could not be read or written (corrupt, locked for longer than the busy timeout, disk full). */
public final class StateException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StateException(String message, Throwable cause) {
        super(message, cause);
    }
}
