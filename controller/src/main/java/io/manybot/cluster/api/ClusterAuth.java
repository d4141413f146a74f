package io.manybot.cluster.api;

import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.manybot.core.secret.ApiKeys;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Who may write to the cluster API: a key of {@code MANYBOT_API_KEYS} in {@code X-API-Key} (compared
 * in constant time), or {@code Authorization: Bearer <token>} that the API server's TokenReview
 * authenticates. The answer names the key's id or the user, never the key or token.
 */
final class ClusterAuth {
    static final String API_KEY = "X-API-Key";
    private final ApiKeys keys;
    private final KubernetesClient client;

    ClusterAuth(List<String> keys, KubernetesClient client) {
        this.keys = new ApiKeys(keys);
        this.client = client;
    }

    /** Who the request is from ("key KEYID" or "user NAME"), or empty when it carries no valid credentials. */
    Optional<String> authenticate(Map<String, String> headers) {
        String key = headers.get(API_KEY);
        if (key != null && !key.isEmpty()) {
            return keys.check(key).map(id -> "key " + id);
        }
        String authorization = headers.get("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String token = authorization.substring(7).trim();
            return token.isEmpty() ? Optional.empty() : review(token);
        }
        return Optional.empty();
    }

    private Optional<String> review(String token) {
        try {
            TokenReview review = client.authentication().v1().tokenReviews()
                    .create(new TokenReviewBuilder().withNewSpec().withToken(token).endSpec().build());
            if (review == null || review.getStatus() == null || !Boolean.TRUE.equals(review.getStatus().getAuthenticated())) {
                return Optional.empty();
            }
            var user = review.getStatus().getUser();
            return Optional.of("user " + (user == null || user.getUsername() == null ? "(unnamed)" : user.getUsername()));
        } catch (KubernetesClientException e) {
            // The API server could not review it (RBAC, unreachable): not authenticated. The message names no token.
            return Optional.empty();
        }
    }
}
