package io.manybot.local.api;

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
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code POST /webhooks} (provider detected from the headers), {@code /webhooks/github} and
 * {@code /webhooks/gitlab}: the body goes to the webhook intake as raw bytes (the signature is over
 * them); the answer carries the intake's status. Bodies over the limit are refused before they are
 * read ({@link WebhookSizeFilter}, and {@code micronaut.server.max-request-size}).
 */
@Controller("/webhooks")
@Requires(beans = HomeApi.class)
@ExecuteOn(TaskExecutors.BLOCKING)
public class WebhookController {
    private final HomeApi api;

    public WebhookController(HomeApi api) {
        this.api = api;
    }

    @Post(consumes = MediaType.ALL)
    public HttpResponse<String> any(HttpRequest<?> request, @Body @Nullable byte[] body) {
        return Replies.of(api.webhook(null, headers(request), body));
    }

    @Post(value = "/{provider}", consumes = MediaType.ALL)
    public HttpResponse<String> provider(@PathVariable String provider, HttpRequest<?> request, @Body @Nullable byte[] body) {
        if (!provider.equals("github") && !provider.equals("gitlab")) {
            return Replies.of(api.error(404, "no webhook endpoint for '" + provider + "': use /webhooks/github or /webhooks/gitlab"));
        }
        return Replies.of(api.webhook(provider, headers(request), body));
    }

    private static Map<String, String> headers(HttpRequest<?> request) {
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        request.getHeaders().forEach((name, values) -> {
            if (!values.isEmpty()) {
                headers.put(name, values.get(0));
            }
        });
        return headers;
    }
}
