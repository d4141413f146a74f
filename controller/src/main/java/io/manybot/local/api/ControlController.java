package io.manybot.local.api;

import io.manybot.local.state.ControlAction;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

/** {@code POST /api/v1/bots/{name}/trigger|pause|resume}: a control request (202); needs {@code X-API-Key}. */
@Controller("/api/v1/bots/{name}")
@Requires(beans = HomeApi.class)
@ExecuteOn(TaskExecutors.BLOCKING)
public class ControlController {
    private final HomeApi api;

    public ControlController(HomeApi api) {
        this.api = api;
    }

    @Post(value = "/trigger", consumes = MediaType.ALL)
    public HttpResponse<String> trigger(@PathVariable String name, @Header(Replies.API_KEY) @Nullable String key) {
        return Replies.of(api.control(key, name, ControlAction.TRIGGER));
    }

    @Post(value = "/pause", consumes = MediaType.ALL)
    public HttpResponse<String> pause(@PathVariable String name, @Header(Replies.API_KEY) @Nullable String key) {
        return Replies.of(api.control(key, name, ControlAction.PAUSE));
    }

    @Post(value = "/resume", consumes = MediaType.ALL)
    public HttpResponse<String> resume(@PathVariable String name, @Header(Replies.API_KEY) @Nullable String key) {
        return Replies.of(api.control(key, name, ControlAction.RESUME));
    }
}
