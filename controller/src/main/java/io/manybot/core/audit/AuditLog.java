package io.manybot.core.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.manybot.core.event.LogText;
import io.manybot.core.secret.SecretRedactor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * An append-only record of what was done to a home: every write through the API (who, what, the
 * result), every webhook delivery, every cycle's start and outcome. One JSON object per line in
 * {@code <state directory>/audit.log}.
 *
 * <p>Every string value is redacted before it is written: the registered secrets of the
 * {@link SecretRedactor}, credential-shaped text ({@link LogText#mask}) and the extra rules (regular
 * expressions whose matches are masked whole). A caller never needs to clean its values first, and a
 * key is never written: writers are named by {@link #keyId}.
 *
 * <p>Thread-safe; each entry is one {@code write} of a whole line on a file opened for append.
 */
public final class AuditLog {
    public static final String FILE_NAME = "audit.log";
    /** Extra redaction rules: regular expressions separated by newlines (or {@code ;;}). */
    public static final String REDACT_ENV = "MANYBOT_REDACT";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Path file;
    private final SecretRedactor redactor;
    private final List<Pattern> rules;
    private final Clock clock;
    /** Also given each entry (one JSON object, no newline), or null. */
    private final java.util.function.Consumer<String> sink;

    public AuditLog(Path file, SecretRedactor redactor, List<Pattern> rules, Clock clock) {
        this(file, redactor, rules, clock, null);
    }

    private AuditLog(Path file, SecretRedactor redactor, List<Pattern> rules, Clock clock, java.util.function.Consumer<String> sink) {
        this.file = file;
        this.redactor = redactor;
        this.rules = List.copyOf(rules);
        this.clock = clock;
        this.sink = sink;
    }

    /**
     * This log that also gives each entry (the redacted JSON object, without the newline) to
     * {@code sink} before appending it to the file: a log on stdout where the file does not outlive
     * the process (a pod).
     */
    public AuditLog alsoTo(java.util.function.Consumer<String> sink) {
        return new AuditLog(file, redactor, rules, clock, sink);
    }

    /** The audit log of a state directory. */
    public static AuditLog inStateDirectory(Path stateDirectory, SecretRedactor redactor, List<Pattern> rules) {
        return new AuditLog(stateDirectory.resolve(FILE_NAME), redactor, rules, Clock.systemUTC());
    }

    /**
     * The rules of {@code text}: one regular expression a line (or separated by {@code ;;}); blank
     * lines and lines starting with {@code #} are skipped.
     *
     * @throws IllegalArgumentException naming the first invalid expression (without echoing it whole)
     */
    public static List<Pattern> parseRules(String text) {
        List<Pattern> rules = new ArrayList<>();
        if (text == null) {
            return rules;
        }
        int line = 0;
        for (String raw : text.split("\\R|;;")) {
            line++;
            String rule = raw.strip();
            if (rule.isEmpty() || rule.startsWith("#")) {
                continue;
            }
            try {
                rules.add(Pattern.compile(rule));
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("redaction rule " + line + " is not a regular expression: " + e.getDescription());
            }
        }
        return rules;
    }

    /** The rules of {@code MANYBOT_REDACT} and of a file (either may be absent). */
    public static List<Pattern> loadRules(Map<String, String> environment, Path file) throws IOException {
        List<Pattern> rules = new ArrayList<>(parseRules(environment.get(REDACT_ENV)));
        if (file != null) {
            rules.addAll(parseRules(Files.readString(file)));
        }
        return rules;
    }

    /** A short, stable name for an API key: the first 12 hex digits of its SHA-256 (never the key). */
    public static String keyId(String key) {
        try {
            byte[] hash = java.security.MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return "key:" + java.util.HexFormat.of().formatHex(hash, 0, 6);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code text} with secrets, credential shapes and the extra rules masked. */
    public String redact(String text) {
        if (text == null) {
            return null;
        }
        String result = LogText.redact(text, redactor);
        for (Pattern rule : rules) {
            result = rule.matcher(result).replaceAll(SecretRedactor.MASK);
        }
        return result;
    }

    /**
     * Appends one entry.
     *
     * @param kind "api", "webhook" or "cycle"
     * @param actor who: a key id, a webhook provider and sender, a bot
     * @param action what was asked
     * @param result what came of it
     * @param details more fields (strings, numbers, booleans), may be empty
     */
    public void record(String kind, String actor, String action, String result, Map<String, ?> details) {
        ObjectNode entry = MAPPER.createObjectNode();
        entry.put("at", clock.instant().toString());
        entry.put("kind", kind);
        entry.put("actor", redact(actor));
        entry.put("action", redact(action));
        entry.put("result", redact(result));
        Map<String, ?> more = details == null ? Map.of() : new LinkedHashMap<>(details);
        for (Map.Entry<String, ?> e : more.entrySet()) {
            Object v = e.getValue();
            if (v == null) {
                entry.putNull(e.getKey());
            } else if (v instanceof Double || v instanceof Float) {
                entry.put(e.getKey(), ((Number) v).doubleValue());
            } else if (v instanceof Number n) {
                entry.put(e.getKey(), n.longValue());
            } else if (v instanceof Boolean b) {
                entry.put(e.getKey(), b);
            } else {
                entry.put(e.getKey(), redact(v.toString()));
            }
        }
        if (sink != null) {
            sink.accept(entry.toString());
        }
        String line = entry.toString() + "\n";
        synchronized (this) {
            try {
                Files.createDirectories(file.getParent());
                Files.writeString(file, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                        StandardOpenOption.WRITE);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot append to the audit log " + file + ": " + e.getMessage(), e);
            }
        }
    }

    public Path file() {
        return file;
    }

    @Override
    public String toString() {
        return "AuditLog[" + file + ", " + rules.size() + " extra rules]";
    }
}
