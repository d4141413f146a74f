package io.manybot.cluster.api;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.exceptions.HttpStatusException;
import io.micronaut.http.sse.Event;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;

/**
 * {@code GET /api/v1/namespaces/{ns}/events}: server-sent events of a watched namespace — a
 * WorkCycle's phase or outcome changing (event name {@code workcycle}) and a Manybot's phase changing
 * ({@code manybot}), from watches of the API server, after an {@code open} event naming the
 * namespace. Each resource is sent first as it is when the stream opens. Open like the other reads.
 */
@Controller("/api/v1/namespaces/{namespace}/events")
@Requires(beans = ClusterApi.class)
public class ClusterEventsController {
    private final ClusterApi api;

    public ClusterEventsController(ClusterApi api) {
        this.api = api;
    }

    @Get(produces = MediaType.TEXT_EVENT_STREAM)
    public Publisher<Event<String>> events(@PathVariable String namespace) {
        if (!api.watchedNamespace(namespace)) {
            return Flux.error(new HttpStatusException(HttpStatus.NOT_FOUND, "namespace " + namespace + " is not watched by this operator"));
        }
        // A first event at once: the response (and its headers) starts before anything changes.
        ClusterApi.Change open = new ClusterApi.Change("open", "{\"namespace\":\"" + namespace + "\"}");
        return Flux.concat(Flux.just(open), api.changes(namespace)).map(change -> Event.of(change.json()).name(change.name()));
    }
}
