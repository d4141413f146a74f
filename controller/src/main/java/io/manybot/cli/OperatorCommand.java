package io.manybot.cli;

import io.manybot.cluster.app.HttpAddress;
import io.manybot.cluster.app.OperatorApplication;
import io.manybot.cluster.operator.OperatorSettings;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code manybot operator}: the cluster home, inside the Micronaut application, until stopped. */
@Command(name = "operator", mixinStandardHelpOptions = true,
        description = {"Run the Kubernetes operator (the cluster home): reconciles Manybots, Goals and Subscriptions.",
            "Configured by MANYBOT_* environment variables (see charts/manybot/README.md); serves /health on",
            "MANYBOT_HTTP_HOST:MANYBOT_HTTP_PORT (default 0.0.0.0:8080)."})
final class OperatorCommand implements Callable<Integer> {
    @Override
    public Integer call() throws InterruptedException {
        OperatorSettings settings = OperatorSettings.fromEnvironment(System.getenv());
        HttpAddress address = HttpAddress.fromEnvironment(System.getenv());
        OperatorApplication application = new OperatorApplication(settings, address);
        // The one shutdown hook (SIGTERM), registered before the start so that a SIGTERM while starting
        // takes the same path: stop reconciling, stop the running cycle at its next phase boundary,
        // release the Lease, stop the HTTP server; then the process exits.
        Runtime.getRuntime().addShutdownHook(new Thread(application::close, "manybot-shutdown"));
        application.start();
        System.err.println("manybot operator: serving on " + address.host() + ":" + application.port());
        application.awaitClosed();
        return ExitCodes.OK;
    }
}
