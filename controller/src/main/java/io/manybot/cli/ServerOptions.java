package io.manybot.cli;

import picocli.CommandLine.Option;

/** {@code --server URL} and {@code --api-key KEY}: work on a running {@code manybot run --http} instead of the local state. */
final class ServerOptions {

    @Option(names = "--server", paramLabel = "URL", defaultValue = "${env:MANYBOT_SERVER}",
            description = "Talk to the HTTP API of a running `manybot run --http ADDR` (e.g. http://127.0.0.1:8080) "
                    + "instead of the local state (default: $MANYBOT_SERVER).")
    String server;

    @Option(names = "--api-key", paramLabel = "KEY", defaultValue = "${env:MANYBOT_API_KEY}",
            description = "API key sent as X-API-Key with --server (writes need one; default: $MANYBOT_API_KEY).")
    String apiKey;

    boolean remote() {
        return server != null && !server.isBlank();
    }

    ApiClient client() {
        return new ApiClient(server, apiKey);
    }
}
