package io.manybot.cluster.directives;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.manybot.cluster.operator.KubeEvents;
import io.manybot.cluster.resource.ManybotStatus;
import io.manybot.core.directives.AppliedDirectives;
import io.manybot.core.directives.BotDirectives;
import io.manybot.core.directives.Directives;
import io.manybot.core.directives.LiveDirectives;
import io.manybot.core.problem.Problem;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The live directives of the cluster home: one ConfigMap (key {@code MARATHON.md}) fed to one
 * {@link LiveDirectives} under the "last good" rule. A broken edit keeps the directives in effect and
 * is told by a Warning Event on the ConfigMap (with its file:line problems); a good one by a Normal
 * Event. A missing ConfigMap or key also keeps what is in effect.
 *
 * <p>Thread-safe: reconciles of different bots offer the same ConfigMap concurrently; the content
 * offered last is deduplicated by its hash, so each edit is reported once.
 */
public final class DirectivesConfigMap {
    public static final String KEY = "MARATHON.md";

    private final String namespace;
    private final String name;
    private final String file;
    private final KubeEvents events;
    private final Clock clock;
    private final LiveDirectives live = new LiveDirectives();
    private volatile String missing;

    public DirectivesConfigMap(String namespace, String name, KubeEvents events, Clock clock) {
        this.namespace = Objects.requireNonNull(namespace, "namespace");
        this.name = Objects.requireNonNull(name, "name");
        this.file = "ConfigMap " + namespace + "/" + name + " " + KEY;
        this.events = events;
        this.clock = clock;
    }

    public ResourceID id() {
        return new ResourceID(name, namespace);
    }

    public String namespace() {
        return namespace;
    }

    public String name() {
        return name;
    }

    /** How the directives are named in problems and messages: {@code ConfigMap ns/name MARATHON.md}. */
    public String file() {
        return file;
    }

    public LiveDirectives live() {
        return live;
    }

    /**
     * Offers the ConfigMap as now seen (null when it does not exist). Emits an Event when the content
     * was applied or rejected, or when the ConfigMap or its key went missing.
     */
    public synchronized void offer(ConfigMap configMap) {
        byte[] content = configMap == null ? null : content(configMap);
        if (content == null) {
            String why = configMap == null ? "ConfigMap " + namespace + "/" + name + " does not exist"
                    : file + ": the ConfigMap has no key " + KEY;
            if (!why.equals(missing)) {
                missing = why;
                if (configMap != null && events != null) {
                    events.warning(configMap, "DirectivesMissing", why + "; " + keptDescription());
                }
            }
            return;
        }
        missing = null;
        LiveDirectives.Update update = live.offer(file, content, clock.instant());
        if (events == null) {
            return;
        }
        switch (update.outcome()) {
            case APPLIED -> events.normal(configMap, "DirectivesApplied", update.describe() + paused(update));
            case REJECTED -> events.warning(configMap, "DirectivesRejected", update.describe() + "\n"
                    + String.join("\n", update.problems().stream().filter(Problem::isError).map(Problem::toString).toList()));
            case UNCHANGED -> { }
        }
    }

    private static String paused(LiveDirectives.Update update) {
        Directives applied = update.current().orElseThrow().directives();
        if (applied.paused()) {
            return "; every bot is paused";
        }
        List<String> paused = applied.bots().values().stream().filter(BotDirectives::paused).map(BotDirectives::name).toList();
        return paused.isEmpty() ? "" : "; paused: " + String.join(", ", paused);
    }

    private String keptDescription() {
        return live.current().isEmpty() ? "no directives in effect" : "kept version " + version();
    }

    private static byte[] content(ConfigMap configMap) {
        Map<String, String> data = configMap.getData();
        if (data != null && data.get(KEY) != null) {
            return data.get(KEY).getBytes(StandardCharsets.UTF_8);
        }
        Map<String, String> binary = configMap.getBinaryData();
        if (binary != null && binary.get(KEY) != null) {
            return Base64.getDecoder().decode(binary.get(KEY));
        }
        return null;
    }

    /** The directives in effect, if a good version was ever offered. */
    public Optional<Directives> current() {
        return live.current().map(AppliedDirectives::directives);
    }

    /** The effective directives of bot {@code bot}: active with no focus when none are in effect. */
    public BotDirectives forBot(String bot) {
        return live.forBot(bot);
    }

    /** The version in effect: the {@code _meta} version, else the first 12 characters of the content hash; null when none. */
    public String version() {
        return current().map(DirectivesConfigMap::version).orElse(null);
    }

    public static String version(Directives directives) {
        return directives.version() != null ? directives.version() : directives.contentHash().substring(0, 12);
    }

    /** What a cycle of {@code bot} takes from the directives now. */
    public CycleDirectives forCycle(String bot) {
        Optional<Directives> inForce = current();
        String focus = inForce.map(d -> d.planningNotes(bot)).filter(notes -> !notes.isBlank()).orElse(null);
        return new CycleDirectives(focus, inForce.map(DirectivesConfigMap::version).orElse(null), live.forBot(bot).limits(),
                inForce.map(Directives::priorities).orElse(List.of()), inForce.map(Directives::blockers).orElse(List.of()));
    }

    /** For {@code status.directives}: the version and hash in effect, when applied, and the last rejected edit's errors. */
    public ManybotStatus.DirectivesState status() {
        ManybotStatus.DirectivesState state = new ManybotStatus.DirectivesState();
        live.current().ifPresent(applied -> {
            state.version = applied.directives().version();
            state.hash = applied.directives().contentHash().substring(0, 12);
            state.appliedAt = applied.appliedAt().toString();
        });
        List<Problem> errors = live.lastErrors();
        String error = errors.isEmpty() ? null : String.join("\n", errors.stream().map(Problem::toString).toList());
        String gone = missing;
        state.error = gone != null ? (error == null ? gone : gone + "\n" + error) : error;
        return state;
    }

    /** A ConfigMap holding {@code content} under {@value #KEY}, for tests and the chart's documentation. */
    public static ConfigMap configMap(String namespace, String name, String content) {
        return new ConfigMapBuilder().withNewMetadata().withNamespace(namespace).withName(name).endMetadata()
                .addToData(KEY, content).build();
    }
}
