package io.manybot.cluster.api;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

/**
 * {@code GET /api/v1/directives}: the live directives of the operator's ConfigMap — version, content
 * hash, when applied, what they pause, and the last rejected edit's error with its line. Open like the
 * other reads; 404 when the operator follows no directives ConfigMap.
 */
@Controller("/api/v1/directives")
@Requires(beans = ClusterApi.class)
@ExecuteOn(TaskExecutors.BLOCKING)
public class ClusterDirectivesController {
    private final ClusterApi api;

    public ClusterDirectivesController(ClusterApi api) {
        this.api = api;
    }

    @Get
    public HttpResponse<String> directives() {
        return ClusterReplies.of(api.directives());
    }
}
