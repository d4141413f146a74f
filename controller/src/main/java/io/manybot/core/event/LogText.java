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
    /** Token shapes of the common hosts and providers; each match is replaced whole. */
    private static final List<Pattern> TOKENS = List.of(
            Pattern.compile("\\bgh[pousr]_[A-Za-z0-9]{20,}"),                  // GitHub tokens
            Pattern.compile("\\bgithub_pat_[A-Za-z0-9_]{20,}"),                // GitHub fine-grained tokens
            Pattern.compile("\\bgl[a-z]{2,5}-[A-Za-z0-9_-]{20,}"),            // GitLab tokens (glpat-, gldt-, glrt-, …)
            Pattern.compile("\\b(?:AKIA|ASIA)[0-9A-Z]{16}\\b"),               // AWS access key ids
            Pattern.compile("\\bxox[abposr]-[A-Za-z0-9-]{10,}"),              // Slack
            Pattern.compile("\\bsk-[A-Za-z0-9_-]{20,}"),                      // OpenAI, Anthropic
            Pattern.compile("\\bAIza[0-9A-Za-z_-]{35}"),                      // Google API keys
            Pattern.compile("\\beyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,}"), // JWTs
            Pattern.compile("-----BEGIN [A-Z ]*PRIVATE KEY-----"));
    /** The password of {@code scheme://user:password@}. */
    private static final Pattern USER_INFO = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*://[^/@:\\s]*):[^/@\\s]*@");

    private LogText() {}

    /** {@code text} with credential-shaped substrings replaced by {@value SecretRedactor#MASK}; null stays null. */
    public static String mask(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String result = text;
        for (Pattern token : TOKENS) {
            Matcher m = token.matcher(result);
            if (m.find()) {
                result = m.replaceAll(SecretRedactor.MASK);
            }
        }
        Matcher m = USER_INFO.matcher(result);
        if (m.find()) {
            result = m.replaceAll("$1:" + SecretRedactor.MASK + "@");
        }
        return result;
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
