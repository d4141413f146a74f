package io.manybot.cluster.operator;

import io.manybot.cluster.resource.ManybotSpec;
import io.manybot.core.declaration.Durations;
import io.manybot.core.ownership.OwnershipFiles;
import io.manybot.core.repo.PathRefusedException;
import io.manybot.core.repo.RepoPath;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * How the operator runs, from its environment (the chart sets these variables).
 *
 * @param namespaces the namespaces to watch; empty for all
 * @param runnerMode where cycles run unless a Manybot says otherwise
 * @param runnerImage the image of runner pods (job mode)
 * @param runnerCpu the CPU limit of runner pods (job mode), e.g. "1"
 * @param runnerMemory the memory limit of runner pods (job mode), e.g. "1Gi"
 * @param runnerDeadline the longest a runner pod may run (activeDeadlineSeconds)
 * @param stateDirectory where mirrors and checkouts live
 * @param fetchInterval how often a repository mirror is fetched at most (a forced reconcile fetches at once)
 * @param workers how many in-process cycles run at once
 * @param serviceAccount the service account runner pods run as (needs to patch WorkCycle status)
 * @param runnerCpuRequest the CPU request of runner pods, or null for the limit
 * @param runnerMemoryRequest the memory request of runner pods, or null for the limit
 * @param gitCredentialsSecret the Secret (in the bot's namespace) used when a Manybot names none, or null
 * @param runnerSecretEnv environment variables runner pods take from Secrets: name → secret and key
 *     (the provider API keys), as the operator's own pod does
 * @param directivesConfigMap the ConfigMap whose key {@value #DIRECTIVES_KEY} holds the live directives, or null for none
 * @param directivesNamespace the namespace of that ConfigMap (defaults to the lease namespace, the operator pod's)
 * @param declarationsDirectory the repositories' directory holding Manybot/Goal YAML applied to the cluster (e.g. synced
 *     by Argo CD), {@code .manybot} unless set: a bot's change to a YAML file there goes to review like an OWNERS change
 */
public record OperatorSettings(
        List<String> namespaces,
        boolean leaderElection,
        String leaseName,
        String leaseNamespace,
        ManybotSpec.RunnerMode runnerMode,
        String runnerImage,
        String runnerCpu,
        String runnerMemory,
        Duration runnerDeadline,
        Path stateDirectory,
        Duration fetchInterval,
        int workers,
        String serviceAccount,
        String runnerCpuRequest,
        String runnerMemoryRequest,
        String gitCredentialsSecret,
        Map<String, SecretKey> runnerSecretEnv,
        String directivesConfigMap,
        String directivesNamespace,
        String declarationsDirectory) {

    public static final int DEFAULT_HISTORY = 10;
    /** The key of the directives ConfigMap that holds the directives file. */
    public static final String DIRECTIVES_KEY = "MARATHON.md";

    /** A key of a Secret in the runner's namespace. */
    public record SecretKey(String secret, String key) {}

    public OperatorSettings {
        namespaces = List.copyOf(namespaces);
        runnerSecretEnv = Map.copyOf(runnerSecretEnv);
        declarationsDirectory = declarationsDirectory == null ? OwnershipFiles.DEFAULT_DIRECTORY : declarationsDirectory;
        try {
            declarationsDirectory = RepoPath.normalize(declarationsDirectory);
        } catch (PathRefusedException e) {
            throw new IllegalArgumentException("MANYBOT_DECLARATIONS_DIRECTORY: " + e.getMessage(), e);
        }
    }

    /** With the default declarations directory ({@code .manybot}). */
    public OperatorSettings(List<String> namespaces, boolean leaderElection, String leaseName, String leaseNamespace,
            ManybotSpec.RunnerMode runnerMode, String runnerImage, String runnerCpu, String runnerMemory, Duration runnerDeadline,
            Path stateDirectory, Duration fetchInterval, int workers, String serviceAccount, String runnerCpuRequest,
            String runnerMemoryRequest, String gitCredentialsSecret, Map<String, SecretKey> runnerSecretEnv,
            String directivesConfigMap, String directivesNamespace) {
        this(namespaces, leaderElection, leaseName, leaseNamespace, runnerMode, runnerImage, runnerCpu, runnerMemory, runnerDeadline,
                stateDirectory, fetchInterval, workers, serviceAccount, runnerCpuRequest, runnerMemoryRequest, gitCredentialsSecret,
                runnerSecretEnv, directivesConfigMap, directivesNamespace, null);
    }

    /** These settings with another declarations directory. */
    public OperatorSettings withDeclarationsDirectory(String directory) {
        return new OperatorSettings(namespaces, leaderElection, leaseName, leaseNamespace, runnerMode, runnerImage, runnerCpu, runnerMemory,
                runnerDeadline, stateDirectory, fetchInterval, workers, serviceAccount, runnerCpuRequest, runnerMemoryRequest,
                gitCredentialsSecret, runnerSecretEnv, directivesConfigMap, directivesNamespace, directory);
    }

    /** The paths bots change only through review, this operator's declarations directory among them. */
    public OwnershipFiles ownershipFiles() {
        return OwnershipFiles.declaredIn(declarationsDirectory);
    }

    /** The Secret to read git credentials from: the Manybot's own, else the operator's default (null: none). */
    public String credentialsSecret(String declared) {
        return declared != null ? declared : gitCredentialsSecret;
    }

    /** From MANYBOT_* variables; anything unset takes its default. */
    public static OperatorSettings fromEnvironment(Map<String, String> env) {
        List<String> namespaces = Arrays.stream(env.getOrDefault("MANYBOT_NAMESPACES", "").split(","))
                .map(String::strip).filter(s -> !s.isEmpty()).toList();
        String mode = env.getOrDefault("MANYBOT_RUNNER_MODE", "in-process");
        ManybotSpec.RunnerMode runnerMode = switch (mode) {
            case "job" -> ManybotSpec.RunnerMode.JOB;
            case "in-process" -> ManybotSpec.RunnerMode.IN_PROCESS;
            default -> throw new IllegalArgumentException("MANYBOT_RUNNER_MODE is '" + mode + "'; expected in-process or job");
        };
        return new OperatorSettings(namespaces,
                Boolean.parseBoolean(env.getOrDefault("MANYBOT_LEADER_ELECTION", "false")),
                env.getOrDefault("MANYBOT_LEASE_NAME", "manybot-operator"),
                env.get("MANYBOT_LEASE_NAMESPACE"),
                runnerMode,
                env.getOrDefault("MANYBOT_RUNNER_IMAGE", "ghcr.io/manybot/manybot:0.1.0"),
                env.getOrDefault("MANYBOT_RUNNER_CPU_LIMIT", "1"),
                env.getOrDefault("MANYBOT_RUNNER_MEMORY_LIMIT", "1Gi"),
                Duration.ofSeconds(Long.parseLong(env.getOrDefault("MANYBOT_RUNNER_DEADLINE_SECONDS", "3600"))),
                Path.of(env.getOrDefault("MANYBOT_STATE_DIR", System.getProperty("java.io.tmpdir") + "/manybot-operator")),
                Durations.parse(env.getOrDefault("MANYBOT_FETCH_INTERVAL", "1m")),
                Integer.parseInt(env.getOrDefault("MANYBOT_WORKERS", "2")),
                env.getOrDefault("MANYBOT_SERVICE_ACCOUNT", "manybot"),
                blankToNull(env.get("MANYBOT_RUNNER_CPU_REQUEST")),
                blankToNull(env.get("MANYBOT_RUNNER_MEMORY_REQUEST")),
                blankToNull(env.get("MANYBOT_GIT_CREDENTIALS_SECRET")),
                secretEnv(env.getOrDefault("MANYBOT_RUNNER_SECRET_ENV", "")),
                blankToNull(env.get("MANYBOT_DIRECTIVES_CONFIGMAP")),
                directivesNamespace(env),
                blankToNull(env.get("MANYBOT_DECLARATIONS_DIRECTORY")));
    }

    /** MANYBOT_DIRECTIVES_NAMESPACE, else the lease namespace (the chart sets it to the pod's), else POD_NAMESPACE. */
    private static String directivesNamespace(Map<String, String> env) {
        for (String name : List.of("MANYBOT_DIRECTIVES_NAMESPACE", "MANYBOT_LEASE_NAMESPACE", "POD_NAMESPACE")) {
            String value = blankToNull(env.get(name));
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    /** {@code NAME=secret:key,NAME=secret:key} (the chart writes it from the provider values). */
    static Map<String, SecretKey> secretEnv(String spec) {
        Map<String, SecretKey> result = new java.util.LinkedHashMap<>();
        for (String entry : spec.split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            String[] nameAndRef = entry.strip().split("=", 2);
            String[] secretAndKey = nameAndRef.length == 2 ? nameAndRef[1].split(":", 2) : new String[0];
            if (secretAndKey.length != 2 || nameAndRef[0].isBlank() || secretAndKey[0].isBlank() || secretAndKey[1].isBlank()) {
                throw new IllegalArgumentException("MANYBOT_RUNNER_SECRET_ENV: '" + entry.strip() + "' is not NAME=secret:key");
            }
            result.put(nameAndRef[0].strip(), new SecretKey(secretAndKey[0].strip(), secretAndKey[1].strip()));
        }
        return result;
    }

    public Path mirrors() {
        return stateDirectory.resolve("mirrors");
    }

    public Path checkouts() {
        return stateDirectory.resolve("checkouts");
    }
}
