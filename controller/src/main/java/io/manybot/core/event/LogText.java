package io.manybot.core.event;

import io.manybot.core.secret.SecretRedactor;
import io.manybot.core.secret.TokenShapes;

/**
 * Makes text that came from a webhook (branch names, titles, paths, parser messages) fit for a log
 * line: one line, bounded length, and with anything shaped like a well-known credential masked.
 * {@link SecretRedactor} masks the secrets this process knows (registered values); webhook payloads
 * carry other people's secrets too — a token pasted into a commit message or a title — which only
 * their shape gives away, so both are applied.
 */
public final class LogText {
    private LogText() {}

    /** {@code text} with credential-shaped substrings (see {@link TokenShapes}) replaced by {@value SecretRedactor#MASK}; null stays null. */
    public static String mask(String text) {
        return TokenShapes.mask(text, SecretRedactor.MASK);
    }

    /** The registered secrets of {@code redactor} (when given) masked, then credential shapes ({@link #mask}). */
    public static String redact(String text, SecretRedactor redactor) {
        return redactor == null ? mask(text) : redactor.redact(text);
    }

    /**
     * One line of at most {@code max} characters (control characters become spaces, runs of
     * whitespace one space, a cut ends with "…"), masked as by {@link #mask}.
     */
    public static String line(String text, int max) {
        if (text == null) {
            return null;
        }
        StringBuilder out = new StringBuilder(Math.min(text.length(), max + 1));
        boolean space = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c) || Character.isISOControl(c)) {
                space = out.length() > 0;
                continue;
            }
            if (space) {
                out.append(' ');
                space = false;
            }
            out.append(c);
        }
        String masked = mask(out.toString());
        return masked.length() <= max ? masked : masked.substring(0, Math.max(0, max - 1)) + "…";
    }
}
