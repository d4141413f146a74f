package io.manybot.cluster.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.manybot.cluster.operator.OperatorMetrics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chart's monitoring: the Grafana dashboard ConfigMap, the ServiceMonitor and the PrometheusRule
 * (all behind values) lint clean and render as Grafana's sidecar and the Prometheus Operator expect,
 * and every metric their queries name is one the operator exports.
 */
class MonitoringChartTest {
    private static final String ALL_ON = """
            metrics:
              serviceMonitor: {enabled: true, labels: {release: kube-prometheus-stack}}
              prometheusRule: {enabled: true}
            grafana:
              dashboard: {enabled: true, annotations: {grafana_folder: Manybot}}
            """;
    private static final Pattern METRIC = Pattern.compile("\\bmanybot_[a-z_]+\\b");

    @TempDir
    Path temp;

    @Test
    void offByDefault() {
        List<HasMetadata> objects = HelmChartTest.render(null);
        assertTrue(objects.stream().noneMatch(o -> o.getKind().equals("ServiceMonitor") || o.getKind().equals("PrometheusRule")));
        assertTrue(objects.stream().noneMatch(o -> o.getMetadata().getName().endsWith("-grafana-dashboard")));
    }

    @Test
    void lintIsCleanWithEverythingOn() throws IOException {
        // helm lint reads the chart's own values: lint a copy whose values turn the monitoring on.
        Path chart = temp.resolve("manybot");
        copy(HelmChartTest.CHART, chart);
        Files.writeString(chart.resolve("values.yaml"), Files.readString(chart.resolve("values.yaml"))
                .replaceAll("(?m)^(    enabled:) false$", "$1 true"));
        assertTrue(Files.readString(chart.resolve("values.yaml")).contains("serviceMonitor:\n    # A ServiceMonitor scraping /metrics of the operator's Service.\n    enabled: true"));
        LintResult result = new Helm(chart).lint().strict().call();
        String messages = String.join("\n", result.getMessages());
        assertFalse(result.isFailed(), "helm lint --strict failed:\n" + messages);
        assertFalse(messages.contains("[WARNING]") || messages.contains("[ERROR]"), messages);
        List<HasMetadata> objects = HelmChartTest.parse(new Helm(chart).template().withName("manybot").withNamespace("manybot")
                .withKubeVersion("v1.30.0").call());
        assertEquals(1, objects.stream().filter(o -> o.getKind().equals("PrometheusRule")).count());
        assertEquals(1, objects.stream().filter(o -> o.getKind().equals("ServiceMonitor")).count());
    }

    @Test
    void theDashboardIsForGrafanasSidecarAndTheMonitorScrapesTheService() throws IOException {
        List<HasMetadata> objects = render();
        ConfigMap dashboard = HelmChartTest.named(objects, ConfigMap.class, "manybot-grafana-dashboard");
        assertEquals("1", dashboard.getMetadata().getLabels().get("grafana_dashboard"));
        assertEquals("Manybot", dashboard.getMetadata().getAnnotations().get("grafana_folder"));
        JsonNode json = new ObjectMapper().readTree(dashboard.getData().get("manybot.json"));
        assertEquals("manybot-operator", json.path("uid").asText());
        assertTrue(json.path("panels").size() >= 8, json.toString());
        List<String> titles = new ArrayList<>();
        json.path("panels").forEach(p -> titles.add(p.path("title").asText()));
        assertTrue(titles.containsAll(List.of("Goals at risk", "Open circuit breakers", "Key-result progress", "Cycles by outcome")), titles.toString());

        Service service = HelmChartTest.only(objects, Service.class);
        GenericKubernetesResource monitor = kind(objects, "ServiceMonitor");
        assertEquals("monitoring.coreos.com/v1", monitor.getApiVersion());
        assertEquals("kube-prometheus-stack", monitor.getMetadata().getLabels().get("release"));
        Map<String, Object> spec = monitor.get("spec");
        @SuppressWarnings("unchecked")
        Map<String, String> selector = (Map<String, String>) ((Map<String, Object>) spec.get("selector")).get("matchLabels");
        assertFalse(selector.isEmpty());
        selector.forEach((k, v) -> assertEquals(v, service.getMetadata().getLabels().get(k), "the ServiceMonitor selects the Service by " + k));
        @SuppressWarnings("unchecked")
        Map<String, Object> endpoint = ((List<Map<String, Object>>) spec.get("endpoints")).get(0);
        assertEquals("/metrics", endpoint.get("path"));
        assertTrue(service.getSpec().getPorts().stream().anyMatch(p -> p.getName().equals(endpoint.get("port"))), "the Service has port " + endpoint.get("port"));
    }

    @Test
    void theRulesAlertOnGoalsAtRiskOpenBreakersAndFailingCycles() {
        GenericKubernetesResource rule = kind(render(), "PrometheusRule");
        List<String> alerts = new ArrayList<>();
        for (Map<String, Object> r : rules(rule)) {
            alerts.add((String) r.get("alert"));
            @SuppressWarnings("unchecked")
            Map<String, String> annotations = (Map<String, String>) r.get("annotations");
            assertTrue(annotations.get("summary").contains("{{ $labels."), "Prometheus templates survive Helm: " + annotations);
        }
        assertEquals(List.of("ManybotGoalAtRisk", "ManybotCircuitOpen", "ManybotCyclesFailing"), alerts);
    }

    @Test
    void theQueriesNameOnlyMetricsTheOperatorExports() throws IOException {
        Set<String> exported = exportedMetrics();
        Set<String> named = new TreeSet<>();
        List<HasMetadata> objects = render();
        JsonNode dashboard = new ObjectMapper().readTree(HelmChartTest.named(objects, ConfigMap.class, "manybot-grafana-dashboard")
                .getData().get("manybot.json"));
        List<String> expressions = new ArrayList<>();
        dashboard.findValues("expr").forEach(e -> expressions.add(e.asText()));
        dashboard.findValues("definition").forEach(e -> expressions.add(e.asText()));
        rules(kind(objects, "PrometheusRule")).forEach(r -> expressions.add(String.valueOf(r.get("expr"))));
        assertTrue(expressions.size() >= 15, expressions.toString());
        for (String expression : expressions) {
            Matcher m = METRIC.matcher(expression);
            boolean any = false;
            while (m.find()) {
                named.add(m.group());
                any = true;
            }
            assertTrue(any, "every query reads a manybot metric: " + expression);
        }
        Set<String> unknown = new TreeSet<>(named);
        unknown.removeAll(exported);
        assertTrue(unknown.isEmpty(), "metrics the operator does not export: " + unknown + "; it exports " + exported);
    }

    /** Every series name in a scrape of the operator's registry after each kind of metric was recorded once. */
    static Set<String> exportedMetrics() {
        Instant now = Instant.parse("2026-12-01T12:00:00Z");
        OperatorMetrics metrics = new OperatorMetrics(() -> 1, Clock.fixed(now, java.time.ZoneOffset.UTC));
        metrics.reconcileTimer("manybot").record(Duration.ofMillis(5));
        metrics.cycleStarted("shop", "format-bot");
        metrics.cycleOutcome("c1", "shop", "format-bot", "FAILED", now.toString(), now.plusSeconds(3).toString());
        io.manybot.cluster.resource.WorkCycleStatus landed = new io.manybot.cluster.resource.WorkCycleStatus();
        landed.outcome = "LANDED";
        landed.finishedAt = now.plusSeconds(9).toString();
        landed.landedHow = "rebased";
        landed.tokens = new io.manybot.cluster.resource.WorkCycleStatus.Tokens();
        landed.tokens.input = 10L;
        landed.tokens.output = 2L;
        metrics.cycleOutcome("c2", "shop", "format-bot", landed);
        landed.landedHow = "conflict";
        metrics.cycleOutcome("c3", "shop", "format-bot", landed);
        metrics.keyResultProgress("shop", "no-format-faults", "files-failing-format", 43.0);
        metrics.goalAtRisk("shop", "no-format-faults", true);
        metrics.circuitOpen("shop", "format-bot", true);
        metrics.webhook("accepted");
        Set<String> names = new TreeSet<>();
        for (String line : metrics.scrape().lines().toList()) {
            if (!line.startsWith("#") && !line.isBlank()) {
                names.add(line.split("[{ ]", 2)[0]);
            }
        }
        assertTrue(names.containsAll(List.of("manybot_goal_at_risk", "manybot_circuit_open", "manybot_cycles_total")), names.toString());
        return names;
    }

    private List<HasMetadata> render() {
        try {
            Path values = temp.resolve("monitoring.yaml");
            Files.writeString(values, ALL_ON);
            return HelmChartTest.render(values);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> rules(GenericKubernetesResource rule) {
        Map<String, Object> spec = rule.get("spec");
        return (List<Map<String, Object>>) ((List<Map<String, Object>>) spec.get("groups")).get(0).get("rules");
    }

    private static GenericKubernetesResource kind(List<HasMetadata> objects, String kind) {
        List<HasMetadata> found = objects.stream().filter(o -> o.getKind().equals(kind)).toList();
        assertEquals(1, found.size(), "one " + kind);
        return (GenericKubernetesResource) found.get(0);
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path source : files.toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
        }
    }
}
