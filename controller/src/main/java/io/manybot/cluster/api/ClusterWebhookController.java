package io.manybot.cluster.api;

import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

/**
 * The cluster home's {@code POST /webhooks} (provider from the headers), {@code /webhooks/github}
 * and {@code /webhooks/gitlab}: verified by the intake, routed over the Manybots and Subscriptions,
 * each activation a trigger of its bot. The answer carries the intake's status and the activations.
 */
@Controller("/webhooks")
@Requires(beans = ClusterApi.class)
@ExecuteOn(TaskExecutors.BLOCKING)
public class ClusterWebhookController {
    private final ClusterApi api;

    public ClusterWebhookController(ClusterApi api) {
        this.api = api;
    }

    @Post(consumes = MediaType.ALL)
    public HttpResponse<String> any(HttpRequest<?> request, @Body @Nullable byte[] body) {
        return ClusterReplies.of(api.webhook(null, ClusterReplies.headers(request), body));
    }

    @Post(value = "/{provider}", consumes = MediaType.ALL)
    public HttpResponse<String> provider(@PathVariable String provider, HttpRequest<?> request, @Body @Nullable byte[] body) {
        if (!provider.equals("github") && !provider.equals("gitlab")) {
            return ClusterReplies.of(api.error(404, "no webhook endpoint for '" + provider + "': use /webhooks/github or /webhooks/gitlab"));
        }
        return ClusterReplies.of(api.webhook(provider, ClusterReplies.headers(request), body));
    }
}
