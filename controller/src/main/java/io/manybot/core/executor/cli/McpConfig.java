package io.manybot.core.executor.cli;

import io.manybot.core.declaration.Bot;
import io.manybot.core.secret.SecretException;
import io.manybot.core.secret.SecretKeyRefs;
import io.manybot.core.secret.SecretRedactor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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

    /** As {@link #resolve(List, Map, SecretKeyRefs, SecretRedactor)} in the local home (Secret references are refused). */
    public static McpConfig resolve(List<Bot.McpServer> servers, Map<String, String> environment, SecretRedactor redactor) {
        return resolve(servers, environment, SecretKeyRefs.LOCAL, redactor);
    }

    /**
     * Reads the values the bot's MCP servers name ({@code fromEnv} in {@code environment}, {@code fromFile} from disk,
     * {@code secretKeyRef} through {@code secrets}); each one read is registered with the redactor, so it is masked
     * wherever it would show.
     *
     * @throws SecretException naming the server, the variable and where it was looked for (never a value)
     */
    public static McpConfig resolve(List<Bot.McpServer> servers, Map<String, String> environment, SecretKeyRefs secrets,
            SecretRedactor redactor) {
        List<Server> resolved = new ArrayList<>();
        for (Bot.McpServer server : servers) {
            Map<String, String> values = new LinkedHashMap<>();
            for (Bot.McpEnv variable : server.env()) {
                String value;
                if (variable.fromEnv() != null) {
                    value = environment.get(variable.fromEnv());
                    if (value == null || value.isEmpty()) {
                        throw new SecretException("MCP server " + server.name() + ": " + variable.name() + " comes from environment variable "
                                + variable.fromEnv() + ", which is " + (value == null ? "not set" : "empty"));
                    }
                    redactor.register(value);
                } else if (variable.fromFile() != null) {
                    try {
                        value = Files.readString(Path.of(variable.fromFile()), StandardCharsets.UTF_8).strip();
                    } catch (IOException | RuntimeException e) {
                        throw new SecretException("MCP server " + server.name() + ": " + variable.name() + " comes from file "
                                + variable.fromFile() + ", which cannot be read (" + e.getClass().getSimpleName() + ")");
                    }
                    redactor.register(value);
                } else if (variable.secretKeyRef() != null) {
                    try {
                        value = secrets.read(variable.secretKeyRef());
                    } catch (SecretException e) {
                        throw new SecretException("MCP server " + server.name() + ": " + variable.name() + ": " + e.getMessage());
                    }
                    redactor.register(value);
                } else {
                    value = variable.value() == null ? "" : variable.value();
                }
                values.put(variable.name(), value);
            }
            resolved.add(new Server(server.name(), server.command(), values, server.url()));
        }
        return new McpConfig(resolved);
    }

    public boolean isEmpty() {
        return servers.isEmpty();
    }
}
