package io.manybot.core.secret;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Looks for secrets in a file a bot changed, before the change lands: the exact values registered
 * with a {@link SecretRedactor} (the bot's configured secrets, the process's keys) and anything
 * shaped like a known token ({@link TokenShapes}). A hit names the file and line and what kind of
 * secret it is, never the value. Files are read up to {@value #MAX_BYTES} bytes (a change larger
 * than that is scanned in its first part); symbolic links are not followed.
 */
public final class SecretScan {
    public static final int MAX_BYTES = 16 << 20;

    /** A secret found at {@code path:line}; {@code what} is its kind ("a configured secret value", "GitHub token"). */
    public record Hit(String path, int line, String what) {
        public String describe() {
            return path + ":" + line + " holds " + what;
        }
    }

    private final SecretRedactor redactor;

    public SecretScan(SecretRedactor redactor) {
        this.redactor = redactor;
    }

    /** The first secret in {@code root/path}, if any; nothing for a missing (deleted) file or a link. */
    public Optional<Hit> scan(Path root, String path) throws IOException {
        Path file = root.resolve(path);
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            bytes = in.readNBytes(MAX_BYTES);
        }
        return scan(path, new String(bytes, StandardCharsets.UTF_8));
    }

    /** The first secret in {@code text} (the content of {@code path}), if any. */
    public Optional<Hit> scan(String path, String text) {
        Hit first = null;
        for (String value : redactor.values()) {
            int at = text.indexOf(value);
            if (at >= 0) {
                int line = lineOf(text, at);
                if (first == null || line < first.line()) {
                    first = new Hit(path, line, "a configured secret value");
                }
            }
        }
        int line = 1;
        int start = 0;
        while (start <= text.length() && (first == null || line < first.line())) {
            int end = text.indexOf('\n', start);
            String content = text.substring(start, end < 0 ? text.length() : end);
            Optional<String> shape = TokenShapes.find(content);
            if (shape.isPresent()) {
                return Optional.of(new Hit(path, line, "a " + shape.get()));
            }
            if (end < 0) {
                break;
            }
            start = end + 1;
            line++;
        }
        return Optional.ofNullable(first);
    }

    private static int lineOf(String text, int index) {
        int line = 1;
        for (int i = 0; i < index; i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }
}
