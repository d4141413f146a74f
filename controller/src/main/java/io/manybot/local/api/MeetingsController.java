package io.manybot.local.api;

import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

/**
 * {@code /api/v1/meetings}: the declared meetings and their minutes (reads, open on loopback), and {@code POST
 * /api/v1/meetings/{name}} to hold one now (a write: needs a key).
 */
@Controller("/api/v1/meetings")
@Requires(beans = HomeApi.class)
@ExecuteOn(TaskExecutors.BLOCKING)
public class MeetingsController {
    private final HomeApi api;

    public MeetingsController(HomeApi api) {
        this.api = api;
    }

    @Get
    public HttpResponse<String> meetings(@QueryValue @Nullable Integer limit, @Header(Replies.API_KEY) @Nullable String key) {
        HomeApi.Reply refused = api.authorize(key, false, "read meetings");
        return Replies.of(refused != null ? refused : api.meetings(limit == null ? 50 : limit));
    }

    @Get("/minutes/{id}")
    public HttpResponse<String> minutes(@PathVariable String id, @Header(Replies.API_KEY) @Nullable String key) {
        HomeApi.Reply refused = api.authorize(key, false, "read minutes");
        return Replies.of(refused != null ? refused : api.minutes(id));
    }

    @Post(value = "/{name}", consumes = MediaType.ALL)
    public HttpResponse<String> meet(@PathVariable String name, @Header(Replies.API_KEY) @Nullable String key) {
        return Replies.of(api.meet(key, name));
    }
}
