package io.manybot.cluster.api;

import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder;
import io.fabric8.kubernetes.api.model.authentication.UserInfo;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.manybot.cluster.resource.ManybotResource;
import io.manybot.core.secret.ApiKeys;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Who may write to the cluster API: a key of {@code MANYBOT_API_KEYS} in {@code X-API-Key} (compared
 * in constant time; a key may do every write), or {@code Authorization: Bearer <token>} that the API
 * server's TokenReview authenticates and whose user a SubjectAccessReview then allows the write: the
 * verb {@value #TRIGGER} or {@value #PAUSE} on {@code manybots.manybot.io} in the bot's namespace, or {@value #HOLD} on
 * {@code meetings.manybot.io} (the chart's aggregated ClusterRole {@code <release>-edit} grants them to the namespace's editors). The
 * answers name the key's id or the user, never the key or token.
 */
final class ClusterAuth {
    static final String API_KEY = "X-API-Key";
    /** The RBAC verb on manybots that allows {@code POST .../bots/NAME/trigger}. */
    static final String TRIGGER = "trigger";
    /** The RBAC verb on manybots that allows {@code POST .../bots/NAME/pause} and {@code .../resume}. */
    static final String PAUSE = "pause";
    /** The RBAC verb on meetings that allows {@code POST .../meetings/NAME/hold}. */
    static final String HOLD = "hold";

    private final ApiKeys keys;
    private final KubernetesClient client;

    /** Who a request is from: an API key (its id), or a user as the TokenReview named it (null for a key). */
    record Caller(String name, UserInfo user) {
        boolean isKey() {
            return user == null;
        }
    }

    ClusterAuth(List<String> keys, KubernetesClient client) {
        this.keys = new ApiKeys(keys);
        this.client = client;
    }

    /** Who the request is from ("key KEYID" or "user NAME"), or empty when it carries no valid credentials. */
    Optional<String> authenticate(Map<String, String> headers) {
        return caller(headers).map(Caller::name);
    }

    /** The caller of a request, or empty when it carries no valid credentials. */
    Optional<Caller> caller(Map<String, String> headers) {
        String key = headers.get(API_KEY);
        if (key != null && !key.isEmpty()) {
            return keys.check(key).map(id -> new Caller("key " + id, null));
        }
        String authorization = headers.get("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String token = authorization.substring(7).trim();
            return token.isEmpty() ? Optional.empty() : review(token);
        }
        return Optional.empty();
    }

    /**
     * Whether {@code caller} may do {@code verb} on Manybot {@code namespace/name}: a key may; a user
     * when the API server's SubjectAccessReview allows it. A review that cannot be made (RBAC of the
     * operator, API server away) allows nothing.
     */
    boolean allowed(Caller caller, String verb, String namespace, String name) {
        return allowed(caller, verb, "manybots", namespace, name);
    }

    /** As {@link #allowed(Caller, String, String, String)} for {@code resource} (its plural) of group manybot.io. */
    boolean allowed(Caller caller, String verb, String resource, String namespace, String name) {
        if (caller.isKey()) {
            return true;
        }
        UserInfo user = caller.user();
        try {
            SubjectAccessReview review = client.authorization().v1().subjectAccessReview().create(new SubjectAccessReviewBuilder()
                    .withNewSpec()
                    .withUser(user.getUsername()).withGroups(user.getGroups()).withUid(user.getUid())
                    .withExtra(user.getExtra())
                    .withNewResourceAttributes()
                    .withGroup(ManybotResource.GROUP).withResource(resource).withVerb(verb).withNamespace(namespace).withName(name)
                    .endResourceAttributes()
                    .endSpec().build());
            return review != null && review.getStatus() != null && Boolean.TRUE.equals(review.getStatus().getAllowed());
        } catch (KubernetesClientException e) {
            return false;
        }
    }

    private Optional<Caller> review(String token) {
        try {
            TokenReview review = client.authentication().v1().tokenReviews()
                    .create(new TokenReviewBuilder().withNewSpec().withToken(token).endSpec().build());
            if (review == null || review.getStatus() == null || !Boolean.TRUE.equals(review.getStatus().getAuthenticated())) {
                return Optional.empty();
            }
            UserInfo user = review.getStatus().getUser() == null ? new UserInfo() : review.getStatus().getUser();
            return Optional.of(new Caller("user " + (user.getUsername() == null ? "(unnamed)" : user.getUsername()), user));
        } catch (KubernetesClientException e) {
            // The API server could not review it (RBAC, unreachable): not authenticated. The message names no token.
            return Optional.empty();
        }
    }
}
