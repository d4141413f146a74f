package io.manybot.cluster.api;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

/** A test's client of a server-sent event stream: the events as they arrive (id, name, data), read on a thread of its own. */
final class ServerSentEvents implements AutoCloseable {
    /** One event. {@code id} is null when the server gave none. */
    record Received(String id, String name, String data) {}

    private final BlockingQueue<Received> events = new LinkedBlockingQueue<>();
    private final List<Received> seen = new ArrayList<>();
    private final HttpResponse<Stream<String>> response;

    /** Opens {@code url}, sending {@code Last-Event-ID: lastEventId} when not null. */
    ServerSentEvents(HttpClient http, String url, String lastEventId) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/event-stream").GET();
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        response = http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofLines()).get(20, TimeUnit.SECONDS);
        Thread reader = new Thread(this::read, "sse-reader");
        reader.setDaemon(true);
        reader.start();
    }

    int status() {
        return response.statusCode();
    }

    private void read() {
        String[] event = new String[3];
        StringBuilder data = new StringBuilder();
        try {
            response.body().forEach(line -> {
                if (line.isEmpty()) {
                    if (event[1] != null || data.length() > 0) {
                        events.add(new Received(event[0], event[1] == null ? "message" : event[1], data.toString()));
                    }
                    event[0] = null;
                    event[1] = null;
                    data.setLength(0);
                } else if (line.startsWith("id:")) {
                    event[0] = line.substring(3).strip();
                } else if (line.startsWith("event:")) {
                    event[1] = line.substring(6).strip();
                } else if (line.startsWith("data:")) {
                    data.append(data.length() > 0 ? "\n" : "").append(line.substring(5).strip());
                }
            });
        } catch (RuntimeException closed) {
            // the test closed the stream
        }
    }

    /** Waits up to 30 s for an event matching {@code wanted}; every event received until then is kept in {@link #seen}. */
    Received await(String what, Predicate<Received> wanted) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < until) {
            Received event = events.poll(200, TimeUnit.MILLISECONDS);
            if (event != null) {
                seen.add(event);
                if (wanted.test(event)) {
                    return event;
                }
            }
        }
        throw new AssertionError("no event: " + what + "; received " + seen);
    }

    /** The events received so far, in order. */
    List<Received> seen() {
        return List.copyOf(seen);
    }

    @Override
    public void close() {
        response.body().close();
    }
}
