package io.manybot.cluster.team;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.manybot.core.team.BoardSnapshot;
import io.manybot.core.team.Handoff;
import io.manybot.core.team.TaskQueue;
import io.manybot.core.team.TeamBoard;
import io.manybot.core.team.TeamJournal;
import io.manybot.core.team.TeamTask;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The cluster home's team board (issue 16): ConfigMap {@value #NAME} in the bots' namespace, key {@value #KEY}, the
 * {@link BoardSnapshot} as JSON (queues, tasks in flight, unread handoffs, scratchpads, directives priorities fed). A cycle
 * changes a copy and {@linkplain #apply replays} its changes on the board as stored: a read and an update carrying its
 * resourceVersion, read and replayed again on a 409, so that two bots' cycles finishing at once both count. Bounded far below
 * the 1 MiB limit: at most {@value #INBOX} unread handoffs per bot (the oldest go) and {@value #FED} fed keys.
 */
public final class ConfigMapTeamBoard {
    public static final String NAME = "manybot-team";
    public static final String KEY = "board.json";
    static final int INBOX = 50;
    static final int FED = 500;
    private static final int ATTEMPTS = 8;
    static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final KubernetesClient client;
    private final String namespace;

    public ConfigMapTeamBoard(KubernetesClient client, String namespace) {
        this.client = client;
        this.namespace = namespace;
    }

    /** The board as stored (empty when there is none, or it cannot be read). */
    public BoardSnapshot load() {
        return snapshotOf(client.configMaps().inNamespace(namespace).withName(NAME).get());
    }

    /** Creates the (empty) board unless it exists: a runner pod may update it but not create it. */
    public void ensureExists() {
        if (client.configMaps().inNamespace(namespace).withName(NAME).get() != null) {
            return;
        }
        try {
            client.configMaps().inNamespace(namespace).resource(new ConfigMapBuilder().withNewMetadata().withName(NAME).withNamespace(namespace)
                    .addToLabels("app.kubernetes.io/managed-by", "manybot").endMetadata().build()).create();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                throw e;
            }
        }
    }

    /** Makes {@code changes} on the board as stored now, in order. */
    public void apply(List<Consumer<TeamBoard>> changes) {
        if (changes.isEmpty()) {
            return;
        }
        KubernetesClientException last = null;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            ConfigMap current = client.configMaps().inNamespace(namespace).withName(NAME).get();
            TeamBoard board = TeamBoard.restored(snapshotOf(current), TaskQueue.DEFAULT_AGING_STEP, TeamJournal.NONE);
            changes.forEach(change -> change.accept(board));
            String json;
            try {
                json = JSON.writeValueAsString(bounded(board.snapshot(Instant.now())));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("cannot write the team board as JSON: " + e.getOriginalMessage(), e);
            }
            try {
                if (current == null) {
                    client.configMaps().inNamespace(namespace).resource(new ConfigMapBuilder().withNewMetadata().withName(NAME)
                            .withNamespace(namespace).addToLabels("app.kubernetes.io/managed-by", "manybot").endMetadata()
                            .withData(Map.of(KEY, json)).build()).create();
                } else {
                    Map<String, String> data = new LinkedHashMap<>(current.getData() == null ? Map.of() : current.getData());
                    data.put(KEY, json);
                    current.setData(data);
                    client.configMaps().inNamespace(namespace).resource(current).update();
                }
                return;
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409) {
                    throw e;
                }
                last = e;
            }
        }
        throw last;
    }

    static BoardSnapshot snapshotOf(ConfigMap map) {
        if (map == null || map.getData() == null || map.getData().get(KEY) == null) {
            return BoardSnapshot.EMPTY;
        }
        try {
            return JSON.readValue(map.getData().get(KEY), BoardSnapshot.class);
        } catch (JsonProcessingException unreadable) {
            return BoardSnapshot.EMPTY; // written by hand or by a newer version: started afresh on the next write
        }
    }

    private static BoardSnapshot bounded(BoardSnapshot s) {
        Map<String, List<Handoff>> inboxes = new LinkedHashMap<>();
        s.inboxes().forEach((bot, list) -> inboxes.put(bot, list.size() <= INBOX ? list : list.subList(list.size() - INBOX, list.size())));
        List<String> fed = new ArrayList<>(s.fed());
        Map<String, List<TeamTask>> queues = s.queues();
        return new BoardSnapshot(queues, s.inFlight(), inboxes, s.scratchpads(),
                new java.util.LinkedHashSet<>(fed.size() <= FED ? fed : fed.subList(fed.size() - FED, fed.size())));
    }
}
