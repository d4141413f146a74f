package io.manybot.local.api;

import io.manybot.http.RequestLimits;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Error;
import io.micronaut.http.exceptions.ContentLengthExceededException;
import io.netty.handler.codec.TooLongFrameException;
import java.util.Map;

/**
 * Requests over the server's limits, answered in the API's own error format and audited: a request
 * line over {@code micronaut.server.netty.max-initial-line-length} is 414, headers over
 * {@code max-header-size} 431 (Micronaut answers both 413 by itself), and a body over the limit
 * that came without a Content-Length (chunked) 413, as {@link WebhookSizeFilter} answers one that
 * declared its length.
 */
@Controller
@Requires(beans = HomeApi.class)
public class RequestLimitsController {
    private final HomeApi api;

    public RequestLimitsController(HomeApi api) {
        this.api = api;
    }

    @Error(status = HttpStatus.REQUEST_ENTITY_TOO_LARGE, global = true)
    public HttpResponse<String> overLimit(HttpRequest<?> request) {
        RequestLimits.Refusal refusal = RequestLimits.refusal(request, api.settings().maxBodyBytes());
        return refuse(request, refusal);
    }

    /** A request line or headers over the limit, when Netty's decoder failure reaches a matched route as its error. */
    @Error(exception = TooLongFrameException.class, global = true)
    public HttpResponse<String> frameOverLimit(HttpRequest<?> request, TooLongFrameException e) {
        return refuse(request, RequestLimits.refusal(e, api.settings().maxBodyBytes()));
    }

    @Error(exception = ContentLengthExceededException.class, global = true)
    public HttpResponse<String> bodyOverLimit(HttpRequest<?> request, ContentLengthExceededException e) {
        return refuse(request, RequestLimits.body(api.settings().maxBodyBytes()));
    }

    private HttpResponse<String> refuse(HttpRequest<?> request, RequestLimits.Refusal refusal) {
        boolean webhook = refusal.status() == 413 && request.getPath().startsWith("/webhooks");
        if (webhook) {
            api.metrics().webhook("too_large");
            api.audit().record("webhook", "webhook", "delivery", "413 " + refusal.message(), Map.of("transfer", "chunked"));
        } else {
            api.audit().record("api", "anonymous", RequestLimits.what(request, refusal), refusal.status() + " " + refusal.message(), Map.of());
        }
        return Replies.of(api.error(refusal.status(), refusal.message()));
    }
}
