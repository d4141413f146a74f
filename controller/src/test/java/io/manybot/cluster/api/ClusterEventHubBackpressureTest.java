package io.manybot.cluster.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscription;
import reactor.core.Exceptions;
import reactor.core.publisher.BaseSubscriber;

/**
 * The cluster event stream and a client that stops reading: it is cut off once it is more than
 * {@link ClusterEventHub#HELD} events behind (it can come back with Last-Event-ID), while a client
 * that reads gets every event. Informers on the fabric8 mock API server (CRUD), an empty namespace.
 */
@EnableKubernetesMockClient(crud = true)
class ClusterEventHubBackpressureTest {
    static KubernetesClient client;

    /** A client that takes {@code demand} events and then reads no more. */
    static final class Client extends BaseSubscriber<ClusterEventHub.Sent> {
        final List<ClusterEventHub.Sent> received = new CopyOnWriteArrayList<>();
        final AtomicReference<Throwable> error = new AtomicReference<>();
        private final long demand;

        Client(long demand) {
            this.demand = demand;
        }

        @Override
        protected void hookOnSubscribe(Subscription subscription) {
            if (demand > 0) {
                request(demand);
            }
        }

        @Override
        protected void hookOnNext(ClusterEventHub.Sent value) {
            received.add(value);
        }

        @Override
        protected void hookOnError(Throwable throwable) {
            error.set(throwable);
        }
    }

    @Test
    void aClientThatStopsReadingIsCutOffOnceItIsMoreThanTheHeldEventsBehind() {
        try (ClusterEventHub hub = new ClusterEventHub(client, List.of("quiet"), text -> text, "e1")) {
            Client stalled = new Client(0);
            Client reading = new Client(Long.MAX_VALUE);
            hub.stream("quiet", null).subscribe(stalled);
            hub.stream("quiet", null).subscribe(reading);
            int published = 3 * ClusterEventHub.HELD;
            for (int i = 1; i <= published; i++) {
                hub.publish(null, null, "quiet", "log", "{\"n\":" + i + "}");
            }
            assertEquals(0, stalled.received.size());
            assertNull(reading.error.get());
            assertEquals(published, reading.received.size(), "a client that reads gets every event");

            // the stalled client reads again: it gets the events held for it, then the end of its stream (an overflow),
            // nothing published after it was cut off; it comes back with the Last-Event-ID of the last one it got
            stalled.request(Long.MAX_VALUE);
            Throwable cut = stalled.error.get();
            assertTrue(cut != null && Exceptions.isOverflow(cut), "cut off: " + cut + " after " + stalled.received.size());
            assertEquals(ClusterEventHub.HELD, stalled.received.size(), "it was held the events it could come back for");
            assertEquals("e1-" + ClusterEventHub.HELD, stalled.received.get(stalled.received.size() - 1).id());
            hub.publish(null, null, "quiet", "log", "{\"n\":" + (published + 1) + "}");
            assertEquals(ClusterEventHub.HELD, stalled.received.size(), "nothing more reaches a client that was cut off");
            assertEquals(published + 1, reading.received.size());
        }
    }
}
