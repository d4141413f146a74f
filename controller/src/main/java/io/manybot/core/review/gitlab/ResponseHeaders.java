package io.manybot.core.review.gitlab;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The rate limit headers of the last answer gitlab4j received. gitlab4j's exceptions carry the status but not the
 * headers; its request/response logging filter (with the token headers masked) is the one place they pass, so it logs
 * to a private logger whose only handler keeps the {@code retry-after} and {@code ratelimit-*} lines of each answer —
 * nothing is printed anywhere.
 */
final class ResponseHeaders extends Handler {
    private static final List<String> KEPT = List.of("retry-after", "ratelimit-reset", "ratelimit-remaining", "ratelimit-limit");
    private final Logger logger = Logger.getAnonymousLogger();
    private Map<String, List<String>> last = Map.of();

    ResponseHeaders() {
        logger.setUseParentHandlers(false);
        logger.setLevel(Level.FINE);
        setLevel(Level.FINE);
        logger.addHandler(this);
    }

    Logger logger() {
        return logger;
    }

    /** The kept headers of the last answer. */
    synchronized Map<String, List<String>> last() {
        return last;
    }

    @Override
    public void publish(LogRecord record) {
        String message = record.getMessage();
        if (message == null || !message.contains(" < ")) {
            return;
        }
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (String line : message.split("\n")) {
            int at = line.indexOf(" < ");
            String header = at < 0 ? "" : line.substring(at + 3);
            int colon = header.indexOf(':');
            if (colon > 0) {
                String name = header.substring(0, colon).trim();
                if (KEPT.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                    headers.computeIfAbsent(name, n -> new ArrayList<>()).add(header.substring(colon + 1).trim());
                }
            }
        }
        synchronized (this) {
            last = headers;
        }
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
}
