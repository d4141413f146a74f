package io.manybot.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.manybot.cluster.cycle.RunnerPod;
import io.manybot.cluster.operator.OperatorSettings;
import io.manybot.core.cycle.WorkCycle;
import io.manybot.core.secret.SecretRedactor;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code manybot cycle}: what a runner pod runs: one cycle of a WorkCycle resource, its status written as it goes. */
@Command(name = "cycle", mixinStandardHelpOptions = true,
        description = "Run the cycle of one WorkCycle resource (in a runner pod started by the operator in job mode).")
final class CycleCommand implements Callable<Integer> {
    @Option(names = "--namespace", required = true, description = "The WorkCycle's namespace.")
    String namespace;

    @Option(names = "--workcycle", required = true, description = "The WorkCycle's name.")
    String workCycle;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        OperatorSettings settings = OperatorSettings.fromEnvironment(System.getenv());
        Clock clock = Clock.systemUTC();
        SecretRedactor redactor = new SecretRedactor();
        AtomicBoolean stop = new AtomicBoolean();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop.set(true), "manybot-stop"));
        try (KubernetesClient client = new KubernetesClientBuilder().build()) {
            WorkCycle result = RunnerPod.run(client, settings, namespace, workCycle, stop::get, redactor, clock);
            PrintWriter out = spec.commandLine().getOut();
            out.println("cycle " + result.id() + " of " + result.bot() + ": " + result.outcome()
                    + (result.error() == null ? "" : " (" + redactor.redact(result.error()) + ")"));
            return result.outcome() != null && result.outcome().failure() ? ExitCodes.FAILURE : ExitCodes.OK;
        }
    }
}
