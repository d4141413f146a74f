package io.manybot.local.api;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

/** {@code GET /metrics}: Prometheus text format (Micrometer). Open, like {@code /health}. */
@Controller("/metrics")
@Requires(beans = HomeApi.class)
@ExecuteOn(TaskExecutors.BLOCKING)
public class MetricsController {
    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final HomeApi api;

    public MetricsController(HomeApi api) {
        this.api = api;
    }

    @Get(produces = PROMETHEUS_TEXT)
    public String metrics() {
        return api.scrape();
    }
}
