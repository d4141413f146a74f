package io.manybot.cluster.operator;

import io.manybot.cluster.resource.WorkCycleStatus;
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
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The operator's metrics in a Micrometer Prometheus registry, served at {@code /metrics} by the
 * cluster API, named as the local home names them:
 * <ul>
 *   <li>{@code manybot_reconcile_duration_seconds{controller}};</li>
 *   <li>{@code manybot_cycles_total{namespace,bot,outcome}} and {@code manybot_cycle_duration_seconds{namespace,bot}}
 *       (each WorkCycle that finishes while this process runs, once);</li>
 *   <li>{@code manybot_tokens_total{namespace,bot,kind}} (kind input or output: the tokens of those cycles, from their
 *       WorkCycle status);</li>
 *   <li>{@code manybot_landings_total{namespace,bot,how}} (how: direct, or rebased onto a target that moved since the
 *       cycle's base) and {@code manybot_landing_conflicts_total{namespace,bot}} (rebases that conflicted: the cycle
 *       was superseded and re-planned), from those cycles' WorkCycle status;</li>
 *   <li>{@code manybot_activations_total{namespace,bot}} and {@code manybot_activations_per_minute}
 *       (cycles started);</li>
 *   <li>{@code manybot_queue_depth} (trigger requests from webhooks and the API waiting for a cycle);</li>
 *   <li>{@code manybot_webhook_deliveries_total{result}};</li>
 *   <li>{@code manybot_key_result_progress{namespace,goal,key_result}} (0-100 %, from the Goals' status);</li>
 *   <li>{@code manybot_goal_at_risk{namespace,goal}} (1 when a key result is off track or overdue, else 0);</li>
 *   <li>{@code manybot_circuit_open{namespace,bot}} (1 while the bot's circuit breaker is open, else 0).</li>
 * </ul>
 */
public final class OperatorMetrics {
    /** Outcomes already counted, by WorkCycle uid (or namespace/name); bounded by the WorkCycle history. */
    private static final int REMEMBERED = 10_000;
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Set<String> counted = ConcurrentHashMap.newKeySet();
    private final Map<String, Double> progress = new ConcurrentHashMap<>();
    private final Map<String, Double> flags = new ConcurrentHashMap<>();
    private final LastMinute activations;
    /** Cycles that finished before this process started are history, not news: they are not counted again. */
    private final Instant startedAt;

    public OperatorMetrics() {
        this(() -> 0, Clock.systemUTC());
    }

    /** @param queueDepth how many trigger requests wait, read at each scrape */
    public OperatorMetrics(Supplier<Number> queueDepth, Clock clock) {
        this.activations = new LastMinute(clock);
        this.startedAt = clock.instant();
        Gauge.builder("manybot_activations_per_minute", activations::count)
                .description("Cycles started in the last 60 seconds").register(registry);
        Gauge.builder("manybot_queue_depth", () -> queueDepth.get().doubleValue())
                .description("Trigger requests (webhooks, the API, chat commands) waiting for a cycle").register(registry);
    }

    public Timer reconcileTimer(String controller) {
        return Timer.builder("manybot_reconcile_duration").description("How long one reconcile takes").tags("controller", controller)
                .register(registry);
    }

    /**
     * Counts the outcome (and, when both are known, the duration from {@code startedAt} to
     * {@code finishedAt}, ISO-8601) of WorkCycle {@code id} of {@code namespace/bot} unless it was
     * counted before, or it finished before this process started (a restarted operator does not count
     * the WorkCycle history again: a counter starts at zero); true when counted now.
     */
    public boolean cycleOutcome(String id, String namespace, String bot, String outcome, String startedAt, String finishedAt) {
        if (!firstTime(id, finishedAt)) {
            return false;
        }
        count(namespace, bot, outcome, startedAt, finishedAt);
        return true;
    }

    /**
     * As {@link #cycleOutcome(String, String, String, String, String, String)} for a WorkCycle's {@code status}, adding
     * its tokens to {@code manybot_tokens_total{namespace,bot,kind}} and its landing to {@code manybot_landings_total} or
     * {@code manybot_landing_conflicts_total} when it is counted.
     */
    public boolean cycleOutcome(String id, String namespace, String bot, WorkCycleStatus status) {
        if (!firstTime(id, status.finishedAt)) {
            return false;
        }
        // The cycle's counter comes last: a scrape that sees the cycle counted sees its tokens and landing too.
        WorkCycleStatus.Tokens tokens = status.tokens;
        tokens(namespace, bot, "input", tokens == null ? null : tokens.input);
        tokens(namespace, bot, "output", tokens == null ? null : tokens.output);
        if ("conflict".equals(status.landedHow)) {
            Counter.builder("manybot_landing_conflicts").description("Rebases onto a moved target that conflicted (the cycle re-plans)")
                    .tags("namespace", namespace, "bot", bot).register(registry).increment();
        } else if (status.landedHow != null) {
            Counter.builder("manybot_landings").description("Commits landed on the target, by how: direct, or rebased onto a moved target")
                    .tags("namespace", namespace, "bot", bot, "how", status.landedHow).register(registry).increment();
        }
        count(namespace, bot, status.outcome, status.startedAt, status.finishedAt);
        return true;
    }

    /** Whether the cycle {@code id} is to be counted now: not counted before, and not finished before this process started. */
    private boolean firstTime(String id, String finishedAt) {
        if (counted.size() > REMEMBERED) {
            counted.clear();
        }
        return !finishedBefore(finishedAt, this.startedAt) && counted.add(id);
    }

    private void count(String namespace, String bot, String outcome, String startedAt, String finishedAt) {
        Counter.builder("manybot_cycles").description("Cycles done, by outcome")
                .tags("namespace", namespace, "bot", bot, "outcome", outcome.toLowerCase(Locale.ROOT)).register(registry).increment();
        Duration took = between(startedAt, finishedAt);
        if (took != null) {
            Timer.builder("manybot_cycle_duration").description("How long cycles take").tags("namespace", namespace, "bot", bot)
                    .publishPercentileHistogram().register(registry).record(took);
        }
    }

    private void tokens(String namespace, String bot, String kind, Long count) {
        Counter counter = Counter.builder("manybot_tokens").description("Tokens the bots' model providers reported, by kind (input, output)")
                .tags("namespace", namespace, "bot", bot, "kind", kind).register(registry);
        if (count != null && count > 0) {
            counter.increment(count);
        }
    }

    private static boolean finishedBefore(String finishedAt, Instant instant) {
        try {
            return finishedAt != null && Instant.parse(finishedAt).isBefore(instant);
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private static Duration between(String startedAt, String finishedAt) {
        if (startedAt == null || finishedAt == null) {
            return null;
        }
        try {
            Duration took = Duration.between(Instant.parse(startedAt), Instant.parse(finishedAt));
            return took.isNegative() ? null : took;
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** A cycle of {@code namespace/bot} started now. */
    public void cycleStarted(String namespace, String bot) {
        Counter.builder("manybot_activations").description("Cycles started, by bot").tags("namespace", namespace, "bot", bot)
                .register(registry).increment();
        activations.record(null);
    }

    /** The progress (0-100 %, null: unknown) of key result {@code keyResult} of Goal {@code namespace/goal}. */
    public void keyResultProgress(String namespace, String goal, String keyResult, Double percent) {
        String key = namespace + "\u0000" + goal + "\u0000" + keyResult;
        if (progress.put(key, percent == null ? Double.NaN : percent) == null) {
            Gauge.builder("manybot_key_result_progress", () -> progress.getOrDefault(key, Double.NaN))
                    .description("Progress of a key result toward its target, 0-100 %")
                    .tags(Tags.of("namespace", namespace, "goal", goal, "key_result", keyResult)).register(registry);
        }
    }

    /** Whether Goal {@code namespace/goal} is at risk, as its status says. */
    public void goalAtRisk(String namespace, String goal, boolean atRisk) {
        flag("manybot_goal_at_risk", "1 when a key result of the goal is off track or overdue", atRisk,
                Tags.of("namespace", namespace, "goal", goal));
    }

    /** Whether the circuit breaker of Manybot {@code namespace/bot} is open (failed cycles in a row). */
    public void circuitOpen(String namespace, String bot, boolean open) {
        flag("manybot_circuit_open", "1 while the bot's circuit breaker is open after cycles failed in a row", open,
                Tags.of("namespace", namespace, "bot", bot));
    }

    private void flag(String name, String description, boolean value, Tags tags) {
        String key = name + tags;
        if (flags.put(key, value ? 1.0 : 0.0) == null) {
            Gauge.builder(name, () -> flags.getOrDefault(key, Double.NaN)).description(description).tags(tags).register(registry);
        }
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
