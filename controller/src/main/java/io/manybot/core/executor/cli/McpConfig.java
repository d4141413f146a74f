package io.manybot.core.executor.cli;

import java.util.List;
import java.util.Map;

/** A bot's MCP servers, resolved for one run: the values of their environment are read (from the secrets they name). */
public record McpConfig(List<Server> servers) {
    public static final McpConfig NONE = new McpConfig(List.of());

    public McpConfig {
        servers = List.copyOf(servers);
    }

    /**
     * One MCP server: a stdio command (argv with its environment) or a streamable-HTTP {@code url}.
     *
     * @param environment the server process's own variables (credentials reach only it)
     */
    public record Server(String name, List<String> command, Map<String, String> environment, String url) {
        public Server {
            command = command == null ? List.of() : List.copyOf(command);
            environment = environment == null ? Map.of() : Map.copyOf(environment);
        }

        public boolean stdio() {
            return url == null;
        }
    }

    public boolean isEmpty() {
        return servers.isEmpty();
    }
}
