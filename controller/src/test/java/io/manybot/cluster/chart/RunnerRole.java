package io.manybot.cluster.chart;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The rules of the chart's runner Role (job mode), rendered by Helm, and whether they allow an HTTP request a runner pod makes
 * to the API server: operator tests check that what a runner pod does is what the chart lets it do.
 */
public record RunnerRole(List<PolicyRule> rules) {

    /** The runner Role the chart renders for namespace {@code namespace} in job mode. */
    public static RunnerRole rendered(Path temp, String namespace) {
        Path values = temp.resolve("runner-role-values.yaml");
        try {
            Files.writeString(values, "runner:\n  mode: job\nwatchNamespaces: [" + namespace + "]\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<HasMetadata> objects = HelmChartTest.render(values);
        Role role = HelmChartTest.ofKind(objects, Role.class).stream()
                .filter(r -> r.getMetadata().getName().endsWith("-runner") && namespace.equals(r.getMetadata().getNamespace()))
                .findFirst().orElseThrow(() -> new AssertionError("the chart renders no runner Role in " + namespace));
        return new RunnerRole(role.getRules());
    }

    /** A request to the API server as RBAC sees it. */
    public record Access(String verb, String group, String resource, String subresource, String name) {
        /** From the request's method and path ({@code /api/v1/namespaces/NS/configmaps/NAME}, {@code /apis/G/V/namespaces/NS/R/NAME/status}). */
        public static Access of(String method, URI uri) {
            String[] parts = uri.getPath().replaceFirst("^/", "").split("/");
            int at = parts[0].equals("api") ? 2 : 3;
            String group = parts[0].equals("api") ? "" : parts[1];
            if (at < parts.length && parts[at].equals("namespaces") && at + 2 < parts.length) {
                at += 2;
            }
            String resource = parts[at];
            String name = at + 1 < parts.length ? parts[at + 1] : null;
            String subresource = at + 2 < parts.length ? parts[at + 2] : null;
            boolean watch = uri.getQuery() != null && uri.getQuery().contains("watch=true");
            String verb = switch (method) {
                case "GET" -> watch ? "watch" : name == null ? "list" : "get";
                case "PUT" -> "update";
                case "PATCH" -> "patch";
                case "POST" -> "create";
                case "DELETE" -> name == null ? "deletecollection" : "delete";
                default -> method.toLowerCase(java.util.Locale.ROOT);
            };
            return new Access(verb, group, resource, subresource, name);
        }

        @Override
        public String toString() {
            return verb + " " + (group.isEmpty() ? "" : group + "/") + resource + (subresource == null ? "" : "/" + subresource)
                    + (name == null ? "" : " " + name);
        }
    }

    public boolean allows(Access access) {
        String resource = access.resource() + (access.subresource() == null ? "" : "/" + access.subresource());
        return rules.stream().anyMatch(rule -> rule.getApiGroups().contains(access.group())
                && rule.getResources().contains(resource) && rule.getVerbs().contains(access.verb())
                && (rule.getResourceNames() == null || rule.getResourceNames().isEmpty()
                        || (access.name() != null && rule.getResourceNames().contains(access.name()))));
    }
}
