package io.manybot.cluster.review;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.manybot.core.review.Proposal;
import io.manybot.core.review.ProposalRecords;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The cluster home's proposals and their pull requests: ConfigMap {@value #NAME} in the bots' namespace, one key per
 * proposal branch ({@code /} written as {@code .}), its value the proposal as JSON. Written as the webhook journal is: a
 * read and an update carrying its resourceVersion, again on a 409; finished proposals beyond the newest
 * {@value #KEEP_FINISHED} are dropped, which keeps it far below the 1 MiB limit. WorkCycles are pruned; this outlives
 * them, so that a later cycle updates the pull request an earlier one opened.
 */
public final class ConfigMapProposals implements ProposalRecords {
    public static final String NAME = "manybot-proposals";
    static final int KEEP_FINISHED = 100;
    private static final int ATTEMPTS = 8;
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final KubernetesClient client;
    private final String namespace;

    public ConfigMapProposals(KubernetesClient client, String namespace) {
        this.client = client;
        this.namespace = namespace;
    }

    /**
     * Creates the (empty) ConfigMap in {@code namespace} when it is missing: the operator does, before it starts a runner
     * Job, because a runner pod may read and update it but creates nothing. Best effort: when it cannot (RBAC), the
     * runner's cycle still lands and says why its proposal stays a branch ({@link ClusterProposals#afterPush}).
     */
    public static void ensure(KubernetesClient client, String namespace) {
        try {
            if (client.configMaps().inNamespace(namespace).withName(NAME).get() == null) {
                client.configMaps().inNamespace(namespace).resource(new ConfigMapBuilder().withNewMetadata().withName(NAME)
                        .withNamespace(namespace).addToLabels("app.kubernetes.io/managed-by", "manybot").endMetadata().build()).create();
            }
        } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
            // 409: made meanwhile; anything else: shown by the runner's cycle when it needs the map
        }
    }

    static String key(String branch) {
        return branch.replace('/', '.');
    }

    private List<Proposal> read() {
        ConfigMap map = client.configMaps().inNamespace(namespace).withName(NAME).get();
        List<Proposal> out = new ArrayList<>();
        if (map != null && map.getData() != null) {
            for (String value : map.getData().values()) {
                try {
                    out.add(JSON.readValue(value, Proposal.class));
                } catch (JsonProcessingException unreadable) {
                    // a value this version cannot read (written by hand or a newer one): left alone
                }
            }
        }
        out.sort(Comparator.comparing(Proposal::createdAt).thenComparing(Proposal::branch).reversed());
        return out;
    }

    @Override
    public Optional<Proposal> find(String bot, String branch) {
        return read().stream().filter(p -> p.bot().equals(bot) && p.branch().equals(branch)).findFirst();
    }

    @Override
    public List<Proposal> ofBot(String bot) {
        return read().stream().filter(p -> p.bot().equals(bot)).toList();
    }

    @Override
    public List<Proposal> all() {
        return read();
    }

    @Override
    public void save(Proposal proposal) {
        String value;
        try {
            value = JSON.writeValueAsString(proposal);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write the proposal of " + proposal.branch() + " as JSON", e);
        }
        KubernetesClientException last = null;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            ConfigMap current = client.configMaps().inNamespace(namespace).withName(NAME).get();
            Map<String, String> data = new LinkedHashMap<>(current == null || current.getData() == null ? Map.of() : current.getData());
            data.put(key(proposal.branch()), value);
            prune(data);
            try {
                if (current == null) {
                    client.configMaps().inNamespace(namespace).resource(new ConfigMapBuilder().withNewMetadata().withName(NAME)
                            .withNamespace(namespace).addToLabels("app.kubernetes.io/managed-by", "manybot").endMetadata()
                            .withData(data).build()).create();
                } else {
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

    private static void prune(Map<String, String> data) {
        List<Map.Entry<String, Proposal>> finished = new ArrayList<>();
        data.forEach((k, v) -> {
            try {
                Proposal p = JSON.readValue(v, Proposal.class);
                if (p.state().finished()) {
                    finished.add(Map.entry(k, p));
                }
            } catch (JsonProcessingException ignored) {
                // kept as it is
            }
        });
        if (finished.size() > KEEP_FINISHED) {
            finished.stream().sorted(Comparator.comparing(e -> e.getValue().updatedAt())).limit(finished.size() - KEEP_FINISHED)
                    .forEach(e -> data.remove(e.getKey()));
        }
    }
}
