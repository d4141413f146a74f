package io.manybot.cluster.app;

import io.manybot.cluster.operator.OperatorSettings;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.util.concurrent.CountDownLatch;

/**
 * The cluster home as one process: the Micronaut application (the operator bean, the HTTP server) with
 * exactly one shutdown path. It is started without {@code Micronaut.run}, which registers a shutdown
 * hook of its own: two hooks stopping the same context deadlock (one holds the context and waits for
 * the server, the other holds the server). {@link #close()} stops the operator first (no more
 * reconciles; running cycles stop at their next phase boundary and are recorded; the Lease is
 * released), then the HTTP server, then the context.
 */
public final class OperatorApplication implements AutoCloseable {
    private final ApplicationContext context;
    private final EmbeddedServer server;
    private final CountDownLatch closed = new CountDownLatch(1);
    private boolean closing;

    private OperatorApplication(ApplicationContext context, EmbeddedServer server) {
        this.context = context;
        this.server = server;
    }

    /** Starts the operator and its HTTP server at {@code address}. */
    public static OperatorApplication start(OperatorSettings settings, HttpAddress address) {
        ApplicationContext context = ApplicationContext.builder().banner(false).properties(address.properties())
                .singletons(settings).mainClass(OperatorApplication.class).start();
        try {
            EmbeddedServer server = context.getBean(EmbeddedServer.class);
            server.start();
            return new OperatorApplication(context, server);
        } catch (RuntimeException e) {
            context.close();
            throw e;
        }
    }

    /** The port the HTTP server listens on. */
    public int port() {
        return server.getPort();
    }

    public ApplicationContext context() {
        return context;
    }

    /** Blocks until {@link #close()} has finished. */
    public void awaitClosed() throws InterruptedException {
        closed.await();
    }

    /** Stops the operator, then the HTTP server and the context; a second call waits for the first. */
    @Override
    public void close() {
        synchronized (this) {
            if (closing) {
                return;
            }
            closing = true;
        }
        try {
            context.findBean(OperatorService.class).ifPresent(OperatorService::stop);
            server.stop();
            context.close();
        } finally {
            closed.countDown();
        }
    }
}
