package io.manybot.cluster.cycle;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.manybot.cluster.operator.OperatorSettings;
import io.manybot.core.agents.BotAgentsFactory;
import io.manybot.core.cycle.CycleRunner;
import io.manybot.core.cycle.WorkCycle;
import io.manybot.core.mirror.RepositoryMirrors;
import io.manybot.core.process.ProcessRunner;
import io.manybot.core.secret.SecretRedactor;
import java.time.Clock;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * What a runner pod ({@code manybot cycle --namespace NS --workcycle NAME}) does: runs its WorkCycle
 * through the core with a mirror of its own, writing the WorkCycle's status phase by phase, and stops
 * at the next phase boundary when the pod shuts down or the operator asks it to
 * ({@link WorkCycleStopSignal}: the bot was paused or suspended).
 */
public final class RunnerPod {
    private RunnerPod() {}

    /** Runs WorkCycle {@code namespace/workCycle}; {@code shutdown} says the pod is stopping. Status by server-side apply. */
    public static WorkCycle run(KubernetesClient client, OperatorSettings settings, String namespace, String workCycle,
            BooleanSupplier shutdown, SecretRedactor redactor, Clock clock) throws InterruptedException {
        return run(client, settings, namespace, workCycle, shutdown, redactor, clock, true);
    }

    /** As {@link #run}, with status written by server-side apply or (the fabric8 mock) by update. */
    public static WorkCycle run(KubernetesClient client, OperatorSettings settings, String namespace, String workCycle,
            BooleanSupplier shutdown, SecretRedactor redactor, Clock clock, boolean serverSideApply) throws InterruptedException {
        ProcessRunner processes = new ProcessRunner();
        try (RepositoryMirrors mirrors = new RepositoryMirrors(settings.mirrors(), settings.fetchInterval(), clock)) {
            ClusterCycle cycle = new ClusterCycle(client, mirrors, new CycleRunner(processes, Map.of(), clock, false, redactor, settings.ownershipFiles()),
                    new BotAgentsFactory(processes, Map.of(), System.getenv(), redactor, io.manybot.core.executor.cli.Confinement.pod()), redactor, settings, clock, serverSideApply);
            return cycle.run(namespace, workCycle, new WorkCycleStopSignal(client, namespace, workCycle, shutdown, clock));
        }
    }
}
