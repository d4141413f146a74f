package io.manybot.core.review;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The host refused or failed a request: unauthorised (401), forbidden (403), not found (404), rate limited (403 or 429
 * with {@code x-ratelimit-reset} / {@code retry-after}: {@link #retryAt}), or failed otherwise. Its message names the
 * status and what to fix, never the token.
 */
public final class HostRefusal extends Exception {
    private static final long serialVersionUID = 1L;
    /** How long to wait when a host says "rate limited" without saying until when. */
    static final Duration DEFAULT_BACKOFF = Duration.ofMinutes(1);

    public enum Kind { UNAUTHORIZED, FORBIDDEN, NOT_FOUND, RATE_LIMITED, FAILED }

    private final Kind kind;
    private final int status;
    private final transient Instant retryAt;

    public HostRefusal(Kind kind, int status, String message, Instant retryAt) {
        super(message, null, false, false);
        this.kind = kind;
        this.status = status;
        this.retryAt = retryAt;
    }

    public Kind kind() {
        return kind;
    }

    /** The HTTP status, or 0 when no answer came. */
    public int status() {
        return status;
    }

    /** For {@link Kind#RATE_LIMITED}: when the host accepts requests again. */
    public Instant retryAt() {
        return retryAt;
    }

    /** Whether the proposal should stay a branch for good (until the declaration changes): 401, 403, 404. */
    public boolean permanent() {
        return kind == Kind.UNAUTHORIZED || kind == Kind.FORBIDDEN || kind == Kind.NOT_FOUND;
    }

    /**
     * The refusal an HTTP answer stands for: a 403 or 429 with a rate limit header (or a 429 alone) is
     * {@link Kind#RATE_LIMITED} until the reset ({@code x-ratelimit-reset}/{@code ratelimit-reset}: epoch seconds;
     * {@code retry-after}: seconds), else 401/403/404 or FAILED.
     *
     * @param headers the answer's headers, names in any letter case
     * @param hostName "GitHub", "GitLab", for the message
     * @param detail the host's own message (already free of the token), or null
     */
    public static HostRefusal of(int status, Map<String, List<String>> headers, Instant now, String hostName, String detail) {
        Optional<Instant> reset = resetOf(headers, now);
        String remaining = header(headers, "x-ratelimit-remaining").orElse(header(headers, "ratelimit-remaining").orElse(null));
        boolean limited = status == 429 || (status == 403 && (header(headers, "retry-after").isPresent() || "0".equals(remaining)));
        String said = detail == null || detail.isBlank() ? "" : ": " + detail.strip();
        if (limited) {
            Instant at = reset.orElse(now.plus(DEFAULT_BACKOFF));
            return new HostRefusal(Kind.RATE_LIMITED, status, hostName + " rate limit reached (HTTP " + status + "); no requests until "
                    + at + said, at);
        }
        return switch (status) {
            case 401 -> new HostRefusal(Kind.UNAUTHORIZED, status, hostName + " answered 401 Unauthorized: the API token is missing, wrong"
                    + " or expired (spec.repository.tokenSecret / tokenEnv / tokenFile)" + said, null);
            case 403 -> new HostRefusal(Kind.FORBIDDEN, status, hostName + " answered 403 Forbidden: the token may not open pull requests"
                    + " on this repository (it needs the pull requests / api scope)" + said, null);
            case 404 -> new HostRefusal(Kind.NOT_FOUND, status, hostName + " answered 404 Not Found: the repository is not there or the"
                    + " token cannot see it (spec.repository.url, apiUrl)" + said, null);
            default -> new HostRefusal(Kind.FAILED, status, hostName + " answered HTTP " + status + said, null);
        };
    }

    /** A request that got no answer (connection refused, timeout). */
    public static HostRefusal unreachable(String hostName, String detail) {
        return new HostRefusal(Kind.FAILED, 0, hostName + " could not be reached: " + detail, null);
    }

    private static Optional<Instant> resetOf(Map<String, List<String>> headers, Instant now) {
        Optional<String> retryAfter = header(headers, "retry-after");
        if (retryAfter.isPresent()) {
            try {
                return Optional.of(now.plusSeconds(Math.max(1, Long.parseLong(retryAfter.get().trim()))));
            } catch (NumberFormatException notSeconds) {
                // an HTTP date: fall through to the reset headers
            }
        }
        for (String name : List.of("x-ratelimit-reset", "ratelimit-reset")) {
            Optional<String> value = header(headers, name);
            if (value.isPresent()) {
                try {
                    long epoch = Long.parseLong(value.get().trim());
                    Instant at = Instant.ofEpochSecond(epoch);
                    return Optional.of(at.isAfter(now) ? at : now.plusSeconds(1));
                } catch (NumberFormatException ignored) {
                    // not epoch seconds
                }
            }
        }
        return Optional.empty();
    }

    static Optional<String> header(Map<String, List<String>> headers, String name) {
        if (headers == null) {
            return Optional.empty();
        }
        for (Map.Entry<String, List<String>> entry : headers.entrySet()) {
            if (entry.getKey() != null && entry.getKey().equalsIgnoreCase(name) && entry.getValue() != null && !entry.getValue().isEmpty()) {
                return Optional.ofNullable(entry.getValue().get(0));
            }
        }
        return Optional.empty();
    }
}
