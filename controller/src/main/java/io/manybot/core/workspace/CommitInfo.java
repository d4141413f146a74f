package io.manybot.core.workspace;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One commit as the cycle sees it.
 *
 * @param trailers the message's trailers in order (first value of a repeated key)
 * @param changedPaths paths changed against the first parent (every path for a root commit), sorted
 */
public record CommitInfo(
        String id, String author, String authorEmail, Instant when, String subject, Map<String, String> trailers,
        List<String> changedPaths) {

    public CommitInfo {
        trailers = Collections.unmodifiableMap(new LinkedHashMap<>(trailers));
        changedPaths = List.copyOf(changedPaths);
    }
}
