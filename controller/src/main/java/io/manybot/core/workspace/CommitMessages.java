package io.manybot.core.workspace;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.eclipse.jgit.revwalk.FooterLine;

/** Commit messages with a git-style trailer block ({@code Key: value} lines in the last paragraph). */
public final class CommitMessages {
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]*");

    private CommitMessages() {}

    /**
     * {@code subject}, a blank line and {@code body} when given, a blank line and the trailers in
     * insertion order. Subject, trailer keys and values must be single lines.
     */
    public static String compose(String subject, String body, Map<String, String> trailers) {
        if (subject == null || subject.isBlank() || subject.strip().contains("\n")) {
            throw new IllegalArgumentException("a commit subject must be one non-blank line: " + subject);
        }
        StringBuilder message = new StringBuilder(subject.strip()).append('\n');
        if (body != null && !body.isBlank()) {
            message.append('\n').append(body.strip()).append('\n');
        }
        if (trailers != null && !trailers.isEmpty()) {
            message.append('\n');
            trailers.forEach((key, value) -> {
                if (key == null || !KEY.matcher(key).matches()) {
                    throw new IllegalArgumentException("trailer key must be letters, digits and '-': " + key);
                }
                if (value == null || value.isBlank() || value.contains("\n") || value.contains("\r")) {
                    throw new IllegalArgumentException("trailer " + key + " needs a one-line value: " + value);
                }
                message.append(key).append(": ").append(value.strip()).append('\n');
            });
        }
        return message.toString();
    }

    /** The trailers of {@code message} in order; the first value of a repeated key is kept. */
    public static Map<String, String> trailers(String message) {
        Map<String, String> trailers = new LinkedHashMap<>();
        if (message != null) {
            for (FooterLine line : FooterLine.fromMessage(message)) {
                trailers.putIfAbsent(line.getKey(), line.getValue());
            }
        }
        return trailers;
    }
}
