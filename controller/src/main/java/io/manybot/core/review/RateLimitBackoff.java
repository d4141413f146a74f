package io.manybot.core.review;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * When each review host (by API url) accepts requests again after it said "rate limited": until then the publisher
 * sends it nothing, so a rate limit costs one refused request, not a storm. Shared by the bots of a process.
 */
public final class RateLimitBackoff {
    private final Map<String, Instant> until = new HashMap<>();

    /** The instant requests to {@code apiUrl} may resume, when that is after {@code now}. */
    public synchronized Optional<Instant> blockedUntil(String apiUrl, Instant now) {
        Instant at = until.get(apiUrl);
        if (at == null || !at.isAfter(now)) {
            until.remove(apiUrl);
            return Optional.empty();
        }
        return Optional.of(at);
    }

    public synchronized void block(String apiUrl, Instant at) {
        until.merge(apiUrl, at, (a, b) -> a.isAfter(b) ? a : b);
    }
}
