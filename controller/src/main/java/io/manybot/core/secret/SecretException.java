package io.manybot.core.secret;

/** A secret could not be found or read. The message names where it was looked for, never a value. */
public final class SecretException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SecretException(String message) {
        super(message);
    }
}
