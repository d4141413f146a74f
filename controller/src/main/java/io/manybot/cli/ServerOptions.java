package io.manybot.cli;

import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * {@code --server URL}, {@code --api-key KEY}, {@code --namespace NS} and {@code --token TOKEN}: work on a
 * running {@code manybot run --http} (the local home) or, with a namespace, on the operator's API (the
 * cluster home) instead of the local state.
 */
final class ServerOptions {

    @Option(names = "--server", paramLabel = "URL", defaultValue = "${env:MANYBOT_SERVER}",
            description = "Talk to the HTTP API of a running `manybot run --http ADDR` (e.g. http://127.0.0.1:8080), or with "
                    + "--namespace to the operator's, instead of the local state (default: $MANYBOT_SERVER).")
    String server;

    @Option(names = "--api-key", paramLabel = "KEY", defaultValue = "${env:MANYBOT_API_KEY}",
            description = "API key sent as X-API-Key with --server (writes need one; default: $MANYBOT_API_KEY).")
    String apiKey;

    @Option(names = {"-n", "--namespace"}, paramLabel = "NS", defaultValue = "${env:MANYBOT_NAMESPACE}",
            description = "With --server: the operator's API (the cluster home), the bots of Kubernetes namespace NS "
                    + "(default: $MANYBOT_NAMESPACE).")
    String namespace;

    @Option(names = "--token", paramLabel = "TOKEN", defaultValue = "${env:MANYBOT_TOKEN}",
            description = "With --namespace: a Kubernetes token sent as Authorization: Bearer (writes need it or --api-key; "
                    + "default: $MANYBOT_TOKEN).")
    String token;

    @CommandLine.Spec(CommandLine.Spec.Target.MIXEE)
    CommandLine.Model.CommandSpec mixee;

    boolean remote() {
        boolean remote = server != null && !server.isBlank();
        if (!remote && explicit("--namespace")) {
            throw new CommandLine.ParameterException(mixee.commandLine(),
                    "--namespace selects the operator's API: it goes with --server URL (e.g. after `kubectl port-forward svc/manybot 8080`)");
        }
        return remote;
    }

    /** Whether the server is the cluster home (a namespace was given). */
    boolean cluster() {
        return namespace != null && !namespace.isBlank();
    }

    private boolean explicit(String option) {
        CommandLine.ParseResult parsed = mixee == null ? null : mixee.commandLine().getParseResult();
        return parsed != null && parsed.hasMatchedOption(option);
    }

    ApiClient client() {
        return cluster() ? new ApiClient(server, apiKey, token, ApiClient.Hints.CLUSTER) : new ApiClient(server, apiKey, token, ApiClient.Hints.LOCAL);
    }

    /** The home behind --server: its API's paths and shapes, the same to every command. */
    RemoteHome home() {
        return cluster() ? new ClusterHome(client(), namespace.strip()) : new LocalHome(client());
    }
}
