package io.manybot.cluster.api;

import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

/**
 * The cluster home's REST API under {@code /api/v1/namespaces/{ns}}: reads of the Manybots (their
 * status), a bot's WorkCycles and its team (queue, handoffs, scratchpad), the owners of a path in its repository, Goals and Subscriptions (open, like the resources' status to anyone
 * who can reach the service), and {@code POST bots/{name}/trigger|pause|resume} (X-API-Key or a Kubernetes bearer token).
 */
@Controller("/api/v1/namespaces/{namespace}")
@Requires(beans = ClusterApi.class)
@ExecuteOn(TaskExecutors.BLOCKING)
public class ClusterReadController {
    private final ClusterApi api;

    public ClusterReadController(ClusterApi api) {
        this.api = api;
    }

    @Get("/bots")
    public HttpResponse<String> bots(@PathVariable String namespace) {
        return ClusterReplies.of(api.bots(namespace));
    }

    @Get("/bots/{name}")
    public HttpResponse<String> bot(@PathVariable String namespace, @PathVariable String name) {
        return ClusterReplies.of(api.bot(namespace, name));
    }

    @Get("/bots/{name}/cycles")
    public HttpResponse<String> cycles(@PathVariable String namespace, @PathVariable String name) {
        return ClusterReplies.of(api.cycles(namespace, name));
    }

    @Get("/bots/{name}/team")
    public HttpResponse<String> team(@PathVariable String namespace, @PathVariable String name) {
        return ClusterReplies.of(api.team(namespace, name));
    }

    @Get("/bots/{name}/owners")
    public HttpResponse<String> owners(@PathVariable String namespace, @PathVariable String name, @QueryValue @Nullable String path,
            @QueryValue @Nullable String as) {
        return ClusterReplies.of(api.owners(namespace, name, path, as));
    }

    @Get("/goals")
    public HttpResponse<String> goals(@PathVariable String namespace) {
        return ClusterReplies.of(api.goals(namespace));
    }

    @Get("/subscriptions")
    public HttpResponse<String> subscriptions(@PathVariable String namespace) {
        return ClusterReplies.of(api.subscriptions(namespace));
    }

    @Post(value = "/bots/{name}/trigger", consumes = MediaType.ALL)
    public HttpResponse<String> trigger(@PathVariable String namespace, @PathVariable String name, HttpRequest<?> request,
            @Body @Nullable byte[] body) {
        return ClusterReplies.of(api.trigger(namespace, name, ClusterReplies.headers(request), body));
    }

    @Post(value = "/bots/{name}/pause", consumes = MediaType.ALL)
    public HttpResponse<String> pause(@PathVariable String namespace, @PathVariable String name, HttpRequest<?> request) {
        return ClusterReplies.of(api.pause(namespace, name, ClusterReplies.headers(request), true));
    }

    @Post(value = "/bots/{name}/resume", consumes = MediaType.ALL)
    public HttpResponse<String> resume(@PathVariable String namespace, @PathVariable String name, HttpRequest<?> request) {
        return ClusterReplies.of(api.pause(namespace, name, ClusterReplies.headers(request), false));
    }
}
