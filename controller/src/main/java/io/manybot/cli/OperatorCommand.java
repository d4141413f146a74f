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
        ApplicationContext context = Micronaut.build(new String[0]).banner(false).singletons(settings).mainClass(OperatorCommand.class).start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            context.close();
            stopped.countDown();
        }, "manybot-shutdown"));
        stopped.await();
        return ExitCodes.OK;
    }
}
