package io.manybot.local.api;

import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

/**
 * Runtime subscriptions: {@code POST /api/v1/subscriptions} (a JSON subscription, checked as a declared
 * one is), {@code POST /api/v1/subscriptions/{name}/pause|resume}, {@code DELETE /api/v1/subscriptions/{name}}.
 * All need {@code X-API-Key}; a subscription declared in git is read-only here (409).
 */
@Controller("/api/v1/subscriptions")
@Requires(beans = HomeApi.class)
@ExecuteOn(TaskExecutors.BLOCKING)
public class SubscriptionsController {
    private final HomeApi api;

    public SubscriptionsController(HomeApi api) {
        this.api = api;
    }

    @Post(consumes = MediaType.ALL)
    public HttpResponse<String> create(@Body @Nullable byte[] body, @Header(Replies.API_KEY) @Nullable String key) {
        return Replies.of(api.createSubscription(key, body));
    }

    @Post(value = "/{name}/pause", consumes = MediaType.ALL)
    public HttpResponse<String> pause(@PathVariable String name, @Header(Replies.API_KEY) @Nullable String key) {
        return Replies.of(api.suspendSubscription(key, name, true));
    }

    @Post(value = "/{name}/resume", consumes = MediaType.ALL)
    public HttpResponse<String> resume(@PathVariable String name, @Header(Replies.API_KEY) @Nullable String key) {
        return Replies.of(api.suspendSubscription(key, name, false));
    }

    @Delete(value = "/{name}", consumes = MediaType.ALL)
    public HttpResponse<String> delete(@PathVariable String name, @Header(Replies.API_KEY) @Nullable String key) {
        return Replies.of(api.deleteSubscription(key, name));
    }
}
