package io.manybot.cluster.api;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

/**
 * The cluster home's meetings under {@code /api/v1/namespaces/{ns}/meetings}: the Meetings with their last minutes (open, like
 * their status), and {@code POST meetings/{name}/hold} to hold one now (X-API-Key or a Kubernetes bearer token allowed the verb
 * {@code hold} on meetings).
 */
@Controller("/api/v1/namespaces/{namespace}/meetings")
@Requires(beans = ClusterApi.class)
@ExecuteOn(TaskExecutors.BLOCKING)
public class ClusterMeetingsController {
    private final ClusterApi api;

    public ClusterMeetingsController(ClusterApi api) {
        this.api = api;
    }

    @Get
    public HttpResponse<String> meetings(@PathVariable String namespace) {
        return ClusterReplies.of(api.meetings(namespace));
    }

    @Post(value = "/{name}/hold", consumes = MediaType.ALL)
    public HttpResponse<String> hold(@PathVariable String namespace, @PathVariable String name, HttpRequest<?> request) {
        return ClusterReplies.of(api.holdMeeting(namespace, name, ClusterReplies.headers(request)));
    }
}
