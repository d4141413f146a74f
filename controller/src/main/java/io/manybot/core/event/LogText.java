package io.manybot.core.event;

import io.manybot.core.secret.SecretRedactor;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Makes text that came from a webhook (branch names, titles, paths, parser messages) fit for a log
 * line: one line, bounded length, and with anything shaped like a well-known credential masked.
 * {@link SecretRedactor} masks the secrets this process knows (registered values); webhook payloads
 * carry other people's secrets too — a token pasted into a commit message or a title — which only
 * their shape gives away, so both are applied.
 */
public final class LogText {
    /**
     * Token shapes of the common hosts and providers, each with literals one of which any match
     * contains (a cheap test before the regular expression runs); each match is replaced whole.
     */
    private record Shape(Pattern pattern, String... hints) {}

    private static final List<Shape> TOKENS = List.of(
            new Shape(Pattern.compile("\\bgh[pousr]_[A-Za-z0-9]{20,}"), "gh"),                   // GitHub tokens
            new Shape(Pattern.compile("\\bgithub_pat_[A-Za-z0-9_]{20,}"), "github_pat_"),         // GitHub fine-grained tokens
            new Shape(Pattern.compile("\\bgl[a-z]{2,5}-[A-Za-z0-9_-]{20,}"), "gl"),               // GitLab (glpat-, gldt-, …)
            new Shape(Pattern.compile("\\b(?:AKIA|ASIA)[0-9A-Z]{16}\\b"), "AKIA", "ASIA"),         // AWS access key ids
            new Shape(Pattern.compile("\\bxox[abposr]-[A-Za-z0-9-]{10,}"), "xox"),                 // Slack
            new Shape(Pattern.compile("\\bsk-[A-Za-z0-9_-]{20,}"), "sk-"),                         // OpenAI, Anthropic
            new Shape(Pattern.compile("\\bAIza[0-9A-Za-z_-]{35}"), "AIza"),                        // Google API keys
            new Shape(Pattern.compile("\\beyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,}"), "eyJ"), // JWTs
            new Shape(Pattern.compile("-----BEGIN [A-Z ]*PRIVATE KEY-----"), "-----BEGIN"));
    /** The password of {@code scheme://user:password@}. */
    private static final Pattern USER_INFO = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*://[^/@:\\s]*):[^/@\\s]*@");

    private LogText() {}

    /** {@code text} with credential-shaped substrings replaced by {@value SecretRedactor#MASK}; null stays null. */
    public static String mask(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String result = text;
        for (Shape shape : TOKENS) {
            if (containsAny(result, shape.hints())) {
                Matcher m = shape.pattern().matcher(result);
                if (m.find()) {
                    result = m.replaceAll(SecretRedactor.MASK);
                }
            }
        }
        if (result.contains("://")) {
            Matcher m = USER_INFO.matcher(result);
            if (m.find()) {
                result = m.replaceAll("$1:" + SecretRedactor.MASK + "@");
            }
        }
        return result;
    }

    private static boolean containsAny(String text, String[] hints) {
        for (String hint : hints) {
            if (text.contains(hint)) {
                return true;
            }
        }
        return false;
    }

    /** {@link #mask masked}, then the registered secrets of {@code redactor} (when given) masked too. */
    public static String redact(String text, SecretRedactor redactor) {
        String masked = mask(text);
        return redactor == null ? masked : redactor.redact(masked);
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
