package io.manybot.cluster.chart;

import io.manybot.cluster.operator.OperatorSettings;
import io.manybot.cluster.resource.ManybotSpec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code charts/manybot}: lints clean and renders what the operator needs, and no more. */
class HelmChartTest {
    static final Path CHART = CrdFiles.root().resolve("charts/manybot");
    static final String NAMESPACE = "manybot";

    /** group/resource verb, for every verb the operator's watched-namespace rules grant. */
    static final Set<String> NAMESPACED_PERMISSIONS = permissions(
            "manybot.io/manybots get list watch patch", "manybot.io/goals get list watch",
            "manybot.io/subscriptions get list watch", "manybot.io/workcycles get list watch create delete patch",
            "manybot.io/meetings get list watch patch", "manybot.io/meetings/status update patch", "manybot.io/meetings/finalizers update",
            "manybot.io/manybots/status update patch", "manybot.io/goals/status update patch",
            "manybot.io/subscriptions/status update patch", "manybot.io/workcycles/status update patch",
            "manybot.io/manybots/finalizers update", "manybot.io/goals/finalizers update",
            "manybot.io/subscriptions/finalizers update", "manybot.io/workcycles/finalizers update",
            "batch/jobs create get list watch delete", "/secrets get", "/configmaps get list watch create update",
            "/events create patch", "events.k8s.io/events create patch");

    @TempDir
    Path temp;

    @Test
    void lintIsClean() {
        LintResult result = new Helm(CHART).lint().strict().call();
        String messages = String.join("\n", result.getMessages());
        assertFalse(result.isFailed(), "helm lint --strict failed:\n" + messages);
        assertFalse(messages.contains("[ERROR]"), messages);
        assertFalse(messages.contains("[WARNING]"), messages);
    }

    @Test
    void defaultsWatchAllNamespacesWithOneLeaderElectingReplica() {
        List<HasMetadata> objects = render(null);
        Deployment deployment = only(objects, Deployment.class);
        assertEquals("manybot", deployment.getMetadata().getName());
        assertEquals(NAMESPACE, deployment.getMetadata().getNamespace());
        assertEquals("0", deployment.getMetadata().getAnnotations().get("argocd.argoproj.io/sync-wave"));
        assertEquals(1, deployment.getSpec().getReplicas());
        PodSpec pod = deployment.getSpec().getTemplate().getSpec();
        Container container = pod.getContainers().get(0);
        assertEquals("ghcr.io/manybot/manybot:0.1.0", container.getImage(), "the tag defaults to appVersion");
        assertEquals(List.of("operator"), container.getArgs());
        assertTrue(container.getCommand() == null || container.getCommand().isEmpty(), "the image's entrypoint runs manybot");
        Map<String, EnvVar> env = env(container);
        assertEquals("", env.get("MANYBOT_NAMESPACES").getValue());
        assertEquals("true", env.get("MANYBOT_LEADER_ELECTION").getValue());
        assertEquals("manybot-operator", env.get("MANYBOT_LEASE_NAME").getValue());
        assertEquals("metadata.namespace", env.get("MANYBOT_LEASE_NAMESPACE").getValueFrom().getFieldRef().getFieldPath());
        assertEquals("in-process", env.get("MANYBOT_RUNNER_MODE").getValue());
        assertEquals("ghcr.io/manybot/manybot:0.1.0", env.get("MANYBOT_RUNNER_IMAGE").getValue());
        assertEquals("3600", env.get("MANYBOT_RUNNER_DEADLINE_SECONDS").getValue());
        assertEquals("/var/lib/manybot", env.get("MANYBOT_STATE_DIR").getValue());
        for (String unset : List.of("OPENAI_API_KEY", "ANTHROPIC_API_KEY", "MANYBOT_WEBHOOK_SECRET", "MANYBOT_GIT_CREDENTIALS_SECRET",
                "MANYBOT_DECLARATIONS_DIRECTORY",
                "MANYBOT_RUNNER_CPU_LIMIT", "MANYBOT_RUNNER_MEMORY_LIMIT", "MANYBOT_RUNNER_SECRET_ENV", "MANYBOT_DIRECTIVES_CONFIGMAP",
                "MANYBOT_GITLAB_TOKEN", "MANYBOT_API_KEYS", "MANYBOT_REDACT")) {
            assertFalse(env.containsKey(unset), unset + " is only passed when set");
        }

        assertEquals("http", container.getPorts().get(0).getName());
        assertEquals(8080, container.getPorts().get(0).getContainerPort());
        for (var probe : List.of(container.getLivenessProbe(), container.getReadinessProbe())) {
            assertEquals("/health", probe.getHttpGet().getPath());
            assertEquals("http", probe.getHttpGet().getPort().getStrVal());
        }

        assertTrue(pod.getSecurityContext().getRunAsNonRoot());
        assertEquals(10001L, pod.getSecurityContext().getRunAsUser());
        assertTrue(container.getSecurityContext().getReadOnlyRootFilesystem());
        assertFalse(container.getSecurityContext().getAllowPrivilegeEscalation());
        assertEquals(List.of("ALL"), container.getSecurityContext().getCapabilities().getDrop());
        String stateVolume = container.getVolumeMounts().stream().filter(m -> m.getMountPath().equals("/var/lib/manybot"))
                .findFirst().orElseThrow().getName();
        assertNotNull(pod.getVolumes().stream().filter(v -> v.getName().equals(stateVolume)).findFirst().orElseThrow().getEmptyDir(),
                "mirrors and checkouts go to an emptyDir (the root filesystem is read-only)");

        ServiceAccount account = only(objects, ServiceAccount.class);
        assertEquals(account.getMetadata().getName(), pod.getServiceAccountName());
        Service service = only(objects, Service.class);
        assertEquals(8080, service.getSpec().getPorts().get(0).getPort());
        assertEquals("http", service.getSpec().getPorts().get(0).getTargetPort().getStrVal());
        assertEquals(deployment.getSpec().getSelector().getMatchLabels(), service.getSpec().getSelector());

        // RBAC: one ClusterRole for everything in every namespace; the Lease only in the release namespace.
        ClusterRole operator = named(objects, ClusterRole.class, "manybot");
        assertEquals(NAMESPACED_PERMISSIONS, permissions(operator.getRules()));
        ClusterRoleBinding binding = named(objects, ClusterRoleBinding.class, "manybot");
        assertEquals("manybot", binding.getRoleRef().getName());
        assertEquals(account.getMetadata().getName(), binding.getSubjects().get(0).getName());
        assertEquals(NAMESPACE, binding.getSubjects().get(0).getNamespace());
        assertEquals(permissions("authentication.k8s.io/tokenreviews create", "authorization.k8s.io/subjectaccessreviews create"),
                permissions(named(objects, ClusterRole.class, "manybot-tokenreview").getRules()));
        Role lease = named(objects, Role.class, "manybot-leader-election");
        assertEquals(NAMESPACE, lease.getMetadata().getNamespace());
        assertEquals(permissions("coordination.k8s.io/leases get create update"), permissions(lease.getRules()));
        
        // Aggregated roles: editors of a namespace may trigger, pause and resume its bots; viewers read.
        ClusterRole edit = named(objects, ClusterRole.class, "manybot-edit");
        assertEquals("true", edit.getMetadata().getLabels().get("rbac.authorization.k8s.io/aggregate-to-edit"));
        assertEquals("true", edit.getMetadata().getLabels().get("rbac.authorization.k8s.io/aggregate-to-admin"));
        assertTrue(permissions(edit.getRules()).containsAll(permissions("manybot.io/manybots trigger pause",
                "manybot.io/manybots get list watch create update patch delete deletecollection", "manybot.io/meetings hold")),
                edit.getRules().toString());
        ClusterRole view = named(objects, ClusterRole.class, "manybot-view");
        assertEquals("true", view.getMetadata().getLabels().get("rbac.authorization.k8s.io/aggregate-to-view"));
        assertEquals(permissions("manybot.io/manybots get list watch", "manybot.io/goals get list watch",
                "manybot.io/subscriptions get list watch", "manybot.io/workcycles get list watch", "manybot.io/manybots/status get",
                "manybot.io/goals/status get", "manybot.io/subscriptions/status get", "manybot.io/workcycles/status get",
                "manybot.io/meetings get list watch", "manybot.io/meetings/status get"),
                permissions(view.getRules()), "view only reads");

        // The HTTP address is a setting; the grace period leaves the operator time to stop a cycle and release its Lease.
        assertEquals("0.0.0.0", env.get("MANYBOT_HTTP_HOST").getValue());
        assertEquals("8080", env.get("MANYBOT_HTTP_PORT").getValue());
        assertEquals(60L, pod.getTerminationGracePeriodSeconds());
        // The webhook delivery log: one ConfigMap in the release namespace, created, read and updated.
        Role deliveries = named(objects, Role.class, "manybot-webhook-deliveries");
        assertEquals(NAMESPACE, deliveries.getMetadata().getNamespace());
        assertEquals(permissions("/configmaps create get update"), permissions(deliveries.getRules()));
        assertEquals(2, ofKind(objects, Role.class).size());
        assertEquals(4, ofKind(objects, ClusterRole.class).size());
    }

    @Test
    void listedNamespacesGetARoleEachAndTheRestFollowsTheValues() throws IOException {
        Path values = temp.resolve("values.yaml");
        Files.writeString(values, """
                replicas: 2
                leaderElection:
                  enabled: false
                watchNamespaces: [team-a, team-b]
                runner:
                  mode: job
                  image: ghcr.io/acme/runner:1.2
                  activeDeadlineSeconds: 900
                  resources:
                    requests: {cpu: 500m, memory: 512Mi}
                    limits: {cpu: "2", memory: 2Gi}
                git:
                  credentialsSecret: shop-git
                  declarationsDirectory: deploy/manybot
                providers:
                  openai: {secretName: llm-keys, key: openai}
                  anthropic: {secretName: llm-keys, key: anthropic}
                webhook:
                  secretName: hooks
                  gitlabTokenSecretName: gitlab-hooks
                api:
                  keysSecretName: api-keys
                  redactRules: ['acme-[0-9a-f]{16}', 'internal\\.example\\.com']
                image:
                  tag: "0.2.0"
                extraArgs: ["--verbose"]
                """);
        List<HasMetadata> objects = render(values);
        Deployment deployment = only(objects, Deployment.class);
        assertEquals(2, deployment.getSpec().getReplicas());
        Container container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertEquals("ghcr.io/manybot/manybot:0.2.0", container.getImage());
        assertEquals(List.of("operator", "--verbose"), container.getArgs());
        Map<String, EnvVar> env = env(container);
        assertEquals("team-a,team-b", env.get("MANYBOT_NAMESPACES").getValue());
        assertEquals("true", env.get("MANYBOT_LEADER_ELECTION").getValue(), "two replicas always elect a leader");
        assertEquals("job", env.get("MANYBOT_RUNNER_MODE").getValue());
        assertEquals("ghcr.io/acme/runner:1.2", env.get("MANYBOT_RUNNER_IMAGE").getValue());
        assertEquals("900", env.get("MANYBOT_RUNNER_DEADLINE_SECONDS").getValue());
        assertEquals("500m", env.get("MANYBOT_RUNNER_CPU_REQUEST").getValue());
        assertEquals("512Mi", env.get("MANYBOT_RUNNER_MEMORY_REQUEST").getValue());
        assertEquals("2", env.get("MANYBOT_RUNNER_CPU_LIMIT").getValue());
        assertEquals("2Gi", env.get("MANYBOT_RUNNER_MEMORY_LIMIT").getValue());
        assertEquals("shop-git", env.get("MANYBOT_GIT_CREDENTIALS_SECRET").getValue());
        assertEquals("deploy/manybot", env.get("MANYBOT_DECLARATIONS_DIRECTORY").getValue());
        assertEquals("deploy/manybot", io.manybot.cluster.operator.OperatorSettings.fromEnvironment(Map.of("MANYBOT_DECLARATIONS_DIRECTORY",
                env.get("MANYBOT_DECLARATIONS_DIRECTORY").getValue())).declarationsDirectory(), "the operator reads it");
        assertSecret(env.get("OPENAI_API_KEY"), "llm-keys", "openai");
        assertSecret(env.get("ANTHROPIC_API_KEY"), "llm-keys", "anthropic");
        assertSecret(env.get("MANYBOT_WEBHOOK_SECRET"), "hooks", "secret");
        assertSecret(env.get("MANYBOT_GITLAB_TOKEN"), "gitlab-hooks", "token");
        assertSecret(env.get("MANYBOT_API_KEYS"), "api-keys", "keys");
        assertEquals(2, io.manybot.core.audit.AuditLog.parseRules(env.get("MANYBOT_REDACT").getValue()).size(),
                env.get("MANYBOT_REDACT").getValue());
        assertTrue(io.manybot.core.audit.AuditLog.parseRules(env.get("MANYBOT_REDACT").getValue()).get(1).matcher("internal.example.com").matches());
        assertEquals("OPENAI_API_KEY=llm-keys:openai,ANTHROPIC_API_KEY=llm-keys:anthropic", env.get("MANYBOT_RUNNER_SECRET_ENV").getValue());

        // Job mode: runner pods run as a service account of their own in each watched namespace, with a
        // Role that reads the bot's resources and writes WorkCycle status only.
        assertEquals("manybot-runner", env.get("MANYBOT_SERVICE_ACCOUNT").getValue());
        Set<String> runnerAccounts = ofKind(objects, io.fabric8.kubernetes.api.model.ServiceAccount.class).stream()
                .filter(a -> a.getMetadata().getName().equals("manybot-runner")).map(a -> a.getMetadata().getNamespace()).collect(Collectors.toSet());
        assertEquals(Set.of("team-a", "team-b"), runnerAccounts);
        List<Role> runnerRoles = ofKind(objects, Role.class).stream().filter(r -> r.getMetadata().getName().endsWith("-runner")).toList();
        assertEquals(2, runnerRoles.size());
        runnerRoles.forEach(role -> assertTrue(role.getRules().stream()
                .noneMatch(r -> r.getVerbs().contains("create") || r.getVerbs().contains("delete")), "runners create and delete nothing"));
        // a runner updates the team board and the pull requests' ConfigMap the operator created, and no other ConfigMap
        runnerRoles.forEach(role -> assertEquals(List.of(List.of("manybot-team", "manybot-proposals")), role.getRules().stream()
                .filter(r -> r.getResources().contains("configmaps")).map(r -> r.getResourceNames()).toList()));
        Set<String> runnerBindings = ofKind(objects, RoleBinding.class).stream()
                .filter(b -> b.getRoleRef().getName().endsWith("-runner"))
                .map(b -> b.getMetadata().getNamespace() + "/" + b.getSubjects().get(0).getName()).collect(Collectors.toSet());
        assertEquals(Set.of("team-a/manybot-runner", "team-b/manybot-runner"), runnerBindings);

        // The operator reads what the chart writes.
        Map<String, String> plain = env.values().stream().filter(e -> e.getValue() != null)
                .collect(Collectors.toMap(e -> e.getName(), e -> e.getValue()));
        OperatorSettings read = OperatorSettings.fromEnvironment(plain);
        assertEquals(ManybotSpec.RunnerMode.JOB, read.runnerMode());
        assertEquals("500m", read.runnerCpuRequest());
        assertEquals("2Gi", read.runnerMemory());
        assertEquals("shop-git", read.gitCredentialsSecret());
        assertEquals(Map.of("OPENAI_API_KEY", new OperatorSettings.SecretKey("llm-keys", "openai"),
                "ANTHROPIC_API_KEY", new OperatorSettings.SecretKey("llm-keys", "anthropic")), read.runnerSecretEnv());
        assertEquals(List.of("team-a", "team-b"), read.namespaces());

        Map<String, Role> roles = ofKind(objects, Role.class).stream()
                .filter(r -> r.getMetadata().getName().equals("manybot"))
                .collect(Collectors.toMap(r -> r.getMetadata().getNamespace(), r -> r));
        assertEquals(Set.of("team-a", "team-b"), roles.keySet());
        roles.values().forEach(role -> assertEquals(NAMESPACED_PERMISSIONS, permissions(role.getRules())));
        Set<String> bound = ofKind(objects, RoleBinding.class).stream()
                .filter(b -> b.getRoleRef().getName().equals("manybot"))
                .map(b -> b.getMetadata().getNamespace()).collect(Collectors.toSet());
        assertEquals(Set.of("team-a", "team-b"), bound);
        assertEquals(Set.of("manybot-tokenreview", "manybot-edit", "manybot-view"),
                ofKind(objects, ClusterRole.class).stream().map(r -> r.getMetadata().getName()).collect(Collectors.toSet()),
                "watching listed namespaces grants the operator nothing cluster-wide but token and access reviews");
        assertEquals(NAMESPACE, named(objects, Role.class, "manybot-leader-election").getMetadata().getNamespace());
    }

    @Test
    void liveDirectivesComeFromAConfigMapInTheReleaseNamespaceTheOperatorMayWatch() throws IOException {
        Path values = temp.resolve("values.yaml");
        Files.writeString(values, """
                watchNamespaces: [team-a]
                directives:
                  create: true
                  content: |
                    <!--
                    _meta:
                      updated: 2026-11-24T12:00:00Z
                      version: 1
                      status: paused
                    -->
                """);
        List<HasMetadata> objects = render(values);
        Container container = only(objects, Deployment.class).getSpec().getTemplate().getSpec().getContainers().get(0);
        Map<String, EnvVar> env = env(container);
        assertEquals("manybot-directives", env.get("MANYBOT_DIRECTIVES_CONFIGMAP").getValue());
        ConfigMap configMap = only(objects, ConfigMap.class);
        assertEquals("manybot-directives", configMap.getMetadata().getName());
        assertEquals(NAMESPACE, configMap.getMetadata().getNamespace());
        assertTrue(configMap.getData().get("MARATHON.md").contains("status: paused"), configMap.getData().toString());
        assertTrue(io.manybot.core.directives.DirectivesParser.parse("MARATHON.md",
                configMap.getData().get("MARATHON.md").getBytes(java.nio.charset.StandardCharsets.UTF_8)).directives().orElseThrow().paused());

        // The release namespace is not watched here: a Role there lets the operator watch the ConfigMap and tell about it.
        Role role = named(objects, Role.class, "manybot-directives");
        assertEquals(NAMESPACE, role.getMetadata().getNamespace());
        assertEquals(permissions("/configmaps get list watch", "/events create patch"), permissions(role.getRules()));
        RoleBinding binding = named(objects, RoleBinding.class, "manybot-directives");
        assertEquals(NAMESPACE, binding.getMetadata().getNamespace());
        assertEquals("manybot-directives", binding.getRoleRef().getName());
        assertEquals(only(objects, ServiceAccount.class).getMetadata().getName(), binding.getSubjects().get(0).getName());

        Map<String, String> plain = new java.util.HashMap<>(env.values().stream().filter(e -> e.getValue() != null)
                .collect(Collectors.toMap(e -> e.getName(), e -> e.getValue())));
        plain.put("MANYBOT_LEASE_NAMESPACE", NAMESPACE); // what the downward API gives the pod
        OperatorSettings read = OperatorSettings.fromEnvironment(plain);
        assertEquals("manybot-directives", read.directivesConfigMap());
        assertEquals(NAMESPACE, read.directivesNamespace(), "the directives ConfigMap is in the operator's namespace");

        Files.writeString(values, "directives:\n  configMap: ops-directives\n");
        List<HasMetadata> named = render(values);
        assertEquals("ops-directives", env(only(named, Deployment.class).getSpec().getTemplate().getSpec().getContainers().get(0))
                .get("MANYBOT_DIRECTIVES_CONFIGMAP").getValue());
        assertTrue(ofKind(named, ConfigMap.class).isEmpty(), "an existing ConfigMap is only watched, not rendered");
        assertEquals(permissions("/configmaps get list watch", "/events create patch"),
                permissions(named(named, Role.class, "manybot-directives").getRules()));
    }

    @Test
    void oneReplicaWithoutLeaderElectionNeedsNoLease() throws IOException {
        Path values = temp.resolve("values.yaml");
        Files.writeString(values, "leaderElection:\n  enabled: false\n");
        List<HasMetadata> objects = render(values);
        Container container = only(objects, Deployment.class).getSpec().getTemplate().getSpec().getContainers().get(0);
        assertEquals("false", env(container).get("MANYBOT_LEADER_ELECTION").getValue());
        assertTrue(ofKind(objects, Role.class).stream().flatMap(r -> r.getRules().stream()).noneMatch(r -> r.getResources().contains("leases")),
                "no Lease permissions without leader election");
    }

    @Test
    void noRuleUsesWildcardsAndSecretsAreOnlyRead() throws IOException {
        Path values = temp.resolve("values.yaml");
        Files.writeString(values, "watchNamespaces: [team-a]\n");
        List<PolicyRule> rules = new ArrayList<>();
        for (List<HasMetadata> objects : List.of(render(null), render(values))) {
            ofKind(objects, ClusterRole.class).forEach(r -> rules.addAll(r.getRules()));
            ofKind(objects, Role.class).forEach(r -> rules.addAll(r.getRules()));
        }
        assertFalse(rules.isEmpty());
        for (PolicyRule rule : rules) {
            for (List<String> list : List.of(rule.getVerbs(), rule.getResources(), rule.getApiGroups())) {
                assertFalse(list.contains("*"), "wildcard in " + rule);
            }
            assertTrue(rule.getResourceNames() == null || rule.getResourceNames().isEmpty());
            assertTrue(rule.getNonResourceURLs() == null || rule.getNonResourceURLs().isEmpty());
            if (rule.getResources().contains("secrets")) {
                assertEquals(List.of("get"), rule.getVerbs(), "secrets are only read (git credentials)");
                assertEquals(List.of("secrets"), rule.getResources());
            }
        }
    }

    @Test
    void theChartShipsTheCrds() throws IOException {
        // helm-java's template has no --include-crds; `helm show crds` lists what Helm installs before the templates.
        // (It concatenates the files as they are; each starts with the generated header.)
        String shown = new Helm(CHART).show().crds().call().replaceAll("(?m)^(?=# Generated from the classes)", "---\n");
        List<CustomResourceDefinition> crds = ofKind(parse(shown), CustomResourceDefinition.class);
        assertEquals(Set.of("manybots.manybot.io", "goals.manybot.io", "subscriptions.manybot.io", "workcycles.manybot.io",
                "meetings.manybot.io"),
                crds.stream().map(c -> c.getMetadata().getName()).collect(Collectors.toSet()), "helm show crds lists the chart's CRDs");
        assertTrue(ofKind(render(null), CustomResourceDefinition.class).isEmpty(), "CRDs are not templates (Helm installs crds/ first)");
        for (String plural : CrdFiles.KINDS.keySet()) {
            assertEquals(Files.readString(CrdFiles.checkedIn(plural).get(0)), Files.readString(CrdFiles.checkedIn(plural).get(1)),
                    "charts/manybot/crds/ is a copy of crds/");
        }
    }

    // ---- helpers

    static List<HasMetadata> render(Path valuesFile) {
        // The CRDs use CEL rules (x-kubernetes-validations): Kubernetes 1.25 or later, as Chart.yaml says.
        var template = new Helm(CHART).template().withName("manybot").withNamespace(NAMESPACE).withKubeVersion("v1.30.0");
        if (valuesFile != null) {
            template = template.withValuesFile(valuesFile);
        }
        return parse(template.call());
    }

    static List<HasMetadata> parse(String yaml) {
        List<HasMetadata> result = new ArrayList<>();
        for (String document : yaml.split("(?m)^---\\s*$")) {
            boolean empty = document.lines().allMatch(line -> line.isBlank() || line.trim().startsWith("#"));
            if (!empty) {
                result.add(Serialization.unmarshal(document, HasMetadata.class));
            }
        }
        return result;
    }

    static <T extends HasMetadata> List<T> ofKind(List<HasMetadata> objects, Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    static <T extends HasMetadata> T only(List<HasMetadata> objects, Class<T> type) {
        List<T> found = ofKind(objects, type);
        assertEquals(1, found.size(), "one " + type.getSimpleName());
        return found.get(0);
    }

    static <T extends HasMetadata> T named(List<HasMetadata> objects, Class<T> type, String name) {
        return ofKind(objects, type).stream().filter(o -> o.getMetadata().getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " " + name));
    }

    static Map<String, EnvVar> env(Container container) {
        return container.getEnv().stream().collect(Collectors.toMap(EnvVar::getName, e -> e));
    }

    static void assertSecret(EnvVar var, String secret, String key) {
        assertNotNull(var, "env var from a secret");
        assertEquals(secret, var.getValueFrom().getSecretKeyRef().getName());
        assertEquals(key, var.getValueFrom().getSecretKeyRef().getKey());
    }

    /** "group/resource verb verb …" lines → one "group/resource verb" per verb. */
    static Set<String> permissions(String... lines) {
        Set<String> result = new TreeSet<>();
        for (String line : lines) {
            String[] parts = line.split(" ");
            for (int i = 1; i < parts.length; i++) {
                result.add(parts[0] + " " + parts[i]);
            }
        }
        return result;
    }

    static Set<String> permissions(List<PolicyRule> rules) {
        Set<String> result = new TreeSet<>();
        for (PolicyRule rule : rules) {
            for (String group : rule.getApiGroups()) {
                for (String resource : rule.getResources()) {
                    for (String verb : rule.getVerbs()) {
                        result.add(group + "/" + resource + " " + verb);
                    }
                }
            }
        }
        return result;
    }
}
