package io.manybot.cluster.app;

import java.util.Map;

/**
 * Where the operator's HTTP server listens ({@code /health}, {@code /metrics}, webhooks, the API):
 * {@code MANYBOT_HTTP_HOST} (default {@code 0.0.0.0}, every interface: in a pod the Service and the
 * probes reach it there) and {@code MANYBOT_HTTP_PORT} (default 8080; 0 picks a free port). The chart
 * sets both from {@code http.host} and {@code http.port}.
 */
public record HttpAddress(String host, int port) {
    public static final String HOST = "MANYBOT_HTTP_HOST";
    public static final String PORT = "MANYBOT_HTTP_PORT";

    public HttpAddress {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException(HOST + " is empty; expected an address such as 0.0.0.0 or 127.0.0.1");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(PORT + " is " + port + "; expected 0-65535");
        }
    }

    /** From MANYBOT_HTTP_HOST and MANYBOT_HTTP_PORT; unset ones take their defaults. */
    public static HttpAddress fromEnvironment(Map<String, String> env) {
        String host = env.getOrDefault(HOST, "0.0.0.0").strip();
        String port = env.getOrDefault(PORT, "8080").strip();
        try {
            return new HttpAddress(host, Integer.parseInt(port));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(PORT + " is '" + port + "'; expected a port number (0-65535)");
        }
    }

    /** The Micronaut properties that bind the server there (port 0: Micronaut's -1, a free port). */
    Map<String, Object> properties() {
        return Map.of("micronaut.server.host", host, "micronaut.server.port", port == 0 ? -1 : port);
    }
}
