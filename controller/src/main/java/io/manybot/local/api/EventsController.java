package io.manybot.local.api;

import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.exceptions.HttpStatusException;
import io.micronaut.http.sse.Event;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;

/**
 * {@code GET /api/v1/events}: the state store's events as server-sent events — cycle phase changes
 * (event name {@code phase}), control requests, declaration reloads and every other log line
 * ({@code log}). Each has its sequence number as id: a client reconnecting with
 * {@code Last-Event-ID} (or {@code ?after=seq}) gets what it missed first. Every stream opens with a
 * {@code ready} event (no id, the last sequence number as data).
 */
@Controller("/api/v1/events")
@Requires(beans = HomeApi.class)
public class EventsController {
    private final HomeApi api;

    public EventsController(HomeApi api) {
        this.api = api;
    }

    @Get(produces = MediaType.TEXT_EVENT_STREAM)
    public Publisher<Event<String>> events(@Header("Last-Event-ID") @Nullable String lastEventId, @QueryValue @Nullable Long after,
            @Header(Replies.API_KEY) @Nullable String key) {
        HomeApi.Reply refused = api.authorize(key, false, "read events");
        if (refused != null) {
            return Flux.error(new HttpStatusException(HttpStatus.UNAUTHORIZED, refused.json()));
        }
        Long from = after;
        if (from == null && lastEventId != null && !lastEventId.isBlank()) {
            try {
                from = Long.parseLong(lastEventId.strip());
            } catch (NumberFormatException e) {
                return Flux.error(new HttpStatusException(HttpStatus.BAD_REQUEST, "Last-Event-ID must be an event sequence number"));
            }
        }
        // A first event (no id) says the stream is open: the server sends no headers before its first event,
        // so without it a client learns it is connected only when something happens.
        Event<String> ready = Event.of("{\"lastSeq\":" + api.events().lastSeq() + "}").name("ready");
        return Flux.concat(Flux.just(ready), api.events().stream(from)
                .map(event -> Event.of(api.eventJson(event)).id(Long.toString(event.seq())).name(api.eventName(event))));
    }
}
