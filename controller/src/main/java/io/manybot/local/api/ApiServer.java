package io.manybot.local.api;

import io.manybot.http.RequestLimits;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.Micronaut;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The local home's HTTP API: an embedded Micronaut server in the {@code manybot run} process, bound
 * to the address of {@code --http}, serving {@code /api/v1}, {@code /webhooks}, {@code /metrics}
 * and {@code /health}. {@link #close} stops it.
 */
public final class ApiServer implements AutoCloseable {
    private final HomeApi api;
    private final ApplicationContext context;
    private final int port;

    private ApiServer(HomeApi api, ApplicationContext context, int port) {
        this.api = api;
        this.context = context;
        this.port = port;
    }

    /** Starts the server; port 0 in the settings picks a free port ({@link #port}). */
    public static ApiServer start(ApiSettings settings, RepositoryView view) throws IOException {
        HomeApi api = new HomeApi(settings, view);
        try {
            Map<String, Object> properties = new LinkedHashMap<>();
            properties.put("micronaut.application.name", "manybot");
            properties.put("micronaut.server.host", settings.host());
            properties.put("micronaut.server.port", settings.port() == 0 ? -1 : settings.port());
            properties.putAll(RequestLimits.serverProperties(settings.maxBodyBytes()));
            properties.put("endpoints.health.enabled", true);
            properties.put("endpoints.health.sensitive", false);
            ApplicationContext context = Micronaut.build(new String[0]).mainClass(ApiServer.class).banner(false)
                    .properties(properties).singletons(api).start();
            int port = context.getBean(EmbeddedServer.class).getPort();
            return new ApiServer(api, context, port);
        } catch (RuntimeException e) {
            api.close();
            throw e;
        }
    }

    public int port() {
        return port;
    }

    public String host() {
        return api.settings().host();
    }

    public HomeApi api() {
        return api;
    }

    @Override
    public void close() {
        try {
            EmbeddedServer server = context.getBean(EmbeddedServer.class);
            if (server.isRunning()) {
                server.stop();
            }
            context.close();
        } finally {
            api.close();
        }
    }
}
