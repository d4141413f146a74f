package io.manybot.cli;

import io.manybot.cluster.operator.OperatorSettings;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.Micronaut;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;

/** {@code manybot operator}: the cluster home, inside the Micronaut application, until stopped. */
@Command(name = "operator", mixinStandardHelpOptions = true,
        description = {"Run the Kubernetes operator (the cluster home): reconciles Manybots, Goals and Subscriptions.",
            "Configured by MANYBOT_* environment variables (see charts/manybot/README.md); serves /health on port 8080."})
final class OperatorCommand implements Callable<Integer> {
    @Override
    public Integer call() throws InterruptedException {
        OperatorSettings settings = OperatorSettings.fromEnvironment(System.getenv());
        CountDownLatch stopped = new CountDownLatch(1);
        // The HTTP API's request limits: over them, 414 (request line), 431 (headers), 413 (body; the webhook intake's 1 MiB).
        java.util.Map<String, Object> limits = java.util.Map.of(
                "micronaut.server.netty.max-initial-line-length", 4096,
                "micronaut.server.netty.max-header-size", 8192,
                "micronaut.server.max-request-size", io.manybot.core.event.WebhookIntake.DEFAULT_MAX_BODY_BYTES);
        ApplicationContext context = Micronaut.build(new String[0]).banner(false).properties(limits).singletons(settings)
                .mainClass(OperatorCommand.class).start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            context.close();
            stopped.countDown();
        }, "manybot-shutdown"));
        stopped.await();
        return ExitCodes.OK;
    }
}
