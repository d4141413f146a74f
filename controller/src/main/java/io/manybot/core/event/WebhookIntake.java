package io.manybot.core.event;

import io.manybot.core.secret.SecretRedactor;
import java.util.Map;
import java.util.Optional;

/**
 * What the HTTP adapter calls with each webhook request: the headers (any case) and the raw body
 * bytes in, a {@link Result} out that says which HTTP status to answer with and, when accepted, the
 * event to route. Steps, each able to end the request:
 *
 * <ol>
 *   <li><b>size</b>: a body over {@link #maxBodyBytes()} (default 1 MiB) is {@link TooLarge} (413)
 *       before anything else is done with it;</li>
 *   <li><b>provider</b>: GitHub or GitLab from the headers, else {@link Unauthorized} (401);</li>
 *   <li><b>verify</b>: the signature (GitHub) or token (GitLab) against the configured secret, else
 *       {@link Unauthorized} (401) — also when no secret is configured for that provider;</li>
 *   <li><b>de-duplicate</b>: a delivery whose id, or whose signed body (its SHA-256), is already in the
 *       {@link DeliveryLog} is {@link Duplicate} (200): a captured body and signature re-sent under a
 *       fresh delivery id, or with none, is a replay of the first;</li>
 *   <li><b>parse</b>: {@link Accepted} (202) with the event, {@link Ignored} (202) for events manybot
 *       does not act on, or {@link Malformed} (400) naming the problem.</li>
 * </ol>
 * Only accepted and ignored deliveries are recorded in the log: a refused or malformed request
 * leaves it unchanged, so a forged request reusing a real delivery id cannot make the real one look
 * like a duplicate. No result's message holds the configured secrets or the signature or token
 * received. Thread-safe.
 */
public final class WebhookIntake {
    public static final int DEFAULT_MAX_BODY_BYTES = 1 << 20;

    private final WebhookVerifier verifier;
    private final WebhookParser parser = new WebhookParser();
    private final DeliveryLog deliveries;
    private final int maxBodyBytes;
    private final SecretRedactor redactor;

    private WebhookIntake(Builder builder) {
        this.verifier = new WebhookVerifier(builder.githubSecret, builder.gitlabToken);
        this.deliveries = builder.deliveries != null ? builder.deliveries : new DeliveryLog();
        this.maxBodyBytes = builder.maxBodyBytes;
        this.redactor = builder.redactor != null ? builder.redactor : new SecretRedactor();
        this.redactor.register(builder.githubSecret);
        this.redactor.register(builder.gitlabToken);
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private String githubSecret;
        private String gitlabToken;
        private int maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
        private DeliveryLog deliveries;
        private SecretRedactor redactor;

        private Builder() {}

        /** The GitHub webhook's secret; null or blank refuses every GitHub delivery. */
        public Builder githubSecret(String secret) {
            this.githubSecret = secret == null || secret.isBlank() ? null : secret;
            return this;
        }

        /** The GitLab webhook's secret token; null or blank refuses every GitLab delivery. */
        public Builder gitlabToken(String token) {
            this.gitlabToken = token == null || token.isBlank() ? null : token;
            return this;
        }

        public Builder maxBodyBytes(int bytes) {
            if (bytes < 1) {
                throw new IllegalArgumentException("maxBodyBytes must be positive: " + bytes);
            }
            this.maxBodyBytes = bytes;
            return this;
        }

        /** Shared log of delivery ids (default: a new {@link DeliveryLog}). */
        public Builder deliveryLog(DeliveryLog log) {
            this.deliveries = log;
            return this;
        }

        /** The process's redactor: the secrets are registered with it, and messages pass through it. */
        public Builder redactor(SecretRedactor redactor) {
            this.redactor = redactor;
            return this;
        }

        public WebhookIntake build() {
            return new WebhookIntake(this);
        }
    }

    /** Which result; {@link #status()} is the HTTP status to answer with. */
    public enum Outcome {
        ACCEPTED(202), IGNORED(202), DUPLICATE(200), UNAUTHORIZED(401), TOO_LARGE(413), MALFORMED(400);

        private final int status;

        Outcome(int status) {
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    /** The outcome of one request. {@link #message()} is a short text fit for the response body and the log. */
    public sealed interface Result permits Accepted, Ignored, Duplicate, Unauthorized, TooLarge, Malformed {
        Outcome outcome();

        default int status() {
            return outcome().status();
        }

        String message();
    }

    /** A verified, new event to route. */
    public record Accepted(RepositoryEvent event) implements Result {
        @Override
        public Outcome outcome() {
            return Outcome.ACCEPTED;
        }

        @Override
        public String message() {
            return "accepted: " + event.summary();
        }
    }

    /** A verified event manybot does not act on ({@code ping}, {@code star}, …): nothing to do. */
    public record Ignored(Provider provider, String eventName, String deliveryId, String why) implements Result {
        @Override
        public Outcome outcome() {
            return Outcome.IGNORED;
        }

        @Override
        public String message() {
            return "ignored: " + why;
        }
    }

    /**
     * A delivery already accepted (or ignored) before: nothing to do again.
     *
     * @param sameBody true when its id is new (or absent) but the same signed body was received before
     */
    public record Duplicate(Provider provider, String deliveryId, boolean sameBody) implements Result {
        public Duplicate(Provider provider, String deliveryId) {
            this(provider, deliveryId, false);
        }

        @Override
        public Outcome outcome() {
            return Outcome.DUPLICATE;
        }

        @Override
        public String message() {
            String delivery = provider.displayName() + " delivery" + (deliveryId == null ? " without an id" : " " + LogText.line(deliveryId, 64));
            return sameBody ? "duplicate: " + delivery + " carries the same signed body as one received before (a replay)"
                    : "duplicate: " + delivery + " was received before";
        }
    }

    public record Unauthorized(String reason) implements Result {
        @Override
        public Outcome outcome() {
            return Outcome.UNAUTHORIZED;
        }

        @Override
        public String message() {
            return "unauthorized: " + reason;
        }
    }

    /** @param size the body's size as far as known (at least {@code limit + 1}) */
    public record TooLarge(long size, long limit) implements Result {
        @Override
        public Outcome outcome() {
            return Outcome.TOO_LARGE;
        }

        @Override
        public String message() {
            return "payload too large: " + size + " bytes; the limit is " + limit + " bytes";
        }
    }

    public record Malformed(String reason) implements Result {
        @Override
        public Outcome outcome() {
            return Outcome.MALFORMED;
        }

        @Override
        public String message() {
            return "malformed: " + reason;
        }
    }

    /** The largest body accepted, in bytes: an adapter can also give it to its HTTP server. */
    public int maxBodyBytes() {
        return maxBodyBytes;
    }

    /**
     * For an adapter that knows the length before reading the body (a Content-Length header):
     * {@link TooLarge} when it is over the limit, so the body need not be read.
     */
    public Optional<Result> checkLength(long contentLength) {
        return contentLength > maxBodyBytes ? Optional.of(new TooLarge(contentLength, maxBodyBytes)) : Optional.empty();
    }

    public DeliveryLog deliveries() {
        return deliveries;
    }

    /** Size, provider, signature, duplicates, parsing: see the class comment. */
    public Result accept(Map<String, String> headers, byte[] body) {
        return accept(null, headers, body);
    }

    /**
     * As {@link #accept(Map, byte[])} at an endpoint of one provider ({@code /webhooks/gitlab}; null:
     * either): a delivery of the other provider is {@link Malformed} (400) before its signature is
     * checked or its delivery id recorded, so that the same delivery, re-sent to the right endpoint
     * once the hook's URL is mended, is not taken for a duplicate.
     */
    public Result accept(Provider endpoint, Map<String, String> headers, byte[] body) {
        byte[] bytes = body == null ? new byte[0] : body;
        if (bytes.length > maxBodyBytes) {
            return new TooLarge(bytes.length, maxBodyBytes);
        }
        WebhookHeaders h = WebhookHeaders.of(headers);
        Optional<Provider> detected = h.provider();
        if (detected.isEmpty()) {
            return new Unauthorized(h.ambiguous()
                    ? "the request carries both GitHub and GitLab webhook headers"
                    : "not a GitHub or GitLab webhook: no " + WebhookHeaders.GITHUB_EVENT + " or " + WebhookHeaders.GITLAB_EVENT
                            + " header");
        }
        Provider provider = detected.get();
        if (endpoint != null && provider != endpoint) {
            return new Malformed("a " + provider.displayName() + " delivery posted to the " + endpoint.displayName()
                    + " endpoint /webhooks/" + endpoint.id() + "; point the hook at /webhooks/" + provider.id());
        }
        WebhookVerifier.Verification verification = verifier.verify(provider, h, bytes);
        if (!verification.verified()) {
            return new Unauthorized(clean(verification.reason()));
        }
        String deliveryId = h.deliveryId(provider);
        String key = deliveryId == null ? null : provider.id() + ":id:" + deliveryId;
        String bodyKey = provider.id() + ":body:" + sha256(bytes);
        java.util.List<String> keys = key == null ? java.util.List.of(bodyKey) : java.util.List.of(key, bodyKey);
        Result duplicate = duplicate(deliveries.seen(keys), key, provider, deliveryId);
        if (duplicate != null) {
            return duplicate;
        }
        WebhookParser.ParseResult parsed = parser.parse(provider, h, bytes);
        if (parsed instanceof WebhookParser.Malformed malformed) {
            return new Malformed(clean(malformed.reason()));
        }
        // Recorded at once, atomically with the check: of two concurrent replays one is a duplicate.
        duplicate = duplicate(deliveries.recordAll(keys), key, provider, deliveryId);
        if (duplicate != null) {
            return duplicate;
        }
        if (parsed instanceof WebhookParser.Ignored ignored) {
            return new Ignored(provider, clean(ignored.eventName()), deliveryId, clean(ignored.why()));
        }
        return new Accepted(((WebhookParser.Parsed) parsed).event());
    }

    /** The duplicate answer when any of the delivery's keys was seen (its id first), else null. */
    private static Result duplicate(java.util.Set<String> seen, String idKey, Provider provider, String deliveryId) {
        if (seen.isEmpty()) {
            return null;
        }
        return idKey != null && seen.contains(idKey) ? new Duplicate(provider, deliveryId) : new Duplicate(provider, deliveryId, true);
    }

    private static String sha256(byte[] bytes) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private String clean(String text) {
        return LogText.redact(text, redactor);
    }

    @Override
    public String toString() {
        return "WebhookIntake[" + verifier + ", max body " + maxBodyBytes + " bytes, " + deliveries + "]";
    }
}
