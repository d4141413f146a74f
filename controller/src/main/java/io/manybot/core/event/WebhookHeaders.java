package io.manybot.core.event;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The HTTP headers of one webhook delivery, looked up case-insensitively, and what they say: which
 * provider sent it, the event name and the delivery id.
 *
 * <ul>
 *   <li>GitHub: {@value #GITHUB_EVENT} (event name), {@value #GITHUB_DELIVERY} (a GUID, the same on
 *       redelivery), {@value WebhookVerifier#GITHUB_SIGNATURE}.</li>
 *   <li>GitLab: {@value #GITLAB_EVENT} ({@code Push Hook}, {@code Merge Request Hook}, {@code Note Hook},
 *       …), {@value #IDEMPOTENCY_KEY} (the same on retries, newer GitLab) or else
 *       {@value #GITLAB_EVENT_UUID} as the delivery id, {@value WebhookVerifier#GITLAB_TOKEN}.</li>
 * </ul>
 */
public final class WebhookHeaders {
    public static final String GITHUB_EVENT = "X-GitHub-Event";
    public static final String GITHUB_DELIVERY = "X-GitHub-Delivery";
    public static final String GITLAB_EVENT = "X-Gitlab-Event";
    public static final String GITLAB_EVENT_UUID = "X-Gitlab-Event-UUID";
    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    public static final String CONTENT_TYPE = "Content-Type";

    private final Map<String, String> headers;

    private WebhookHeaders(Map<String, String> headers) {
        this.headers = headers;
    }

    /** A case-insensitive copy of {@code headers} (null keys and values are left out; null means none). */
    public static WebhookHeaders of(Map<String, String> headers) {
        TreeMap<String, String> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        if (headers != null) {
            headers.forEach((name, value) -> {
                if (name != null && value != null) {
                    copy.putIfAbsent(name.trim(), value);
                }
            });
        }
        return new WebhookHeaders(Collections.unmodifiableMap(copy));
    }

    /** The value of header {@code name} (any case), or null. */
    public String get(String name) {
        return headers.get(name);
    }

    /** Whether header {@code name} is present with a non-blank value. */
    public boolean has(String name) {
        String value = headers.get(name);
        return value != null && !value.isBlank();
    }

    /**
     * The sending provider: GitHub when {@value #GITHUB_EVENT} or {@value #GITHUB_DELIVERY} is present,
     * GitLab when {@value #GITLAB_EVENT} or {@value #GITLAB_EVENT_UUID} is. Empty when neither or both
     * are (a request claiming to be both is not trusted to pick the secret checked).
     */
    public Optional<Provider> provider() {
        boolean github = has(GITHUB_EVENT) || has(GITHUB_DELIVERY);
        boolean gitlab = has(GITLAB_EVENT) || has(GITLAB_EVENT_UUID);
        if (github == gitlab) {
            return Optional.empty();
        }
        return Optional.of(github ? Provider.GITHUB : Provider.GITLAB);
    }

    /** Whether the headers claim to come from both GitHub and GitLab. */
    public boolean ambiguous() {
        return (has(GITHUB_EVENT) || has(GITHUB_DELIVERY)) && (has(GITLAB_EVENT) || has(GITLAB_EVENT_UUID));
    }

    /** The provider's event name ({@code push}, {@code Push Hook}), trimmed, or null. */
    public String eventName(Provider provider) {
        String value = get(provider == Provider.GITHUB ? GITHUB_EVENT : GITLAB_EVENT);
        return value == null || value.isBlank() ? null : value.trim();
    }

    /** The id that stays the same when the provider redelivers the event, or null when none was sent. */
    public String deliveryId(Provider provider) {
        String value = provider == Provider.GITHUB
                ? get(GITHUB_DELIVERY)
                : has(IDEMPOTENCY_KEY) ? get(IDEMPOTENCY_KEY) : get(GITLAB_EVENT_UUID);
        return value == null || value.isBlank() ? null : value.trim();
    }

    public String contentType() {
        return get(CONTENT_TYPE);
    }

    /** The header names (never the values, which may hold a token). */
    @Override
    public String toString() {
        return "WebhookHeaders" + headers.keySet();
    }
}
