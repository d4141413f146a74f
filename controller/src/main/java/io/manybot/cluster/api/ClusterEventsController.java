package io.manybot.cluster.api;

import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.exceptions.HttpStatusException;
import io.micronaut.http.sse.Event;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;

/**
 * {@code GET /api/v1/namespaces/{ns}/events}: server-sent events of a watched namespace, from the
 * shared {@link ClusterEventHub}: a WorkCycle's phase or outcome changing (event name
 * {@code workcycle}), a Manybot's phase changing ({@code manybot}) and the live directives reloaded
 * ({@code directives}), each with an id. The stream opens with an {@code open} event; a new client then
 * gets every resource as it is now, and a client reconnecting with {@code Last-Event-ID} only the events
 * it missed. Open like the other reads.
 */
@Controller("/api/v1/namespaces/{namespace}/events")
@Requires(beans = ClusterApi.class)
public class ClusterEventsController {
    private final ClusterApi api;

    public ClusterEventsController(ClusterApi api) {
        this.api = api;
    }

    @Get(produces = MediaType.TEXT_EVENT_STREAM)
    public Publisher<Event<String>> events(@PathVariable String namespace, @Header("Last-Event-ID") @Nullable String lastEventId) {
        if (!api.watchedNamespace(namespace)) {
            return Flux.error(new HttpStatusException(HttpStatus.NOT_FOUND, "namespace " + namespace + " is not watched by this operator"));
        }
        // A first event at once: the response (and its headers) starts before anything changes.
        Event<String> open = Event.of("{\"namespace\":\"" + namespace + "\"}").name("open");
        return Flux.concat(Flux.just(open), Flux.defer(() -> api.events(namespace, lastEventId)).map(sent -> {
            Event<String> event = Event.of(sent.json()).name(sent.name());
            return sent.id() == null ? event : event.id(sent.id());
        }));
    }
}
