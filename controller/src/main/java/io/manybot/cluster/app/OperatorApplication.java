package io.manybot.cluster.app;

import io.manybot.cluster.operator.OperatorSettings;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The cluster home as one process: the Micronaut application (the operator bean, the HTTP server) with
 * exactly one shutdown path. It is started without {@code Micronaut.run}, which registers a shutdown
 * hook of its own: two hooks stopping the same context deadlock (one holds the context and waits for
 * the server, the other holds the server). {@link #close()} stops the operator first (no more
 * reconciles; running cycles stop at their next phase boundary and are recorded; the Lease is
 * released), then the HTTP server, then the context. A close during {@link #start()} (SIGTERM while
 * the informers sync) waits for the start to end, then stops what it started.
 */
public final class OperatorApplication implements AutoCloseable {
    /** How long a close waits for a start in progress (the API server may be away) before it gives up. */
    static final long START_WAIT_SECONDS = 120;

    private final OperatorSettings settings;
    private final HttpAddress address;
    private final CountDownLatch started = new CountDownLatch(1);
    private final CountDownLatch closed = new CountDownLatch(1);
    private volatile ApplicationContext context;
    private volatile EmbeddedServer server;
    private boolean closing;

    /** Not started yet: register {@link #close()} as the shutdown hook first, then {@link #start()}. */
    public OperatorApplication(OperatorSettings settings, HttpAddress address) {
        this.settings = settings;
        this.address = address;
    }

    /** Starts the operator and its HTTP server; returns the application. */
    public static OperatorApplication start(OperatorSettings settings, HttpAddress address) {
        OperatorApplication application = new OperatorApplication(settings, address);
        application.start();
        return application;
    }

    /** Starts the operator (its informers synced) and then the HTTP server at the address. */
    public void start() {
        try {
            ApplicationContext started = ApplicationContext.builder().banner(false).properties(address.properties())
                    .properties(io.manybot.http.RequestLimits.serverProperties(io.manybot.core.event.WebhookIntake.DEFAULT_MAX_BODY_BYTES))
                    .singletons(settings).mainClass(OperatorApplication.class).start();
            this.context = started;
            EmbeddedServer embedded = started.getBean(EmbeddedServer.class);
            embedded.start();
            this.server = embedded;
        } finally {
            started.countDown();
        }
    }

    /** The port the HTTP server listens on. */
    public int port() {
        return server.getPort();
    }

    /** Blocks until {@link #close()} has finished. */
    public void awaitClosed() throws InterruptedException {
        closed.await();
    }

    /** Stops the operator, then the HTTP server and the context; a second call returns at once. */
    @Override
    public void close() {
        synchronized (this) {
            if (closing) {
                return;
            }
            closing = true;
        }
        System.err.println("manybot operator: shutting down: no more reconciles, the running cycle stops at its next phase boundary, "
                + "the Lease is released");
        try {
            if (!started.await(START_WAIT_SECONDS, TimeUnit.SECONDS)) {
                System.err.println("manybot operator: still starting after " + START_WAIT_SECONDS + " s; exiting without a clean stop");
                return;
            }
            ApplicationContext current = context;
            if (current != null) {
                current.findBean(OperatorService.class).ifPresent(OperatorService::stop);
                if (server != null) {
                    server.stop();
                }
                current.close();
            }
            System.err.println("manybot operator: stopped");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closed.countDown();
        }
    }
}
