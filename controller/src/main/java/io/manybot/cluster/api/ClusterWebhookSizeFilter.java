package io.manybot.cluster.api;

import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;

/** Refuses a webhook whose Content-Length is over the intake's limit (1 MiB) with 413 before its body is read. */
@ServerFilter("/webhooks/**")
@Requires(beans = ClusterApi.class)
public class ClusterWebhookSizeFilter {
    private final ClusterApi api;

    public ClusterWebhookSizeFilter(ClusterApi api) {
        this.api = api;
    }

    @RequestFilter
    @Nullable
    public HttpResponse<?> checkLength(HttpRequest<?> request) {
        long length = request.getContentLength();
        if (length < 0) {
            return null;
        }
        return api.intake().checkLength(length).map(tooLarge -> {
            api.operator().metrics().webhook("too_large");
            return (HttpResponse<?>) ClusterReplies.of(api.error(tooLarge.status(), tooLarge.message()));
        }).orElse(null);
    }
}
