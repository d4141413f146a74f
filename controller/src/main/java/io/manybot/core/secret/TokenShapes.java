package io.manybot.core.secret;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shapes of well-known credentials (GitHub, GitLab, AWS, Slack, OpenAI/Anthropic, Google, JWTs,
 * private keys), found <em>wherever they start</em>: glued to a word before them ({@code key_ghp_…},
 * {@code xghp_…}, {@code 9ghp_…}) as well as on their own. Only prefixes that ordinary text does not
 * contain are matched anywhere; the one generic prefix ({@code sk-}) is matched glued only when what
 * follows mixes upper case, lower case and digits, as real keys do (a branch named
 * {@code task-implement-the-new-feature} is not a key). Thread-safe (immutable).
 */
public final class TokenShapes {
    /** A credential format; {@code hints} are literals one of which every match contains (a cheap test first). */
    private record Shape(String name, Pattern pattern, String... hints) {}

    /** Mixed case and digits, as a random key has. */
    private static final String MIXED = "(?=[A-Za-z0-9_-]*[0-9])(?=[A-Za-z0-9_-]*[A-Z])(?=[A-Za-z0-9_-]*[a-z])";

    private static final List<Shape> SHAPES = List.of(
            new Shape("GitHub token", Pattern.compile("gh[pousr]_[A-Za-z0-9]{20,}"), "gh"),
            new Shape("GitHub fine-grained token", Pattern.compile("github_pat_[A-Za-z0-9_]{20,}"), "github_pat_"),
            new Shape("GitLab token",
                    Pattern.compile("gl(?:pat|dt|rt|cbt|ptt|ft|imt|agent|oas|soat|wt|ffct|ltr)-[A-Za-z0-9_-]{20,}"), "gl"),
            new Shape("AWS access key id", Pattern.compile("(?:AKIA|ASIA)[0-9A-Z]{16}(?![0-9A-Z])"), "AKIA", "ASIA"),
            new Shape("Slack token", Pattern.compile("xox[abposr]-[A-Za-z0-9-]{10,}"), "xox"),
            new Shape("API key (sk-)", Pattern.compile("(?:(?<![A-Za-z0-9])sk-[A-Za-z0-9_-]{20,}|sk-" + MIXED + "[A-Za-z0-9_-]{20,})"), "sk-"),
            new Shape("Google API key", Pattern.compile("AIza[0-9A-Za-z_-]{35}"), "AIza"),
            new Shape("JSON web token", Pattern.compile("eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,}"), "eyJ"),
            new Shape("private key", Pattern.compile("-----BEGIN [A-Z ]*PRIVATE KEY-----"), "-----BEGIN"));
    /** The password of {@code scheme://user:password@}. */
    private static final Pattern USER_INFO = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*://[^/@:\\s]*):[^/@\\s]*@");

    private TokenShapes() {}

    /** {@code text} with every credential-shaped substring replaced by {@code mask}; null stays null. */
    public static String mask(String text, String mask) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String result = text;
        for (Shape shape : SHAPES) {
            if (containsAny(result, shape.hints())) {
                Matcher m = shape.pattern().matcher(result);
                if (m.find()) {
                    result = m.replaceAll(Matcher.quoteReplacement(mask));
                }
            }
        }
        if (result.contains("://")) {
            Matcher m = USER_INFO.matcher(result);
            if (m.find()) {
                result = m.replaceAll("$1:" + Matcher.quoteReplacement(mask) + "@");
            }
        }
        return result;
    }

    /** The name of the first credential format found in {@code text} (never the match itself), if any. */
    public static Optional<String> find(String text) {
        if (text == null || text.isEmpty()) {
            return Optional.empty();
        }
        for (Shape shape : SHAPES) {
            if (containsAny(text, shape.hints()) && shape.pattern().matcher(text).find()) {
                return Optional.of(shape.name());
            }
        }
        return Optional.empty();
    }

    private static boolean containsAny(String text, String[] hints) {
        for (String hint : hints) {
            if (text.contains(hint)) {
                return true;
            }
        }
        return false;
    }
}
