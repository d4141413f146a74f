package io.manybot.cluster.api;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

/**
 * What the dashboard ({@code /ui/}, served by {@link io.manybot.dashboard.DashboardController}) reads
 * beyond the REST API: {@code GET /api/v1/home} (this is the cluster home, its namespaces) and a
 * goal's key-result history from its WorkCycles. Open like the other reads.
 */
@Controller("/api/v1")
@Requires(beans = ClusterApi.class)
@ExecuteOn(TaskExecutors.BLOCKING)
public class ClusterDashboardController {
    private final ClusterApi api;

    public ClusterDashboardController(ClusterApi api) {
        this.api = api;
    }

    @Get("/home")
    public HttpResponse<String> home() {
        return ClusterReplies.of(api.home());
    }

    @Get("/namespaces/{namespace}/bots/{name}/owners/tree")
    public HttpResponse<String> ownersTree(@PathVariable String namespace, @PathVariable String name) {
        return ClusterReplies.of(api.ownersTree(namespace, name, 20_000));
    }

    @Get("/namespaces/{namespace}/goals/{name}/history")
    public HttpResponse<String> goalHistory(@PathVariable String namespace, @PathVariable String name) {
        return ClusterReplies.of(api.goalHistory(namespace, name));
    }
}
