package io.manybot.local.api;

import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import java.util.Map;

/** Refuses a webhook whose Content-Length is over the intake's limit (413) before its body is read. */
@ServerFilter("/webhooks/**")
@Requires(beans = HomeApi.class)
public class WebhookSizeFilter {
    private final HomeApi api;

    public WebhookSizeFilter(HomeApi api) {
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
            api.metrics().webhook("too_large");
            api.audit().record("webhook", "webhook", "delivery", "413 " + tooLarge.message(), Map.of("contentLength", length));
            return (HttpResponse<?>) Replies.of(api.error(tooLarge.status(), tooLarge.message()));
        }).orElse(null);
    }
}
