package io.manybot.core.secret;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Replaces registered secret values, and anything shaped like a well-known credential
 * ({@link TokenShapes}, wherever it starts), with {@value #MASK} in any text before it is stored,
 * logged or printed. Thread-safe: registration and redaction may happen from any thread.
 *
 * <p>Values shorter than {@value #MIN_LENGTH} characters (after trimming) are not registered:
 * masking every occurrence of a short string would mangle ordinary text, and real API keys and tokens
 * are far longer.
 */
public final class SecretRedactor {
    public static final String MASK = "***";
    public static final int MIN_LENGTH = 6;

    /** Longest first, so a secret containing another is masked whole. Replaced, never mutated. */
    private volatile List<String> secrets = List.of();

    /** Registers {@code secret} (and its trimmed form); null, blank and too-short values are ignored. */
    public synchronized void register(String secret) {
        if (secret == null || (secrets.contains(secret) && secrets.contains(secret.trim()))) {
            return;
        }
        List<String> next = new ArrayList<>(secrets);
        for (String value : new String[] {secret, secret.trim()}) {
            if (value.trim().length() >= MIN_LENGTH && !next.contains(value)) {
                next.add(value);
            }
        }
        next.sort(Comparator.comparingInt(String::length).reversed());
        secrets = List.copyOf(next);
    }

    /**
     * {@code text} with every registered value and every credential shape replaced by {@value #MASK};
     * null stays null. Values first, so that a registered value shaped like a token is masked whole.
     */
    public String redact(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String result = text;
        for (String secret : secrets) {
            if (result.contains(secret)) {
                result = result.replace(secret, MASK);
            }
        }
        return TokenShapes.mask(result, MASK);
    }

    /** The registered values, longest first (for scanning text a bot wrote; never to be printed). */
    public List<String> values() {
        return secrets;
    }

    /** Whether {@code text} holds a registered value. */
    public boolean containsSecret(String text) {
        if (text == null || text.isEmpty()) {
            return false;
        }
        for (String secret : secrets) {
            if (text.contains(secret)) {
                return true;
            }
        }
        return false;
    }

    /** How many values are registered (never the values themselves). */
    public int size() {
        return secrets.size();
    }

    @Override
    public String toString() {
        return "SecretRedactor[" + secrets.size() + " secrets]";
    }
}
