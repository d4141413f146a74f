package io.manybot.cluster.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.manybot.cluster.resource.ManybotResource;
import io.manybot.cluster.resource.WorkCycleResource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.function.Function;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;

/**
 * The cluster home's event stream, shared by every client: one informer per kind (WorkCycles and
 * Manybots; per watched namespace, or over all), started with the API, turns phase and outcome changes
 * into numbered events. The live directives add theirs through {@link #publish}. The Manybot
 * informers' cache also answers webhook routing ({@link #manybots}).
 *
 * <p>Event ids are {@code <epoch>-<n>}: {@code n} counts up, {@code epoch} names this process. The last
 * {@value #HELD} events are held, so a client that reconnects with {@code Last-Event-ID} gets the
 * events it missed, in order, with no repeat and no gap. A client without an id, or with one this
 * process does not hold (an older operator, or too long ago, told by a {@code reset} event), first gets
 * the state of every resource of its namespace as it is now, then the live events. Snapshot, replay and
 * registration happen under the hub's lock, as publishing does.
 */
final class ClusterEventHub implements AutoCloseable {
    /** How many events are held for clients that reconnect. */
    static final int HELD = 1_000;

    /**
     * One event: its number, its namespace (null: of every namespace, as a directives reload), SSE
     * name and JSON data.
     */
    record Change(long seq, String namespace, String name, String json) {}

    /** An SSE event as sent: its id, name and data. */
    record Sent(String id, String name, String json) {}

    private record Stream(String namespace, FluxSink<Sent> sink) {}

    private final KubernetesClient client;
    private final List<String> namespaces;
    private final java.util.function.UnaryOperator<String> redactor;
    private final String epoch;
    private final Deque<Change> held = new ArrayDeque<>();
    /** The last change of each resource (key kind/namespace/name), for the state sent to new clients. */
    private final Map<String, Change> latest = new LinkedHashMap<>();
    /** The last phase|outcome sent per resource: an update that changes neither sends nothing. */
    private final Map<String, String> states = new HashMap<>();
    private final Set<Stream> streams = new CopyOnWriteArraySet<>();
    /** Guards starting and closing the informers, which must not hold the hub's lock (their handlers take it). */
    private final Object informing = new Object();
    private final List<SharedIndexInformer<?>> informers = new ArrayList<>();
    private final List<SharedIndexInformer<ManybotResource>> manybotInformers = new ArrayList<>();
    private long seq;
    private boolean started;
    private volatile boolean closed;

    /**
     * @param namespaces the watched namespaces, or empty for all
     * @param redactor masks secrets in what is sent (a cycle's trigger)
     * @param epoch names this process in event ids (a client's id of another epoch is not resumed)
     */
    ClusterEventHub(KubernetesClient client, List<String> namespaces, java.util.function.UnaryOperator<String> redactor, String epoch) {
        this.client = client;
        this.namespaces = List.copyOf(namespaces);
        this.redactor = redactor;
        this.epoch = epoch;
    }

    /**
     * The events of {@code namespace} (and the namespace-less ones) for a client whose last event was
     * {@code lastEventId} (null: a new client), then every new one, until the client goes.
     */
    Flux<Sent> stream(String namespace, String lastEventId) {
        start();
        return Flux.<Sent>create(sink -> {
            synchronized (this) {
                Long after = resumable(lastEventId);
                if (after != null) {
                    held.stream().filter(c -> c.seq() > after && concerns(c, namespace)).forEach(c -> sink.next(sent(c)));
                } else {
                    if (lastEventId != null && !lastEventId.isBlank()) {
                        sink.next(new Sent(null, "reset", ClusterApi.JSON.createObjectNode().put("lastEventId", lastEventId)
                                .put("reason", "events after " + lastEventId + " are no longer held; what follows is the state now").toString()));
                    }
                    latest.values().stream().filter(c -> concerns(c, namespace)).sorted(Comparator.comparingLong(Change::seq))
                            .forEach(c -> sink.next(sent(c)));
                }
                Stream stream = new Stream(namespace, sink);
                streams.add(stream);
                sink.onDispose(() -> streams.remove(stream));
            }
        }, FluxSink.OverflowStrategy.BUFFER)
                // A client that stops reading ends its stream once it is further behind than the events held:
                // it can come back with Last-Event-ID, and the hub does not grow for it.
                .onBackpressureBuffer(HELD);
    }

    /** The sequence number after which {@code lastEventId} resumes, or null when it can't (none, another epoch, no longer held). */
    private Long resumable(String lastEventId) {
        if (lastEventId == null || !lastEventId.startsWith(epoch + "-")) {
            return null;
        }
        long after;
        try {
            after = Long.parseLong(lastEventId.substring(epoch.length() + 1));
        } catch (NumberFormatException e) {
            return null;
        }
        long oldest = held.isEmpty() ? seq + 1 : held.peekFirst().seq();
        return after > seq || after < oldest - 1 ? null : after;
    }

    private static boolean concerns(Change change, String namespace) {
        return change.namespace() == null || change.namespace().equals(namespace);
    }

    private Sent sent(Change change) {
        return new Sent(epoch + "-" + change.seq(), change.name(), change.json());
    }

    /**
     * Publishes an event of {@code namespace} (null: of all); {@code key} names the resource it is the
     * state of (kept for new clients; null: not kept), and {@code state} what must change for another
     * event of the same resource to be sent (null: always sent).
     */
    synchronized void publish(String key, String state, String namespace, String name, String json) {
        if (closed) {
            return;
        }
        if (key != null && state != null && state.equals(states.put(key, state))) {
            return;
        }
        Change change = new Change(++seq, namespace, name, json);
        held.addLast(change);
        while (held.size() > HELD) {
            held.removeFirst();
        }
        if (key != null) {
            latest.remove(key);
            latest.put(key, change);
        }
        Sent sent = sent(change);
        for (Stream stream : streams) {
            if (concerns(change, stream.namespace())) {
                stream.sink().next(sent);
            }
        }
    }

    /** A resource was deleted: its event is sent, and it is no longer part of the state new clients get. */
    private synchronized void deleted(String key, String namespace, String name, String json) {
        publish(null, null, namespace, name, json);
        latest.remove(key);
        states.remove(key);
    }

    /** Starts the informers (once; waits for their first list). */
    void start() {
        synchronized (informing) {
            if (started || closed) {
                return;
            }
            started = true;
            informers.addAll(inform(WorkCycleResource.class, this::workCycle, "workcycle"));
            manybotInformers.addAll(inform(ManybotResource.class, this::manybot, "manybot"));
            informers.addAll(manybotInformers);
        }
    }

    /**
     * The Manybots of the watched namespaces as the informers last saw them: what webhook routing and
     * chat commands look at, with no request to the API server per delivery.
     */
    List<ManybotResource> manybots() {
        start();
        List<ManybotResource> all = new ArrayList<>();
        synchronized (informing) {
            manybotInformers.forEach(informer -> all.addAll(informer.getStore().list()));
        }
        return all;
    }

    private <T extends io.fabric8.kubernetes.api.model.HasMetadata> List<SharedIndexInformer<T>> inform(
            Class<T> kind, Function<T, ObjectNode> describe, String name) {
        ResourceEventHandler<T> handler = new ResourceEventHandler<>() {
            @Override
            public void onAdd(T resource) {
                changed("added", resource);
            }

            @Override
            public void onUpdate(T before, T after) {
                changed("modified", after);
            }

            @Override
            public void onDelete(T resource, boolean finalStateUnknown) {
                String namespace = resource.getMetadata().getNamespace();
                ObjectNode node = describe.apply(resource).put("action", "deleted");
                deleted(key(resource), namespace, name, node.toString());
            }

            private void changed(String action, T resource) {
                ObjectNode node = describe.apply(resource);
                String state = node.path("phase").asText("") + "|" + node.path("outcome").asText("");
                publish(key(resource), state, resource.getMetadata().getNamespace(), name, node.put("action", action).toString());
            }

            private String key(T resource) {
                return name + "/" + resource.getMetadata().getNamespace() + "/" + resource.getMetadata().getName();
            }
        };
        var resources = client.resources(kind);
        if (namespaces.isEmpty()) {
            return List.of(resources.inAnyNamespace().inform(handler, 0));
        }
        return namespaces.stream().map(n -> resources.inNamespace(n).inform(handler, 0)).toList();
    }

    private ObjectNode workCycle(WorkCycleResource cycle) {
        var status = cycle.getStatus();
        ObjectNode node = ClusterApi.JSON.createObjectNode().put("namespace", cycle.getMetadata().getNamespace())
                .put("name", cycle.getMetadata().getName());
        if (cycle.getSpec() != null) {
            node.put("bot", cycle.getSpec().bot).put("id", cycle.getSpec().cycleId).put("trigger", redactor.apply(cycle.getSpec().trigger));
        }
        return node.put("phase", status == null ? null : status.phase).put("outcome", status == null ? null : status.outcome);
    }

    private ObjectNode manybot(ManybotResource bot) {
        String phase = bot.getStatus() == null ? null : bot.getStatus().phase;
        return ClusterApi.JSON.createObjectNode().put("namespace", bot.getMetadata().getNamespace())
                .put("bot", bot.getMetadata().getName()).put("phase", phase);
    }

    @Override
    public void close() {
        closed = true;
        synchronized (informing) {
            informers.forEach(SharedIndexInformer::close);
            informers.clear();
            manybotInformers.clear();
        }
        synchronized (this) {
            streams.forEach(stream -> stream.sink().complete());
            streams.clear();
        }
    }
}
