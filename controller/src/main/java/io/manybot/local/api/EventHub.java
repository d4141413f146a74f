package io.manybot.local.api;

import io.manybot.local.state.Event;
import io.manybot.local.state.StateStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;

/**
 * Follows the state store's event log with one shared poller ({@code eventsAfter(seq)} every
 * {@link #INTERVAL}) and hands every new event, in sequence order, to the listeners (audit log,
 * metrics) and to every open event stream. A stream that starts {@code after} an older sequence
 * number first gets the events it missed from the store, then the live ones, with no gap and no
 * repeat: both happen under the hub's lock.
 */
final class EventHub implements AutoCloseable {
    static final Duration INTERVAL = Duration.ofMillis(100);

    private final StateStore store;
    private final List<Consumer<Event>> listeners;
    private final Set<FluxSink<Event>> streams = new CopyOnWriteArraySet<>();
    private final ScheduledExecutorService poller;
    private long seq;

    EventHub(StateStore store, List<Consumer<Event>> listeners) {
        this.store = store;
        this.listeners = List.copyOf(listeners);
        this.seq = store.lastEventSeq();
        this.poller = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "manybot-api-events");
            thread.setDaemon(true);
            return thread;
        });
        poller.scheduleWithFixedDelay(this::pollQuietly, INTERVAL.toMillis(), INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void pollQuietly() {
        try {
            poll();
        } catch (RuntimeException e) {
            // the store is busy or closing: the next poll retries from the same sequence number
        }
    }

    /** Reads and publishes the events recorded since the last poll. */
    synchronized void poll() {
        List<Event> fresh = store.eventsAfter(seq);
        for (Event event : fresh) {
            seq = event.seq();
            for (Consumer<Event> listener : listeners) {
                try {
                    listener.accept(event);
                } catch (RuntimeException e) {
                    // one listener failing does not stop the stream
                }
            }
            for (FluxSink<Event> stream : streams) {
                stream.next(event);
            }
        }
    }

    /** The events after {@code after} (null: only new ones), then every new event, until cancelled. */
    Flux<Event> stream(Long after) {
        return Flux.create(sink -> {
            synchronized (this) {
                if (after != null && after < seq) {
                    List<Event> missed = new ArrayList<>();
                    for (Event event : store.eventsAfter(after)) {
                        if (event.seq() <= seq) {
                            missed.add(event);
                        }
                    }
                    missed.forEach(sink::next);
                }
                streams.add(sink);
            }
            sink.onDispose(() -> streams.remove(sink));
        }, FluxSink.OverflowStrategy.BUFFER);
    }

    /** The sequence number of the last event published. */
    synchronized long lastSeq() {
        return seq;
    }

    @Override
    public void close() {
        poller.shutdownNow();
        streams.forEach(FluxSink::complete);
    }
}
