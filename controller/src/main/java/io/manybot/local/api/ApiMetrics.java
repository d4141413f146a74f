package io.manybot.local.api;

import io.manybot.core.cycle.Landing;
import io.manybot.core.cycle.WorkCycle;
import io.manybot.core.goal.GoalEvaluation;
import io.manybot.core.goal.KeyResultEvaluation;
import io.manybot.metrics.LastMinute;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The home's metrics in a Micrometer Prometheus registry, served as text at {@code /metrics}:
 * {@code manybot_cycles_total{bot,outcome}}, {@code manybot_cycle_duration_seconds{bot}},
 * {@code manybot_queue_depth}, {@code manybot_cycles_running}, {@code manybot_activations_total{bot}},
 * {@code manybot_activations_per_minute},
 * {@code manybot_webhook_deliveries_total{result}}, {@code manybot_tokens_total{bot,kind}} (kind input or output),
 * {@code manybot_key_result_progress{goal,key_result}}, {@code manybot_landings_total{bot,how}} (how: direct, or rebased
 * onto a target that moved since the cycle's base; a cycle that found its commit already landed is not counted again) and
 * {@code manybot_landing_conflicts_total{bot}} (rebases that conflicted: the cycle was superseded and re-planned).
 */
final class ApiMetrics {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Map<String, Double> progress = new ConcurrentHashMap<>();

    /** When cycles started in the last minute (for the activations-per-minute gauge). */
    private final LastMinute activations;

    ApiMetrics(Supplier<Number> queueDepth, Supplier<Number> running) {
        this(queueDepth, running, Clock.systemUTC());
    }

    ApiMetrics(Supplier<Number> queueDepth, Supplier<Number> running, Clock clock) {
        this.activations = new LastMinute(clock);
        Gauge.builder("manybot_activations_per_minute", activations::count)
                .description("Cycles started in the last 60 seconds").register(registry);
        Gauge.builder("manybot_queue_depth", () -> queueDepth.get().doubleValue())
                .description("Control requests (triggers, pauses, resumes) not yet taken by the controller").register(registry);
        Gauge.builder("manybot_cycles_running", () -> running.get().doubleValue())
                .description("Cycles started and not yet done").register(registry);
    }

    /** A cycle recorded as done. */
    void cycleDone(WorkCycle cycle) {
        String outcome = cycle.outcome() == null ? "unknown" : cycle.outcome().name().toLowerCase(Locale.ROOT);
        Counter.builder("manybot_cycles").description("Cycles done, by outcome").tags("bot", cycle.bot(), "outcome", outcome)
                .register(registry).increment();
        if (cycle.startedAt() != null && cycle.finishedAt() != null) {
            Timer.builder("manybot_cycle_duration").description("How long cycles take").tags("bot", cycle.bot())
                    .publishPercentileHistogram().register(registry).record(Duration.between(cycle.startedAt(), cycle.finishedAt()));
        }
        landing(cycle);
        if (cycle.tokens() != null) {
            tokens(cycle.bot(), "input", cycle.tokens().input());
            tokens(cycle.bot(), "output", cycle.tokens().output());
        }
        GoalEvaluation evaluation = cycle.after() != null ? cycle.after() : cycle.before();
        if (evaluation != null) {
            for (KeyResultEvaluation kr : evaluation.keyResults()) {
                if (kr.progress() == null) {
                    continue;
                }
                String key = evaluation.goal() + "\u0000" + kr.name();
                if (progress.put(key, kr.progress()) == null) {
                    Gauge.builder("manybot_key_result_progress", () -> progress.getOrDefault(key, Double.NaN))
                            .description("Progress of a key result toward its target, 0-100 %")
                            .tags(Tags.of("goal", evaluation.goal(), "key_result", kr.name())).register(registry);
                }
            }
        }
    }

    private void landing(WorkCycle cycle) {
        Landing landing = cycle.landing();
        String how = landing == null ? null : landing.how();
        if (how == null || (landing.alreadyLanded() && !"conflict".equals(how))) {
            return;
        }
        if (how.equals("conflict")) {
            Counter.builder("manybot_landing_conflicts").description("Rebases onto a moved target that conflicted (the cycle re-plans)")
                    .tags("bot", cycle.bot()).register(registry).increment();
        } else {
            Counter.builder("manybot_landings").description("Commits landed on the target, by how: direct, or rebased onto a moved target")
                    .tags("bot", cycle.bot(), "how", how).register(registry).increment();
        }
    }

    private void tokens(String bot, String kind, long count) {
        Counter counter = Counter.builder("manybot_tokens").description("Tokens the bots' model providers reported, by kind (input, output)")
                .tags("bot", bot, "kind", kind).register(registry);
        if (count > 0) {
            counter.increment(count);
        }
    }

    /** A cycle started (its SENSE phase was recorded at {@code at}). */
    void activation(String bot, Instant at) {
        Counter.builder("manybot_activations").description("Cycles started, by bot").tags("bot", bot).register(registry).increment();
        activations.record(at);
    }

    /** A webhook delivery answered. */
    void webhook(String result) {
        Counter.builder("manybot_webhook_deliveries").description("Webhook deliveries, by result").tags("result", result)
                .register(registry).increment();
    }

    /** The Prometheus text exposition. */
    String scrape() {
        return registry.scrape();
    }
}
