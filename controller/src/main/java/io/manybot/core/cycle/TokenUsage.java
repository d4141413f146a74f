package io.manybot.core.cycle;

/**
 * Tokens a model provider reported for a cycle (or one task of it).
 *
 * @param input prompt tokens, including cache reads and writes where the provider reports them
 * @param output completion tokens
 */
public record TokenUsage(long input, long output) {
    public static final TokenUsage NONE = new TokenUsage(0, 0);

    public TokenUsage {
        if (input < 0 || output < 0) {
            throw new IllegalArgumentException("token counts cannot be negative");
        }
    }

    public long total() {
        return input + output;
    }

    public TokenUsage plus(TokenUsage other) {
        return other == null ? this : new TokenUsage(input + other.input, output + other.output);
    }
}
