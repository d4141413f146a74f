package io.manybot.cluster.cycle;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.manybot.cluster.operator.OperatorSettings;
import io.manybot.cluster.resource.ManybotResource;
import io.manybot.cluster.resource.WorkCycleResource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Kubernetes Job that runs one cycle in a runner pod ({@code manybot cycle --namespace N
 * --workcycle W}): owned by its WorkCycle (so pruning or deleting the WorkCycle removes it), with
 * resource limits, a deadline, no retries (a failed cycle is recorded, not repeated) and a scratch
 * volume for the mirror and checkout.
 */
public final class RunnerJobs {
    /** Kept a while after the pod ends, for {@code kubectl logs}. */
    static final int TTL_AFTER_FINISHED_SECONDS = 3600;
    /** Job names become pod labels: at most 63 characters. */
    static final int NAME_LIMIT = 63;

    private RunnerJobs() {}

    public static Job job(WorkCycleResource cycle, ManybotResource bot, OperatorSettings settings, Duration cycleTimeout) {
        String name = cycle.getMetadata().getName();
        String jobName = name.length() <= NAME_LIMIT ? name : name.substring(0, NAME_LIMIT).replaceAll("-+$", "");
        Map<String, String> labels = Map.of(WorkCycleResource.BOT_LABEL, cycle.getSpec().bot, WorkCycleResource.CYCLE_LABEL,
                cycle.getSpec().cycleId, "app.kubernetes.io/name", "manybot", "app.kubernetes.io/component", "runner");
        // The cycle's own deadline stops it at a phase boundary; the pod's deadline is a backstop a little later.
        long deadline = Math.min(settings.runnerDeadline().toSeconds(), cycleTimeout.toSeconds() + 300);
        return new JobBuilder()
                .withNewMetadata()
                    .withName(jobName)
                    .withNamespace(cycle.getMetadata().getNamespace())
                    .withLabels(labels)
                    .withOwnerReferences(new OwnerReferenceBuilder()
                            .withApiVersion(cycle.getApiVersion()).withKind(cycle.getKind())
                            .withName(name).withUid(cycle.getMetadata().getUid())
                            .withController(true).withBlockOwnerDeletion(true).build())
                .endMetadata()
                .withNewSpec()
                    .withBackoffLimit(0)
                    .withActiveDeadlineSeconds(deadline)
                    .withTtlSecondsAfterFinished(TTL_AFTER_FINISHED_SECONDS)
                    .withNewTemplate()
                        .withNewMetadata().withLabels(labels).endMetadata()
                        .withNewSpec()
                            .withServiceAccountName(settings.serviceAccount())
                            .withRestartPolicy("Never")
                            // the runner pod is the agent CLIs' sandbox: non-root, no capabilities, RuntimeDefault seccomp,
                            // read-only root filesystem; only the work directory and /tmp (their throw-away HOMEs) are writable
                            .withNewSecurityContext().withRunAsNonRoot(true).withRunAsUser(10001L).withRunAsGroup(10001L)
                                .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile().endSecurityContext()
                            .addNewContainer()
                                .withName("runner")
                                .withImage(settings.runnerImage())
                                .withArgs(List.of("cycle", "--namespace", cycle.getMetadata().getNamespace(), "--workcycle", name))
                                .withResources(resources(bot, settings))
                                .withEnv(environment(settings))
                                .addNewVolumeMount().withName("work").withMountPath("/var/lib/manybot").endVolumeMount()
                                .addNewVolumeMount().withName("tmp").withMountPath("/tmp").endVolumeMount()
                                .withNewSecurityContext().withAllowPrivilegeEscalation(false).withReadOnlyRootFilesystem(true)
                                    .withNewCapabilities().withDrop("ALL").endCapabilities().endSecurityContext()
                            .endContainer()
                            .addNewVolume().withName("work").withNewEmptyDir().endEmptyDir().endVolume()
                            .addNewVolume().withName("tmp").withNewEmptyDir().endEmptyDir().endVolume()
                        .endSpec()
                    .endTemplate()
                .endSpec()
                .build();
    }

    /** The Manybot's own requests and limits, else the operator's defaults (requests default to the limits). */
    static ResourceRequirements resources(ManybotResource bot, OperatorSettings settings) {
        if (bot.getSpec().runner != null && bot.getSpec().runner.resources != null) {
            return bot.getSpec().runner.resources;
        }
        Map<String, Quantity> limits = Map.of("cpu", new Quantity(settings.runnerCpu()), "memory", new Quantity(settings.runnerMemory()));
        Map<String, Quantity> requests = Map.of(
                "cpu", new Quantity(settings.runnerCpuRequest() != null ? settings.runnerCpuRequest() : settings.runnerCpu()),
                "memory", new Quantity(settings.runnerMemoryRequest() != null ? settings.runnerMemoryRequest() : settings.runnerMemory()));
        return new ResourceRequirementsBuilder().withLimits(limits).withRequests(requests).build();
    }

    /** The runner's environment: its state directory, the default git Secret, and the provider keys from their Secrets. */
    static List<EnvVar> environment(OperatorSettings settings) {
        List<EnvVar> env = new ArrayList<>();
        env.add(new EnvVarBuilder().withName("MANYBOT_STATE_DIR").withValue("/var/lib/manybot").build());
        if (!settings.ownershipFiles().equals(io.manybot.core.ownership.OwnershipFiles.DEFAULT)) {
            // The runner gates the cycle's changes: it treats the same declarations directory as ownership files.
            env.add(new EnvVarBuilder().withName("MANYBOT_DECLARATIONS_DIRECTORY").withValue(settings.declarationsDirectory()).build());
        }
        if (settings.gitCredentialsSecret() != null) {
            env.add(new EnvVarBuilder().withName("MANYBOT_GIT_CREDENTIALS_SECRET").withValue(settings.gitCredentialsSecret()).build());
        }
        settings.runnerSecretEnv().forEach((name, ref) -> env.add(new EnvVarBuilder().withName(name)
                .withNewValueFrom().withNewSecretKeyRef().withName(ref.secret()).withKey(ref.key()).endSecretKeyRef().endValueFrom()
                .build()));
        return env;
    }
}
