package io.manybot.core.llm;

/** The language model could not be reached or failed; the message is redacted. */
public final class ModelException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ModelException(String redactedMessage) {
        super(redactedMessage);
    }
}
