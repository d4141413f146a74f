package io.manybot.cluster.operator;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The operator's metrics in a Micrometer Prometheus registry, served at {@code /metrics} by the
 * cluster API: {@code manybot_reconcile_duration_seconds{controller}}, {@code manybot_cycles_total{bot,outcome}}
 * (each WorkCycle once, when the reconciler first sees its outcome) and
 * {@code manybot_webhook_deliveries_total{result}}.
 */
public final class OperatorMetrics {
    /** Outcomes already counted, by WorkCycle uid (or namespace/name); bounded by the WorkCycle history. */
    private static final int REMEMBERED = 10_000;
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Set<String> counted = ConcurrentHashMap.newKeySet();

    public Timer reconcileTimer(String controller) {
        return Timer.builder("manybot_reconcile_duration").description("How long one reconcile takes").tags("controller", controller)
                .register(registry);
    }

    /** Counts the outcome of WorkCycle {@code id} of {@code bot} unless it was counted before; true when counted now. */
    public boolean cycleOutcome(String id, String bot, String outcome) {
        if (counted.size() > REMEMBERED) {
            counted.clear();
        }
        if (!counted.add(id)) {
            return false;
        }
        Counter.builder("manybot_cycles").description("Cycles done, by outcome").tags("bot", bot, "outcome", outcome.toLowerCase(Locale.ROOT))
                .register(registry).increment();
        return true;
    }

    /** A webhook delivery answered. */
    public void webhook(String result) {
        Counter.builder("manybot_webhook_deliveries").description("Webhook deliveries, by result").tags("result", result)
                .register(registry).increment();
    }

    /** The Prometheus text exposition. */
    public String scrape() {
        return registry.scrape();
    }
}
